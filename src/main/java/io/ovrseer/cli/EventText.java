package io.ovrseer.cli;

import io.ovrseer.event.CleanupComplete;
import io.ovrseer.event.CleanupStarted;
import io.ovrseer.event.DependenciesReady;
import io.ovrseer.event.LifecycleError;
import io.ovrseer.event.MainStarted;
import io.ovrseer.event.MainStopped;
import io.ovrseer.event.OvrseerEvent;
import io.ovrseer.event.ProcessCrash;
import io.ovrseer.event.ProcessExit;
import io.ovrseer.event.ProcessReady;
import io.ovrseer.event.ProcessRestart;
import io.ovrseer.event.ProcessSpawn;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** One-line descriptions of lifecycle events, for the status line and the plain output. */
final class EventText {
  /** The events worth a line of their own. */
  static final List<Class<? extends OvrseerEvent>> LIFECYCLE =
      List.of(
          ProcessSpawn.class,
          ProcessReady.class,
          ProcessExit.class,
          ProcessCrash.class,
          ProcessRestart.class,
          DependenciesReady.class,
          MainStarted.class,
          MainStopped.class,
          CleanupStarted.class,
          CleanupComplete.class,
          LifecycleError.class);

  private EventText() {}

  /** What {@code event} says, or empty for events that are not shown (logs, state updates). */
  static Optional<String> describe(OvrseerEvent event) {
    String text = null;
    if (event instanceof ProcessSpawn e) {
      text = e.name() + " spawned (pid " + e.pid() + ")";
    } else if (event instanceof ProcessReady e) {
      text = e.name() + " ready after " + seconds(e.duration());
    } else if (event instanceof ProcessExit e) {
      text =
          e.name()
              + (e.signal() != null
                  ? " killed by " + e.signal()
                  : " exited with code " + e.exitCode());
    } else if (event instanceof ProcessCrash e) {
      text =
          e.name()
              + " crashed: "
              + (e.report() == null ? exit(e.exitCode(), e.signal()) : e.report().message());
    } else if (event instanceof ProcessRestart e) {
      text =
          e.name()
              + " restarting"
              + (e.retryCount() > 0
                  ? " (retry " + e.retryCount() + " of " + e.maxRetries() + ")"
                  : "");
    } else if (event instanceof DependenciesReady) {
      text = "dependencies ready";
    } else if (event instanceof MainStarted) {
      text = "main processes started";
    } else if (event instanceof MainStopped) {
      text = "main processes stopped";
    } else if (event instanceof CleanupStarted) {
      text = "cleanup started";
    } else if (event instanceof CleanupComplete) {
      text = "cleanup complete";
    } else if (event instanceof LifecycleError e) {
      text =
          "error in "
              + e.phase().name().toLowerCase(java.util.Locale.ROOT)
              + " phase: "
              + e.error().getMessage();
    }
    return Optional.ofNullable(text);
  }

  private static String exit(Integer code, String signal) {
    return signal != null ? "killed by " + signal : "exit code " + code;
  }

  /** {@code d} as seconds with one decimal: {@code 1.2s}. */
  static String seconds(Duration d) {
    return String.format(java.util.Locale.ROOT, "%.1fs", d.toMillis() / 1000.0);
  }
}
