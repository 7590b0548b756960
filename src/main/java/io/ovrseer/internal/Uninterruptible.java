package io.ovrseer.internal;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * Waits that an interrupt must not cut short: those of a stop, which would otherwise return while
 * the process is still exiting, or spin through its grace period, since every interruptible wait
 * returns at once while the thread's interrupt status is set. Each wait runs to its end (or its
 * timeout) and sets the interrupt status again before it returns if the thread was interrupted
 * before or during it, so that the caller still sees the interrupt.
 */
public final class Uninterruptible {

  private Uninterruptible() {}

  /**
   * The result of {@code future}, waiting at most {@code timeout}.
   *
   * @throws ExecutionException if the future failed
   * @throws TimeoutException if it was not done within {@code timeout}
   */
  public static <T> T get(Future<T> future, Duration timeout)
      throws ExecutionException, TimeoutException {
    return waitOut(timeout, nanos -> future.get(nanos, TimeUnit.NANOSECONDS));
  }

  /** Whether {@code latch} reached zero within {@code timeout}. */
  public static boolean await(CountDownLatch latch, Duration timeout) {
    return waitOutUnchecked(timeout, nanos -> latch.await(nanos, TimeUnit.NANOSECONDS));
  }

  /** Waits until {@code process} exited, however long that takes. */
  public static void waitFor(Process process) {
    while (!waitFor(process, Timeouts.MAX)) {
      // A year passed: wait on.
    }
  }

  /** Whether {@code process} exited within {@code timeout}. */
  public static boolean waitFor(Process process, Duration timeout) {
    return waitOutUnchecked(timeout, nanos -> process.waitFor(nanos, TimeUnit.NANOSECONDS));
  }

  /** A wait of at most the nanoseconds given, which an interrupt ends. */
  @FunctionalInterface
  private interface TimedWait<T> {
    T await(long nanos) throws InterruptedException, ExecutionException, TimeoutException;
  }

  /** Runs {@code wait} until it returns or {@code timeout} passed, again after each interrupt. */
  private static <T> T waitOut(Duration timeout, TimedWait<T> wait)
      throws ExecutionException, TimeoutException {
    long deadline = System.nanoTime() + timeout.toNanos();
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return wait.await(deadline - System.nanoTime());
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** As {@link #waitOut}, for a wait that neither fails nor times out but returns false. */
  private static <T> T waitOutUnchecked(Duration timeout, TimedWait<T> wait) {
    try {
      return waitOut(timeout, wait);
    } catch (ExecutionException | TimeoutException impossible) {
      throw new IllegalStateException(impossible);
    }
  }

  /**
   * What {@code action} gives, run with the interrupt status cleared: for file I/O through a {@link
   * java.nio.channels.FileChannel}, which an interrupted thread's read or write closes for good
   * (also for the other threads that share the channel).
   */
  public static <T> T call(Supplier<T> action) {
    boolean interrupted = Thread.interrupted();
    try {
      return action.get();
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Sleeps for {@code nanos} nanoseconds. */
  public static void sleep(long nanos) {
    // parkNanos returns at once while the interrupt status is set: clear it for the sleep.
    boolean interrupted = Thread.interrupted();
    long deadline = System.nanoTime() + nanos;
    try {
      for (long left = nanos; left > 0; left = deadline - System.nanoTime()) {
        LockSupport.parkNanos(left);
        interrupted |= Thread.interrupted();
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
