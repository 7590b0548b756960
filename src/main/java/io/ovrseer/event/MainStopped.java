package io.ovrseer.event;

import java.time.Instant;

/**
 * Every main process exited after {@code stop()}; the cleanup phase comes next. Event name {@value
 * #NAME}.
 */
public record MainStopped(Instant timestamp) implements OvrseerEvent {
  /** The seed name of this event. */
  public static final String NAME = "lifecycle:main-stopped";

  @Override
  public String eventName() {
    return NAME;
  }
}
