package io.ovrseer.event;

import io.ovrseer.crash.CrashReport;
import java.time.Instant;

/**
 * A process crashed (exited on its own with a non-zero code or by a signal, or failed its
 * readiness); delivered after {@code report} is on disk. Event name {@value #NAME}.
 */
public record ProcessCrash(
    String name, Integer exitCode, String signal, CrashReport report, Instant timestamp)
    implements OvrseerEvent {
  /** The seed name of this event. */
  public static final String NAME = "process:crash";

  @Override
  public String eventName() {
    return NAME;
  }
}
