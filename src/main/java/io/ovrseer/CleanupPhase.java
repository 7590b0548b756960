package io.ovrseer;

import io.ovrseer.crash.CrashType;
import io.ovrseer.event.CleanupComplete;
import io.ovrseer.event.CleanupStarted;
import io.ovrseer.internal.DurationText;
import io.ovrseer.process.ExitStatus;
import io.ovrseer.process.ProcessUnit;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * The cleanup phase of {@link Ovrseer#stop()}: every cleanup process is spawned at once and gets
 * the cleanup timeout from its spawn; one still running then is killed with its whole tree. A
 * process that could not be spawned, exited non-zero or was killed is reported as {@link
 * CrashType#CLEANUP_FAILED}. Cleanup processes are never restarted.
 */
final class CleanupPhase {
  private final Duration timeout;
  private final EventBus events;
  private final CrashRecorder crashes;

  CleanupPhase(Duration timeout, EventBus events, CrashRecorder crashes) {
    this.timeout = timeout;
    this.events = events;
    this.crashes = crashes;
  }

  /**
   * Spawns every cleanup process with {@code spawner} (which returns false for one it did not spawn
   * as the phase was called off meanwhile), then waits for each, at most the timeout.
   */
  void run(List<ProcessEntry> entries, Predicate<ProcessEntry> spawner) {
    List<ProcessEntry> running = new ArrayList<>();
    List<Long> deadlines = new ArrayList<>();
    for (ProcessEntry entry : entries) {
      try {
        if (spawner.test(entry)) {
          running.add(entry);
          deadlines.add(System.nanoTime() + timeout.toNanos());
        }
      } catch (RuntimeException e) {
        String message = entry.label() + " could not be spawned: " + e.getMessage();
        crashes.record(entry, CrashType.CLEANUP_FAILED, null, message);
      }
    }
    events.post(new CleanupStarted(Instant.now()));
    // Each is handled as it ends, whichever ends first: a failure is reported when it happens, not
    // once the cleanup processes added before it are done or killed at their timeout.
    boolean interrupted = false;
    while (!running.isEmpty()) {
      long earliest = deadlines.stream().mapToLong(Long::longValue).min().orElseThrow();
      try {
        CompletableFuture.anyOf(
                running.stream().map(e -> e.unit.exit()).toArray(CompletableFuture[]::new))
            .get(Math.max(0, earliest - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (TimeoutException | ExecutionException e) {
        // A deadline passed, or one failed: each is looked at below.
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        interrupted = true;
      }
      long now = System.nanoTime();
      for (int i = 0; i < running.size(); ) {
        ProcessEntry entry = running.get(i);
        boolean done = entry.unit.exit().isDone();
        if (done) {
          ended(entry);
        } else if (interrupted) {
          String killed = killTree(entry);
          crashes.record(
              entry,
              CrashType.CLEANUP_FAILED,
              exitStatusOf(entry.unit),
              entry.label() + " was still running when the stop was interrupted; " + killed);
        } else if (now - deadlines.get(i) >= 0) {
          String killed = killTree(entry);
          Ovrseer.awaitQuietly(entry.handledExit);
          crashes.record(
              entry,
              CrashType.CLEANUP_FAILED,
              exitStatusOf(entry.unit),
              entry.label()
                  + " did not finish within the cleanup timeout of "
                  + DurationText.of(timeout)
                  + "; "
                  + killed);
        } else {
          i++;
          continue;
        }
        running.remove(i);
        deadlines.remove(i);
      }
    }
    events.post(new CleanupComplete(Instant.now()));
  }

  /** Reports a cleanup process that ended by itself, if it failed. */
  private void ended(ProcessEntry entry) {
    ExitStatus status;
    try {
      status = entry.unit.exit().get();
    } catch (ExecutionException e) {
      crashes.record(
          entry,
          CrashType.CLEANUP_FAILED,
          null,
          entry.label() + " failed: " + e.getCause().getMessage());
      return;
    } catch (InterruptedException e) {
      // Not reached: the exit is done, so get() does not wait.
      Thread.currentThread().interrupt();
      return;
    }
    Ovrseer.awaitQuietly(entry.handledExit);
    if (!status.isSuccess()) {
      crashes.record(
          entry, CrashType.CLEANUP_FAILED, status, entry.label() + " exited with " + status);
    }
  }

  /**
   * Kills the tree of {@code entry}'s process and says so; a tree that outlives SIGKILL is said in
   * the same place, so that the phase goes on to the dependencies.
   */
  private static String killTree(ProcessEntry entry) {
    try {
      entry.unit.kill();
      return "its process tree was killed";
    } catch (RuntimeException e) {
      return "killing its process tree failed: " + e.getMessage();
    }
  }

  private static ExitStatus exitStatusOf(ProcessUnit unit) {
    CompletableFuture<ExitStatus> exit = unit.exit();
    return exit.isDone() && !exit.isCompletedExceptionally() ? exit.join() : null;
  }
}
