package io.ovrseer.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The standard output of {@code --no-tui}: text is queued and written, in order, by a thread of its
 * own ({@code ovrseer-cli-output}), so that a reader who stops reading (a full pipe) blocks that
 * thread only, never a stop.
 *
 * <p>While running, {@link #write} waits when {@value #CAPACITY} texts are queued: a slow reader
 * slows the processes' log events down, as a pipe would, and nothing is lost. After {@link
 * #stopWaiting()}, a text that finds the queue full is dropped and counted instead. When a write
 * fails (the reader closed the pipe: EPIPE; or the disk is full), {@link #closed()} completes with
 * the failure and later text is discarded. Thread-safe.
 */
final class LineWriter {
  static final int CAPACITY = 8192;

  private final Writer out;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition queued = lock.newCondition();
  private final Condition progressed = lock.newCondition();
  private final ArrayDeque<String> queue = new ArrayDeque<>();
  private final CompletableFuture<IOException> closed = new CompletableFuture<>();
  private boolean waiting = true;
  private boolean finishing;
  private boolean writing;
  private boolean broken;
  private long dropped;

  /** A writer to {@code out} (UTF-8), with its thread started. */
  LineWriter(OutputStream out) {
    this.out = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
    Thread thread = new Thread(this::pump, "ovrseer-cli-output");
    thread.setDaemon(true);
    thread.start();
  }

  /**
   * Queues {@code text} (whole lines with their line separators) to be written; waits while the
   * queue is full, unless {@link #stopWaiting()} was called.
   */
  void write(String text) {
    lock.lock();
    try {
      while (waiting && !broken && queue.size() >= CAPACITY) {
        progressed.awaitUninterruptibly();
      }
      if (broken) {
        return;
      }
      if (queue.size() >= CAPACITY) {
        dropped++;
        return;
      }
      queue.add(text);
      if (queue.size() == 1) {
        queued.signal();
      }
    } finally {
      lock.unlock();
    }
  }

  /** From now on, {@link #write} never waits: what does not fit is dropped and counted. */
  void stopWaiting() {
    lock.lock();
    try {
      waiting = false;
      progressed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Completes with the failure of a write: whoever read the output closed it, or it cannot take
   * more (a full disk).
   */
  CompletableFuture<IOException> closed() {
    return closed;
  }

  /** The texts dropped because the queue was full after {@link #stopWaiting()}. */
  long dropped() {
    lock.lock();
    try {
      return dropped;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Stops waiting (as {@link #stopWaiting()}), waits up to {@code drain} for the queued text to be
   * written, then lets the writing thread end once it is idle. Returns whether everything queued
   * was written; false if the reader did not read it in time (the thread, a daemon, then stays
   * blocked in its write until the JVM exits), or closed the output.
   */
  boolean finish(Duration drain) {
    long deadline = System.nanoTime() + drain.toNanos();
    lock.lock();
    try {
      waiting = false;
      finishing = true;
      queued.signal();
      progressed.signalAll();
      while (!broken && (writing || !queue.isEmpty())) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        progressed.awaitNanos(left);
      }
      return !broken;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } finally {
      lock.unlock();
    }
  }

  private void pump() {
    List<String> batch = new ArrayList<>();
    while (true) {
      lock.lock();
      try {
        writing = false;
        progressed.signalAll();
        while (queue.isEmpty() && !finishing) {
          queued.awaitUninterruptibly();
        }
        if (queue.isEmpty()) {
          return;
        }
        batch.addAll(queue);
        queue.clear();
        writing = true;
        progressed.signalAll();
      } finally {
        lock.unlock();
      }
      try {
        for (String text : batch) {
          out.write(text);
        }
        out.flush();
      } catch (IOException e) {
        close(e);
        return;
      }
      batch.clear();
    }
  }

  private void close(IOException failure) {
    lock.lock();
    try {
      broken = true;
      writing = false;
      queue.clear();
      progressed.signalAll();
    } finally {
      lock.unlock();
    }
    // Outside the lock: what depends on it (a stop) may write again.
    closed.complete(failure);
  }
}
