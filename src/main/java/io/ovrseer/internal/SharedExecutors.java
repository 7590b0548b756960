package io.ovrseer.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The JVM-wide daemon threads Ovrseer uses: one timer thread (readiness timeouts, poll intervals,
 * retry delays), an elastic pool for short blocking work (readiness attempts, waiting for exits,
 * reading process output), whose idle threads end after 30 s, and an elastic pool that delivers
 * events to listeners, whose idle threads end after 2 s.
 */
public final class SharedExecutors {
  private static final ScheduledThreadPoolExecutor TIMER =
      new ScheduledThreadPoolExecutor(1, named("ovrseer-timer"));
  private static final ExecutorService BLOCKING = elastic("ovrseer-worker", 30);
  private static final ExecutorService EVENTS = elastic("ovrseer-events", 2);

  static {
    TIMER.setRemoveOnCancelPolicy(true);
  }

  private SharedExecutors() {}

  /** The timer; its tasks must be short and must not block. */
  public static ScheduledExecutorService timer() {
    return TIMER;
  }

  /** The pool for blocking work. */
  public static ExecutorService blocking() {
    return BLOCKING;
  }

  /**
   * The pool that runs event listeners (threads {@code ovrseer-events-N}); each orchestrator's
   * events go through a {@link SerialExecutor} on it, so that they stay in order.
   */
  public static ExecutorService events() {
    return EVENTS;
  }

  /**
   * Runs {@code task} on a thread of the {@link #blocking()} pool named {@code threadName} while it
   * runs (a reader or waiter of one process: its name says whose in a thread dump); completes when
   * the task returned. What it throws also goes to the thread's uncaught-exception handler.
   */
  public static CompletableFuture<Void> runNamed(String threadName, Runnable task) {
    return CompletableFuture.runAsync(
        () -> {
          Thread thread = Thread.currentThread();
          String poolName = thread.getName();
          thread.setName(threadName);
          try {
            task.run();
          } catch (RuntimeException | Error e) {
            // Seen, as a task the pool runs directly would be, not only kept in the future.
            thread.getUncaughtExceptionHandler().uncaughtException(thread, e);
            throw e;
          } finally {
            thread.setName(poolName);
          }
        },
        BLOCKING);
  }

  /**
   * A future completed once {@code process} exited, by a thread of the {@link #blocking()} pool
   * named {@code threadName} that waits for it ({@link Process#waitFor()}), so that what follows
   * runs there too. Not {@link Process#onExit()}: the JDK completes that on the common {@link
   * java.util.concurrent.ForkJoinPool}, which a test that blocks its workers (a {@code runAsync}
   * task waiting on a lock; on Java 25 also where the pool has a single worker) holds up, and with
   * it every exit.
   */
  public static CompletableFuture<Void> exitOf(Process process, String threadName) {
    return runNamed(threadName, () -> Uninterruptible.waitFor(process));
  }

  /** A pool that starts a thread whenever none is idle; idle threads end after the given time. */
  private static ExecutorService elastic(String prefix, long idleSeconds) {
    return new ThreadPoolExecutor(
        0,
        Integer.MAX_VALUE,
        idleSeconds,
        TimeUnit.SECONDS,
        new SynchronousQueue<>(),
        named(prefix));
  }

  /** A factory of daemon threads named {@code prefix-N}. */
  public static ThreadFactory named(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
