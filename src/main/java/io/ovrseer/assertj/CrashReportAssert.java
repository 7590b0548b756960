package io.ovrseer.assertj;

import io.ovrseer.crash.CrashReport;
import io.ovrseer.crash.CrashType;
import java.util.Locale;
import java.util.Objects;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions about a {@link CrashReport}: how the process ended, why the report was written, and
 * its last log lines. Failure messages show the report:
 *
 * <pre>Expecting the crash report of process "api" to have exit code 3 but it has signal SIGKILL
 * </pre>
 *
 * Obtain one with {@link OvrseerAssertions#assertThat(CrashReport)}.
 */
public class CrashReportAssert extends AbstractAssert<CrashReportAssert, CrashReport> {

  /** Assertions about {@code actual}. */
  public CrashReportAssert(CrashReport actual) {
    super(actual, CrashReportAssert.class);
  }

  /**
   * Verifies that the process exited with {@code expected} (and was not killed by a signal). The
   * failure message of a report of a failed readiness check or spawn says so, with its message.
   */
  public CrashReportAssert hasExitCode(int expected) {
    isNotNull();
    if (actual.exitCode() == null || actual.exitCode() != expected) {
      fail("to have exit code " + expected + " but it has " + exitAndWhy());
    }
    return this;
  }

  /**
   * Verifies that the process was killed by the signal {@code expected}, such as {@code "SIGKILL"}
   * (the {@code SIG} prefix may be left out).
   */
  public CrashReportAssert hasSignal(String expected) {
    Objects.requireNonNull(expected, "expected");
    isNotNull();
    String upper = expected.toUpperCase(Locale.ROOT);
    String signal = upper.startsWith("SIG") ? upper : "SIG" + upper;
    if (!signal.equals(actual.signal())) {
      fail("to have signal " + signal + " but it has " + exitAndWhy());
    }
    return this;
  }

  /** Verifies why the report was written. */
  public CrashReportAssert hasType(CrashType expected) {
    Objects.requireNonNull(expected, "expected");
    isNotNull();
    if (actual.type() != expected) {
      fail("to be of type " + expected + " but it is " + actual.type() + ": " + actual.message());
    }
    return this;
  }

  /** Verifies that the report is about the process {@code expected}. */
  public CrashReportAssert hasProcessId(String expected) {
    Objects.requireNonNull(expected, "expected");
    isNotNull();
    if (!expected.equals(actual.processId())) {
      fail("to be about process \"" + expected + "\"");
    }
    return this;
  }

  /** Verifies that one of the report's last log lines contains {@code text}. */
  public CrashReportAssert lastLogsContain(String text) {
    Objects.requireNonNull(text, "text");
    isNotNull();
    if (actual.lastLogs().stream().noneMatch(line -> line.contains(text))) {
      fail(
          "to have a last log line containing \""
              + text
              + "\" but none of its "
              + actual.lastLogs().size()
              + " did"
              + Describe.lastLines(actual.lastLogs()));
    }
    return this;
  }

  /**
   * The exit status; for a process stopped because its readiness check failed (its signal is the
   * one Ovrseer stopped it with) or never spawned (it has none), also the type and what happened.
   */
  private String exitAndWhy() {
    boolean notTheCause =
        actual.type() == CrashType.READY_CHECK_FAILED || actual.type() == CrashType.SPAWN_FAILED;
    return actual.describeExit()
        + (notTheCause ? " (" + actual.type() + ": " + actual.message() + ")" : "");
  }

  private void fail(String expectation) {
    failWithMessage(
        "%s",
        "Expecting the crash report of process \"" + actual.processId() + "\" " + expectation);
  }
}
