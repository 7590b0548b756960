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
 * <p>When a pipe has data its key is disarmed and a drain task on the shared elastic pool reads it
 * until it would block, hands the lines to the process's logger, and re-arms the key. So a consumer
 * that blocks (a log listener slower than a flooding child) holds only its own pipe, and only its
 * own child waits on a full pipe, as it would with a dedicated reader thread; every other process's
 * output keeps flowing.
 */
final class PipeMultiplexer {
  private static final int BUFFER_BYTES = 64 * 1024;
  private static final ThreadLocal<ByteBuffer> BUFFERS =
      ThreadLocal.withInitial(() -> ByteBuffer.allocate(BUFFER_BYTES));

  private final Selector selector;
  private final Executor drainers;
  private final Queue<Drain> toRegister = new ConcurrentLinkedQueue<>();

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
    source.configureBlocking(false);
    Drain drain = new Drain(source, lines);
    toRegister.add(drain);
    selector.wakeup();
    return drain.done;
  }

  private void loop() {
    while (true) {
      try {
        selector.select();
        registerPending();
        for (SelectionKey key : selector.selectedKeys()) {
          try {
            key.interestOps(0);
          } catch (CancelledKeyException closed) {
            continue;
          }
          drainers.execute((Drain) key.attachment());
        }
        selector.selectedKeys().clear();
      } catch (IOException | RuntimeException e) {
        // Losing this thread would silently stop every process's logging: report and go on.
        report(e);
      }
    }
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
        drain.end();
      }
    }
  }

  /** One pipe being read: drained on a pool thread each time the selector sees data. */
  private final class Drain implements Runnable {
    final Pipe.SourceChannel source;
    final LineReader lines;
    final CompletableFuture<Void> done = new CompletableFuture<>();
    volatile SelectionKey key;

    Drain(Pipe.SourceChannel source, LineReader lines) {
      this.source = source;
      this.lines = lines;
    }

    @Override
    public void run() {
      ByteBuffer buffer = BUFFERS.get();
      try {
        while (true) {
          buffer.clear();
          int read = source.read(buffer);
          if (read > 0) {
            deliver(buffer, read);
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
      end();
    }

    private void deliver(ByteBuffer buffer, int read) {
      try {
        lines.accept(buffer.array(), read);
      } catch (RuntimeException e) {
        // The logger shields its listeners; anything else is a bug, but must not stop the pipe.
        report(e);
      }
    }

    void end() {
      try {
        lines.finish();
      } finally {
        try {
          source.close();
        } catch (IOException ignored) {
          // Closing a pipe's read end cannot lose data we still want.
        }
        // A registered channel's descriptor is released only when the selector next runs.
        selector.wakeup();
        done.complete(null);
      }
    }
  }
}
