package io.ovrseer.internal;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs its tasks one at a time, in the order they were submitted, on the threads of a shared pool:
 * an ordered queue of work that holds no thread of its own while it is empty.
 */
public final class SerialExecutor implements Executor {
  private final Executor pool;
  private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean scheduled = new AtomicBoolean();
  private volatile Thread running;

  /**
   * When the task running now began ({@link System#nanoTime()}); read only while {@link #inTask}.
   */
  private volatile long taskStartedAt;

  private volatile boolean inTask;

  /** Runs on {@code pool}, which must run each task it accepts (an elastic pool does). */
  public SerialExecutor(Executor pool) {
    this.pool = pool;
  }

  @Override
  public void execute(Runnable task) {
    tasks.add(task);
    schedule();
  }

  /**
   * Whether every task submitted so far has run: none is queued and none is running. (One submitted
   * concurrently with this call may already be queued or not.)
   */
  public boolean isIdle() {
    return !scheduled.get() && tasks.isEmpty();
  }

  /** Whether the calling thread is running one of this executor's tasks right now. */
  public boolean isRunningTask() {
    return running == Thread.currentThread();
  }

  /**
   * Whether a task is running now that began before {@code nanoTime} (a {@link System#nanoTime()}
   * value). A task that begins concurrently with this call may count as begun later.
   */
  public boolean isRunningTaskStartedBefore(long nanoTime) {
    // inTask first: the start time read after it is that task's or a later one's, never older.
    return inTask && taskStartedAt - nanoTime < 0;
  }

  private void schedule() {
    if (scheduled.compareAndSet(false, true)) {
      pool.execute(this::drain);
    }
  }

  private void drain() {
    running = Thread.currentThread();
    try {
      Runnable task;
      while ((task = tasks.poll()) != null) {
        taskStartedAt = System.nanoTime();
        inTask = true;
        try {
          task.run();
        } finally {
          inTask = false;
        }
      }
    } finally {
      running = null;
      scheduled.set(false);
      // A task submitted after the last poll found the drain still scheduled: run it now.
      if (!tasks.isEmpty()) {
        schedule();
      }
    }
  }
}
