package io.ovrseer.event;

import java.time.Duration;
import java.time.Instant;

/**
 * A process passed all its readiness checks; {@code duration} runs from spawn to ready. Event name
 * {@value #NAME}.
 */
public record ProcessReady(String name, Duration duration, Instant timestamp)
    implements OvrseerEvent {
  /** The seed name of this event. */
  public static final String NAME = "process:ready";

  @Override
  public String eventName() {
    return NAME;
  }
}
