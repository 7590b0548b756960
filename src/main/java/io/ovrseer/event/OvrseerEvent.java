package io.ovrseer.event;

import java.time.Instant;

/**
 * A lifecycle change reported by an {@link io.ovrseer.Ovrseer}: one record type per event.
 *
 * <p>Each event has the seed's name ({@link #eventName()}, e.g. {@code "process:crash"}) and the
 * instant it happened. Events of one process are delivered in the order they happened, one at a
 * time per orchestrator, on Ovrseer's event threads; a listener that throws is reported as a {@link
 * LifecycleError} and never breaks the orchestrator.
 */
public sealed interface OvrseerEvent
    permits ProcessSpawn,
        ProcessReady,
        ProcessExit,
        ProcessCrash,
        ProcessRestart,
        ProcessLog,
        FlagMatched,
        DependenciesReady,
        MainStarted,
        MainStopped,
        CleanupStarted,
        CleanupComplete,
        LifecycleError,
        StateUpdate,
        ProcessAdded,
        ProcessRemoved {

  /** The seed name of this event, such as {@code "process:spawn"}. */
  String eventName();

  /** When the event happened. */
  Instant timestamp();
}
