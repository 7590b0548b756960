package io.ovrseer;

import io.ovrseer.event.FlagMatched;
import io.ovrseer.event.LifecycleError;
import io.ovrseer.event.OvrseerEvent;
import io.ovrseer.event.ProcessAdded;
import io.ovrseer.event.ProcessCrash;
import io.ovrseer.event.ProcessExit;
import io.ovrseer.event.ProcessLog;
import io.ovrseer.event.ProcessReady;
import io.ovrseer.event.ProcessRemoved;
import io.ovrseer.event.ProcessRestart;
import io.ovrseer.event.ProcessSpawn;

/** Which lifecycle phase a process group or an event belongs to, for {@link LifecycleError}s. */
final class Phases {
  private Phases() {}

  /** The phase of a process group; setup processes belong to the dependencies' phase. */
  static LifecycleError.Phase of(ProcessType type) {
    return switch (type) {
      case SETUP, DEPENDENCY -> LifecycleError.Phase.DEPENDENCIES;
      case MAIN -> LifecycleError.Phase.MAIN;
      case CLEANUP -> LifecycleError.Phase.CLEANUP;
    };
  }

  /** The process an event is about, or null for lifecycle events. */
  static String processNameOf(OvrseerEvent event) {
    if (event instanceof ProcessSpawn e) {
      return e.name();
    } else if (event instanceof ProcessReady e) {
      return e.name();
    } else if (event instanceof ProcessExit e) {
      return e.name();
    } else if (event instanceof ProcessCrash e) {
      return e.name();
    } else if (event instanceof ProcessRestart e) {
      return e.name();
    } else if (event instanceof ProcessLog e) {
      return e.name();
    } else if (event instanceof FlagMatched e) {
      return e.processName();
    } else if (event instanceof ProcessAdded e) {
      return e.id();
    } else if (event instanceof ProcessRemoved e) {
      return e.id();
    }
    return null;
  }
}
