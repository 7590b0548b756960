package io.ovrseer.event;

import io.ovrseer.ProcessType;
import java.time.Instant;

/** A process was removed from the orchestrator. Event name {@value #NAME}. */
public record ProcessRemoved(String id, ProcessType type, Instant timestamp)
    implements OvrseerEvent {
  /** The seed name of this event. */
  public static final String NAME = "process:removed";

  @Override
  public String eventName() {
    return NAME;
  }
}
