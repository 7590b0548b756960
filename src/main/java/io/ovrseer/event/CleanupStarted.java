package io.ovrseer.event;

import java.time.Instant;

/** Every cleanup process was spawned. Event name {@value #NAME}. */
public record CleanupStarted(Instant timestamp) implements OvrseerEvent {
  /** The seed name of this event. */
  public static final String NAME = "lifecycle:cleanup-started";

  @Override
  public String eventName() {
    return NAME;
  }
}
