package io.ovrseer;

import io.ovrseer.crash.CrashReport;
import io.ovrseer.crash.CrashType;
import io.ovrseer.event.LifecycleError;
import io.ovrseer.event.ProcessCrash;
import io.ovrseer.process.ExitStatus;
import io.ovrseer.process.ProcessUnit;
import java.time.Instant;

/**
 * Writes an orchestrator's crash reports: builds the report of a process from its unit and logger,
 * saves it (whatever a save throws, an {@link Error} included, becomes a {@link LifecycleError}),
 * then posts {@code process:crash}, so that the report is on disk before crash listeners run.
 */
final class CrashRecorder {
  /** How many log lines a report keeps. */
  static final int REPORT_LOG_LINES = 100;

  private final OvrseerOptions options;
  private final EventBus events;

  CrashRecorder(OvrseerOptions options, EventBus events) {
    this.options = options;
    this.events = events;
  }

  /** Records a crash of {@code entry}; {@code status} is null when it never ran. */
  CrashReport record(ProcessEntry entry, CrashType type, ExitStatus status, String message) {
    ProcessUnit unit = entry.unit;
    CrashReport report =
        new CrashReport(
            entry.id,
            entry.type,
            type,
            unit.command(),
            unit.args(),
            status == null ? null : status.exitCode(),
            status == null ? null : status.signal(),
            Instant.now(),
            unit.logger().getLogs(REPORT_LOG_LINES),
            entry.retryCount,
            entry.maxRetries(options.retries()),
            message,
            unit.logger().getFlagCounts());
    try {
      options.crashReporter().saveReport(report);
    } catch (Throwable e) {
      // Whatever a reporter throws: a LinkageError (a Jackson of another version on the class
      // path), an override's AssertionError, a StackOverflowError, a checked exception thrown
      // sneakily. Escaping from here, it would end the exit handling, leaving the restart undone
      // and a waiting start() hanging, and it would be lost in a future nobody reads; even the
      // JVM's own errors (OutOfMemoryError) are better told as a lifecycle:error.
      events.post(new LifecycleError(Phases.of(entry.type), e, Instant.now()));
    }
    events.post(
        new ProcessCrash(entry.id, report.exitCode(), report.signal(), report, report.timestamp()));
    return report;
  }
}
