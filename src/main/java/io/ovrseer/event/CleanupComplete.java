package io.ovrseer.event;

import java.time.Instant;

/**
 * Every cleanup process finished, was killed at its timeout or could not be spawned. Event name
 * {@value #NAME}.
 */
public record CleanupComplete(Instant timestamp) implements OvrseerEvent {
  /** The seed name of this event. */
  public static final String NAME = "lifecycle:cleanup-complete";

  @Override
  public String eventName() {
    return NAME;
  }
}
