package io.ovrseer.event;

import io.ovrseer.crash.CrashReport;
import java.time.Instant;

/**
 * A crash report was written: a process crashed (exited on its own with a non-zero code or by a
 * signal, or failed its readiness), could not be spawned, or was a cleanup process that failed;
 * delivered after {@code report} is on disk. {@code exitCode} and {@code signal} are both null when
 * the process never ran (a spawn failure). Event name {@value #NAME}.
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
