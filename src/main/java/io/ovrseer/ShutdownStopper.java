package io.ovrseer;

import io.ovrseer.internal.OrphanGuard;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The one JVM shutdown hook of Ovrseer (a thread named {@code ovrseer-shutdown}, installed on the
 * first {@link Ovrseer#start()}): it stops every orchestrator started and not yet stopped (or not
 * started, with processes its restartProcess ran), all at once, cleanup phases included. One hook
 * for all rather than one per start: a hook is a thread, and creating one cost each start about as
 * much as the rest of its own bookkeeping. The orphan guard's own hook waits for it ({@link
 * OrphanGuard#releaseAfter}), so that what it spawns is recorded.
 */
final class ShutdownStopper {
  private static final Set<Ovrseer> RUNNING = ConcurrentHashMap.newKeySet();
  private static final AtomicBoolean INSTALLED = new AtomicBoolean();

  /** When the hook began ({@link System#nanoTime()}); read only once {@link #hookRunning}. */
  private static volatile long hookBeganAt;

  private static volatile boolean hookRunning;

  private ShutdownStopper() {}

  /** Stops {@code ovrseer} when the JVM shuts down, unless {@link #forget forgotten} first. */
  static void remember(Ovrseer ovrseer) {
    RUNNING.add(ovrseer);
    if (INSTALLED.compareAndSet(false, true)) {
      CompletableFuture<Void> ended = new CompletableFuture<>();
      // Before the hook is added: the orphan guard's hook must not run without waiting for it.
      OrphanGuard.releaseAfter(ended);
      Runnable stopThenRelease =
          () -> {
            hookBeganAt = System.nanoTime();
            hookRunning = true;
            try {
              stopAll();
            } finally {
              ended.complete(null);
            }
          };
      try {
        Runtime.getRuntime().addShutdownHook(new Thread(stopThenRelease, "ovrseer-shutdown"));
      } catch (IllegalStateException shuttingDown) {
        // The JVM is already exiting (a start() from another shutdown hook): it runs no new hook,
        // and stopping here, inside start(), could only deadlock with it.
        ended.complete(null);
      }
    }
  }

  /**
   * When the JVM's shutdown began stopping orchestrators (a {@link System#nanoTime()} value), or
   * empty while it has not.
   */
  static OptionalLong hookBeganAt() {
    return hookRunning ? OptionalLong.of(hookBeganAt) : OptionalLong.empty();
  }

  /** {@code ovrseer} has stopped: the JVM's shutdown need not stop it. */
  static void forget(Ovrseer ovrseer) {
    RUNNING.remove(ovrseer);
  }

  /**
   * Stops every remembered orchestrator, each on a thread of its own so that none waits for
   * another's stop timeouts; again for any started meanwhile.
   */
  private static void stopAll() {
    while (!RUNNING.isEmpty()) {
      List<Ovrseer> running = new ArrayList<>(RUNNING);
      List<Thread> stopping = new ArrayList<>(running.size());
      for (Ovrseer ovrseer : running) {
        Thread thread = new Thread(ovrseer::stop, "ovrseer-shutdown-" + stopping.size());
        thread.start();
        stopping.add(thread);
      }
      for (Thread thread : stopping) {
        try {
          thread.join();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
      // An orchestrator whose stop() threw is not stopped again.
      RUNNING.removeAll(running);
    }
  }
}
