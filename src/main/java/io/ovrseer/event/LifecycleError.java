package io.ovrseer.event;


import java.time.Instant;

/** Something went wrong that the orchestrator survived: a listener threw, a crash report could not be written, a cleanup process failed. {@code phase} tells when. Event name {@value #NAME}. */
public record LifecycleError(Phase phase, Throwable error, Instant timestamp) implements OvrseerEvent {
  /** The seed name of this event. */
  public static final String NAME = "lifecycle:error";

  /** The lifecycle phase an error belongs to. */
  public enum Phase {
    /** Starting, supervising or stopping dependencies. */
    DEPENDENCIES,
    /** Starting, supervising or stopping main processes. */
    MAIN,
    /** Running cleanup processes. */
    CLEANUP
  }

  @Override
  public String eventName() {
    return NAME;
  }
}
