package io.ovrseer;

import io.ovrseer.event.FlagMatched;
import io.ovrseer.event.OvrseerEvent;
import io.ovrseer.event.ProcessLog;
import io.ovrseer.event.ProcessReady;
import io.ovrseer.log.Flag;
import io.ovrseer.log.FlagMatch;
import io.ovrseer.log.LogLine;
import io.ovrseer.log.ProcessLogger;
import io.ovrseer.process.ProcessState;
import io.ovrseer.process.ProcessUnit;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A process registered with an {@link Ovrseer}: its supervision state (guarded by the
 * orchestrator's monitor) and the wiring that turns its log lines, flag matches and state changes
 * into events, with process:spawn always first for each run.
 */
final class ProcessEntry {
  private final EventBus events;
  private final Runnable stateChanged;

  /**
   * When the current run was spawned, whether its process:ready was posted, and whether it was
   * started without the orchestrator (adopted).
   */
  record RunEvents(long spawnedAt, AtomicBoolean readyPosted, boolean adopted) {}

  final String id;
  final ProcessType type;
  final ProcessUnit unit;
  final ProcessLogger.Listener logForwarder;
  int retryCount;

  /** How long a setup process may run; null for the other groups. */
  Duration setupTimeout;

  /** Whether this setup process exited 0 in the last start that ran it. */
  volatile boolean setupSucceeded;

  boolean removed;

  /**
   * Whether restartProcess or stopProcess is stopping it: a crash restart does not spawn it
   * meanwhile (restartProcess spawns it itself, stopProcess leaves it down).
   */
  boolean restarting;

  /**
   * Held by restartProcess from the stop to the spawn, by stopProcess, and by start() while it
   * spawns it, so that restarts, stops and spawns of one process take turns.
   */
  final Object restartLock = new Object();

  /**
   * Whether the start under way is still to spawn it (it waits for what comes before it):
   * restartProcess leaves it to that start instead of spawning it first.
   */
  boolean startSpawnPending;

  ScheduledFuture<?> pendingRestart;
  CompletableFuture<Void> startup = new CompletableFuture<>();
  volatile CompletableFuture<Void> handledExit;

  ProcessEntry(
      String id,
      ProcessType type,
      ProcessUnit unit,
      EventBus events,
      Runnable stateChanged,
      java.util.function.Consumer<ProcessEntry> startedElsewhere) {
    this.events = events;
    this.stateChanged = stateChanged;
    this.startedElsewhere = startedElsewhere;
    this.id = id;
    this.type = type;
    this.unit = unit;
    this.logForwarder =
        new ProcessLogger.Listener() {
          @Override
          public void onLine(LogLine line) {
            if (events.hasListeners(ProcessLog.class)) {
              forward(new ProcessLog(id, line.text(), line.stream(), line.time()));
            }
          }

          @Override
          public void onFlagMatched(String flagName, Flag flag, int matchCount, FlagMatch match) {
            forward(
                new FlagMatched(
                    id,
                    flagName,
                    match.line(),
                    matchCount,
                    flag.targetCount(),
                    match.context(),
                    match.timestamp()));
          }
        };
  }

  final java.util.function.Consumer<ProcessState> stateListener = this::onStateChange;
  volatile RunEvents run;

  /**
   * The thread of the orchestrator's spawn under way, or null: a unit tells a change on the thread
   * that made it, so a start on another thread (the unit's own restart() meanwhile) is one made
   * elsewhere, even while the orchestrator spawns.
   */
  volatile Thread spawning;

  /**
   * Told, on the unit's thread, of a run started without the orchestrator (the unit's own {@code
   * start()} or {@code restart()}), so that the orchestrator supervises that run too.
   */
  private final java.util.function.Consumer<ProcessEntry> startedElsewhere;

  private void onStateChange(ProcessState state) {
    RunEvents current = run;
    if (state == ProcessState.STARTING && spawning != Thread.currentThread()) {
      startedElsewhere.accept(this);
    }
    if (state == ProcessState.READY && current != null) {
      postReadyOnce(current.readyPosted(), current.spawnedAt());
    } else {
      stateChanged.run();
    }
  }

  void postReadyOnce(AtomicBoolean posted, long spawnedAt) {
    if (posted.compareAndSet(false, true)) {
      forward(new ProcessReady(id, Duration.ofNanos(System.nanoTime() - spawnedAt), Instant.now()));
      stateChanged.run();
    }
  }

  private final Object heldBackLock = new Object();
  private volatile List<OvrseerEvent> heldBack;

  void holdBackLogEvents() {
    synchronized (heldBackLock) {
      heldBack = new ArrayList<>();
    }
  }

  /** Posts {@code spawn} (if any), then the log events held back since the spawn began. */
  void releaseLogEvents(OvrseerEvent spawn) {
    synchronized (heldBackLock) {
      if (spawn != null) {
        events.post(spawn);
      }
      List<OvrseerEvent> held = heldBack;
      if (held != null) {
        held.forEach(events::postWithoutWaiting);
      }
      // Only now: a reader that finds it null posts its line itself, which must come after these.
      heldBack = null;
    }
  }

  private void forward(OvrseerEvent event) {
    if (heldBack != null) {
      synchronized (heldBackLock) {
        if (heldBack != null) {
          heldBack.add(event);
          return;
        }
      }
    }
    events.post(event);
  }

  /**
   * The restarts after crashes it is allowed, as its crash reports and process:restart tell them:
   * {@code retries} for a dependency or main process, 0 for a setup or cleanup process, which is
   * never restarted automatically.
   */
  int maxRetries(int retries) {
    return type.isSupervised() ? retries : 0;
  }

  /**
   * "setup process \"init\"", "dependency \"db\"", "main process \"api\"" or "cleanup process
   * \"backup\"".
   */
  String label() {
    return switch (type) {
      case SETUP -> "setup process \"" + id + "\"";
      case DEPENDENCY -> "dependency \"" + id + "\"";
      case MAIN -> "main process \"" + id + "\"";
      case CLEANUP -> "cleanup process \"" + id + "\"";
    };
  }
}
