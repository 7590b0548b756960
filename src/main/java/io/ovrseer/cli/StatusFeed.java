package io.ovrseer.cli;

import io.ovrseer.Ovrseer;
import io.ovrseer.event.CleanupComplete;
import io.ovrseer.event.CleanupStarted;
import io.ovrseer.event.LifecycleError;
import io.ovrseer.event.MainStarted;
import io.ovrseer.event.MainStopped;
import io.ovrseer.event.OvrseerEvent;
import io.ovrseer.event.ProcessCrash;
import io.ovrseer.event.ProcessRestart;
import java.util.function.Consumer;

/**
 * Feeds the status line and the lifecycle phase of the terminal UI from Ovrseer's lifecycle events,
 * and counts restarts. Listens to no per-line event, so a flood of log lines costs it nothing.
 */
final class StatusFeed {
  private StatusFeed() {}

  /** Starts feeding {@code state} from the events of {@code ovrseer}. */
  static void attach(Ovrseer ovrseer, ViewState state, Runnable changed) {
    Consumer<OvrseerEvent> listener =
        event -> {
          EventText.describe(event)
              .ifPresent(
                  text ->
                      state.status(
                          text, event instanceof ProcessCrash || event instanceof LifecycleError));
          if (event instanceof ProcessRestart restart) {
            state.countRestart(restart.name());
          } else if (event instanceof MainStarted) {
            state.phase("up");
          } else if (event instanceof MainStopped) {
            state.phase("stopping");
          } else if (event instanceof CleanupStarted) {
            state.phase("cleanup");
          } else if (event instanceof CleanupComplete) {
            state.phase("stopping dependencies");
          }
          changed.run();
        };
    EventText.LIFECYCLE.forEach(type -> ovrseer.on(type, listener));
  }
}
