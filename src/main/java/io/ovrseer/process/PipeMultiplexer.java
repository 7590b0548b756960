package io.ovrseer.process;

import io.ovrseer.internal.SharedExecutors;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.Pipe;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;

/**
 * The one thread per JVM that waits for output on the stdout and stderr pipes of every running
 * process (epoll, through a {@link Selector}), so that a process costs no reader thread of its own.
 *
 * <p>When a pipe is readable this thread reads it once. Data disarms the key and goes to a drain
 * task on the shared elastic pool, which delivers it, reads on until the pipe would block, hands
 * the lines to the process's logger, and re-arms the key. So a consumer that blocks (a log listener
 * slower than a flooding child) holds only its own pipe, and only its own child waits on a full
 * pipe, as it would with a dedicated reader thread; every other process's output keeps flowing. End
 * of stream with no unfinished line to deliver is handled here: no listener runs, and a process
 * exiting costs no hand-off to the pool.
 */
final class PipeMultiplexer {
  private static final int BUFFER_BYTES = 64 * 1024;
  private static final ThreadLocal<ByteBuffer> BUFFERS =
      ThreadLocal.withInitial(() -> ByteBuffer.allocate(BUFFER_BYTES));

  private final Selector selector;
  private final Executor drainers;
  private final Queue<Drain> toRegister = new ConcurrentLinkedQueue<>();
  private final ByteBuffer firstReads = ByteBuffer.allocate(BUFFER_BYTES);

  private PipeMultiplexer(Selector selector, Executor drainers) {
    this.selector = selector;
    this.drainers = drainers;
  }

  /**
   * The JVM's multiplexer, started on first use.
   *
   * @throws IOException if no selector can be opened (then each process gets reader threads)
   */
  static PipeMultiplexer get() throws IOException {
    PipeMultiplexer multiplexer = Holder.INSTANCE;
    if (multiplexer == null) {
      throw new IOException("cannot open a selector for process output", Holder.failure);
    }
    return multiplexer;
  }

  private static final class Holder {
    private static IOException failure;
    static final PipeMultiplexer INSTANCE = start();

    private static PipeMultiplexer start() {
      Selector selector;
      try {
        selector = Selector.open();
      } catch (IOException e) {
        failure = e;
        return null;
      }
      PipeMultiplexer multiplexer = new PipeMultiplexer(selector, SharedExecutors.blocking());
      Thread thread = new Thread(multiplexer::loop, "ovrseer-output");
      thread.setDaemon(true);
      thread.start();
      return multiplexer;
    }
  }

  /**
   * Reads {@code source} until end of stream, feeding {@code lines}; the future completes after the
   * last line was delivered and the pipe closed.
   */
  CompletableFuture<Void> read(Pipe.SourceChannel source, LineReader lines) throws IOException {
    Reading reading = watch(source, lines);
    reading.deliver();
    return reading.done();
  }

  /**
   * Starts watching {@code source}, whose lines go to {@code lines} only once {@link
   * Reading#deliver()} is called. So a pipe can be registered before the child that writes into it
   * is spawned, and what listens to its lines set up after: registering wakes this thread, which
   * then competes for the CPU with the starting child if it comes after the spawn (a two-process
   * test class took 0.3 ms longer, here on two cores).
   */
  Reading watch(Pipe.SourceChannel source, LineReader lines) throws IOException {
    source.configureBlocking(false);
    Drain drain = new Drain(source, lines);
    toRegister.add(drain);
    selector.wakeup();
    return drain;
  }

  /** A pipe being watched, from {@link #watch}. */
  interface Reading {
    /** Lets what was read so far, and all that follows, be delivered. */
    void deliver();

    /** Stops watching a pipe no child was spawned with: closes it, delivering nothing. */
    void abandon();

    /** Completes after the last line was delivered and the pipe closed. */
    CompletableFuture<Void> done();
  }

  private void loop() {
    while (true) {
      try {
        selector.select();
        registerPending();
        for (SelectionKey key : selector.selectedKeys()) {
          readOnce(key);
        }
        selector.selectedKeys().clear();
      } catch (IOException | RuntimeException e) {
        // Losing this thread would silently stop every process's logging: report and go on.
        report(e);
      }
    }
  }

  /**
   * Reads a readable pipe once on this thread: data goes to a drain task; end of stream ends the
   * pipe here, unless an unfinished last line must be delivered, which is left to a drain task too.
   */
  private void readOnce(SelectionKey key) {
    Drain drain = (Drain) key.attachment();
    if (!key.isValid()) {
      return;
    }
    int read;
    try {
      firstReads.clear();
      read = drain.source.read(firstReads);
    } catch (IOException closed) {
      read = -1;
    }
    if (read == 0) {
      return;
    }
    if (read < 0 && !drain.lines.hasPartialLine()) {
      drain.end(false);
      return;
    }
    try {
      key.interestOps(0);
    } catch (CancelledKeyException closed) {
      return;
    }
    drain.first = read < 0 ? null : java.util.Arrays.copyOf(firstReads.array(), read);
    drain.atEnd = read < 0;
    drain.handOff();
  }

  private static void report(Throwable e) {
    Thread current = Thread.currentThread();
    current.getUncaughtExceptionHandler().uncaughtException(current, e);
  }

  private void registerPending() {
    Drain drain;
    while ((drain = toRegister.poll()) != null) {
      try {
        drain.key = drain.source.register(selector, SelectionKey.OP_READ, drain);
      } catch (ClosedChannelException closed) {
        drain.end(false);
      }
    }
  }

  /** One pipe being read: drained on a pool thread each time the selector sees data. */
  private final class Drain implements Runnable, Reading {
    final Pipe.SourceChannel source;
    final LineReader lines;
    final CompletableFuture<Void> done = new CompletableFuture<>();
    volatile SelectionKey key;
    // Set by the selector thread before it hands this task on (the executor, or completing
    // delivering, orders them before the task runs).
    byte[] first;
    boolean atEnd;
    private final CompletableFuture<Void> delivering = new CompletableFuture<>();

    Drain(Pipe.SourceChannel source, LineReader lines) {
      this.source = source;
      this.lines = lines;
    }

    /** On the selector thread, with data read: drain now, or once delivery is allowed. */
    void handOff() {
      if (delivering.isDone()) {
        drainers.execute(this);
      } else {
        delivering.thenRun(() -> drainers.execute(this));
      }
    }

    @Override
    public void deliver() {
      delivering.complete(null);
    }

    @Override
    public void abandon() {
      try {
        source.close();
      } catch (IOException ignored) {
        // Nothing was read from it.
      }
      // A registered channel's descriptor is released only when the selector next runs.
      selector.wakeup();
      done.complete(null);
    }

    @Override
    public CompletableFuture<Void> done() {
      return done;
    }

    @Override
    public void run() {
      if (first != null) {
        deliver(first, first.length);
        first = null;
      }
      if (atEnd) {
        end(true);
        return;
      }
      ByteBuffer buffer = BUFFERS.get();
      try {
        while (true) {
          buffer.clear();
          int read = source.read(buffer);
          if (read > 0) {
            deliver(buffer.array(), read);
          } else if (read == 0) {
            // Re-arming is the last thing this task does: the next drain may start at once.
            key.interestOps(SelectionKey.OP_READ);
            selector.wakeup();
            return;
          } else {
            break;
          }
        }
      } catch (IOException | CancelledKeyException closed) {
        // The pipe was closed under us: deliver what we have.
      }
      end(true);
    }

    private void deliver(byte[] bytes, int read) {
      try {
        lines.accept(bytes, read);
      } catch (RuntimeException e) {
        // The logger shields its listeners; anything else is a bug, but must not stop the pipe.
        report(e);
      }
    }

    /**
     * Delivers an unfinished last line, closes the pipe and completes {@link #done}. {@code
     * offSelector}: called on another thread than the selector's, which must then be woken, since a
     * registered channel's descriptor is released only when the selector next runs.
     */
    void end(boolean offSelector) {
      try {
        lines.finish();
      } finally {
        try {
          source.close();
        } catch (IOException ignored) {
          // Closing a pipe's read end cannot lose data we still want.
        }
        if (offSelector) {
          selector.wakeup();
        }
        done.complete(null);
      }
    }
  }
}
