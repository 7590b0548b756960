package io.ovrseer.event;

import java.time.Instant;

/**
 * Something went wrong that the orchestrator survived: a listener threw, a crash report could not
 * be written, a process could not be stopped. {@code phase} tells when. (A failed cleanup process
 * is a {@code CLEANUP_FAILED} crash report and a {@code process:crash} event.) Event name {@value
 * #NAME}.
 */
public record LifecycleError(Phase phase, Throwable error, Instant timestamp)
    implements OvrseerEvent {
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
