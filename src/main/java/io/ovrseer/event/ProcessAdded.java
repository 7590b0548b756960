package io.ovrseer.event;

import io.ovrseer.ProcessType;
import java.time.Instant;

/** A process was registered with the orchestrator. Event name {@value #NAME}. */
public record ProcessAdded(String id, ProcessType type, Instant timestamp) implements OvrseerEvent {
  /** The seed name of this event. */
  public static final String NAME = "process:added";

  @Override
  public String eventName() {
    return NAME;
  }
}
