package io.ovrseer.cli;

import io.ovrseer.crash.CrashReport;
import io.ovrseer.crash.CrashReporter;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The crash reporter of {@code ovrseer up}: writes to the {@linkplain
 * CrashReporter#defaultDirectory() default directory}, and remembers which reports could not be
 * written and why, so that the CLI tells only those written as written. Thread-safe.
 */
final class TrackedCrashReporter extends CrashReporter {
  /** The reports whose file could not be written, with what {@link #saveReport} threw. */
  private final Map<CrashReport, Throwable> failed =
      Collections.synchronizedMap(new IdentityHashMap<>());

  @Override
  public void saveReport(CrashReport report) {
    try {
      super.saveReport(report);
    } catch (RuntimeException | Error e) {
      // Ovrseer posts it as a lifecycle:error, then the process:crash with this report.
      failed.put(report, e);
      throw e;
    }
  }

  /** Why {@code report}'s file could not be written; empty if it was (or was never saved here). */
  Optional<Throwable> failure(CrashReport report) {
    return Optional.ofNullable(failed.get(report));
  }

  /** Whether {@code error} is what a failed {@link #saveReport} threw (compared by identity). */
  boolean isFailure(Throwable error) {
    return failed.containsValue(error);
  }
}
