package io.ovrseer.event;

import java.time.Instant;

/** A process was spawned; {@code pid} is its operating-system id. Event name {@value #NAME}. */
public record ProcessSpawn(String name, long pid, Instant timestamp) implements OvrseerEvent {
  /** The seed name of this event. */
  public static final String NAME = "process:spawn";

  @Override
  public String eventName() {
    return NAME;
  }
}
