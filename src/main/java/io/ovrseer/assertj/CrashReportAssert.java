package io.ovrseer.assertj;

import io.ovrseer.crash.CrashReport;
import io.ovrseer.crash.CrashType;
import io.ovrseer.internal.Plural;
import io.ovrseer.process.ExitStatus;
import java.util.List;
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
   * Verifies that the process was killed by the signal {@code expected}: a name such as {@code
   * "SIGKILL"} (the {@code SIG} prefix may be left out, any case), or a number such as {@code "9"},
   * read as the signal of that number on this system (as {@link ExitStatus} names them: 10 is
   * {@code SIGUSR1} on Linux, {@code SIGBUS} on macOS).
   *
   * @throws IllegalArgumentException if {@code expected} is a number this system has no signal for
   *     (any number on Windows), or neither a name nor a number
   */
  public CrashReportAssert hasSignal(String expected) {
    Objects.requireNonNull(expected, "expected");
    String signal = signalName(expected.strip());
    isNotNull();
    if (!signal.equals(actual.signal())) {
      String number = expected.strip().equals(signal) ? "" : " (" + expected.strip() + ")";
      fail("to have signal " + signal + number + " but it has " + exitAndWhy());
    }
    return this;
  }

  /** The name a report gives the signal {@code expected} (a name or a number). */
  private static String signalName(String expected) {
    if (expected.matches("[0-9]{1,4}")) {
      // The report names the signal as ExitStatus read it from the exit value 128+N.
      String name = ExitStatus.fromExitValue(128 + Integer.parseInt(expected)).signal();
      if (name == null) {
        throw new IllegalArgumentException(
            "hasSignal(\""
                + expected
                + "\"): this system has no signal numbered "
                + expected
                + "; give its name, such as \"SIGKILL\"");
      }
      return name;
    }
    String upper = expected.toUpperCase(Locale.ROOT);
    String name = upper.startsWith("SIG") ? upper : "SIG" + upper;
    if (!name.matches("SIG[A-Z][A-Z0-9+-]*")) {
      throw new IllegalArgumentException(
          "hasSignal(\""
              + expected
              + "\"): not a signal name or number; give one such as \"SIGKILL\", \"KILL\" or"
              + " \"9\"");
    }
    return name;
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
    List<String> lines = actual.lastLogs();
    if (lines.stream().noneMatch(line -> line.contains(text))) {
      String expectation = "to have a last log line containing \"" + text + "\" but ";
      fail(
          lines.isEmpty()
              ? expectation + "it has none: the process logged nothing"
              : expectation
                  + "none of its "
                  + Plural.of(lines.size(), "line", "lines")
                  + " did"
                  + Describe.lastLines(lines));
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
