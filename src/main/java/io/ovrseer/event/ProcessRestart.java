package io.ovrseer.event;

import java.time.Instant;

/**
 * A crashed process is being restarted: attempt {@code retryCount} of {@code maxRetries}. Event
 * name {@value #NAME}.
 */
public record ProcessRestart(String name, int retryCount, int maxRetries, Instant timestamp)
    implements OvrseerEvent {
  /** The seed name of this event. */
  public static final String NAME = "process:restart";

  @Override
  public String eventName() {
    return NAME;
  }
}
