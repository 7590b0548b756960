package io.ovrseer.event;

import java.time.Instant;

/**
 * Every dependency passed its readiness checks; main processes are spawned next. Event name {@value
 * #NAME}.
 */
public record DependenciesReady(Instant timestamp) implements OvrseerEvent {
  /** The seed name of this event. */
  public static final String NAME = "lifecycle:dependencies-ready";

  @Override
  public String eventName() {
    return NAME;
  }
}
