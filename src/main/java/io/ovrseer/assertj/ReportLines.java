package io.ovrseer.assertj;

import io.ovrseer.crash.CrashReport;
import org.assertj.core.presentation.StandardRepresentation;

/**
 * How AssertJ's own messages about crash reports show each one: the line {@link
 * OvrseerAssert#hasNoCrashReports()} starts it with ({@link CrashReport#toText(int) toText(0)}: id,
 * group, type, exit, retries, message) and when it was seen, such as {@code process "api" (main)
 * CRASH, signal SIGKILL, retries used: 0 of 1: main process "api" exited with signal SIGKILL (at
 * 2026-12-07T22:37:32.222Z)}; the record's own {@code toString} put every field, the command line
 * and each log line too, on one line. Anything else as AssertJ shows it.
 */
final class ReportLines extends StandardRepresentation {
  static final ReportLines INSTANCE = new ReportLines();

  private ReportLines() {}

  @Override
  public String toStringOf(Object object) {
    return object instanceof CrashReport report
        ? report.toText(0) + " (at " + report.timestamp() + ")"
        : super.toStringOf(object);
  }
}
