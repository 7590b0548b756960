package io.ovrseer.event;

import java.time.Instant;

/** Every main process was spawned. Event name {@value #NAME}. */
public record MainStarted(Instant timestamp) implements OvrseerEvent {
  /** The seed name of this event. */
  public static final String NAME = "lifecycle:main-started";

  @Override
  public String eventName() {
    return NAME;
  }
}
