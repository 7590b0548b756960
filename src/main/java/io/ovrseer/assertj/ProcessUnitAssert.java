package io.ovrseer.assertj;

import io.ovrseer.internal.Plural;
import io.ovrseer.internal.Regexes;
import io.ovrseer.log.FlagState;
import io.ovrseer.log.LogLine;
import io.ovrseer.process.ProcessState;
import io.ovrseer.process.ProcessUnit;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions about a {@link ProcessUnit}: its state, its log and its flags. Each assertion reads
 * the unit when it runs, so it can be retried inside {@code await().untilAsserted(..)}. Failure
 * messages name the process (see {@link ProcessNames}), its state with its exit status, and its
 * last log lines:
 *
 * <pre>Expecting process "api" to be ready but was CRASHED (exit code 3); last log lines:
 *   | Exception in thread "main" ...</pre>
 *
 * Obtain one with {@link OvrseerAssertions#assertThat(ProcessUnit)}.
 */
public class ProcessUnitAssert extends AbstractAssert<ProcessUnitAssert, ProcessUnit> {

  /** Assertions about {@code actual}. */
  public ProcessUnitAssert(ProcessUnit actual) {
    super(actual, ProcessUnitAssert.class);
  }

  /** Verifies that the process is {@link ProcessState#READY}: running with its checks passed. */
  public ProcessUnitAssert isReady() {
    return hasState(ProcessState.READY, "to be ready");
  }

  /** Verifies that the process's current run is alive. */
  public ProcessUnitAssert isRunning() {
    isNotNull();
    if (!actual.isRunning()) {
      fail(
          "Expecting "
              + Describe.process(actual)
              + " to be running but it was not: "
              + Describe.state(actual)
              + Describe.lastLogLines(actual));
    }
    return this;
  }

  /** Verifies that the process is not running (never started, or exited). */
  public ProcessUnitAssert isNotRunning() {
    isNotNull();
    if (actual.isRunning()) {
      fail(
          "Expecting "
              + Describe.process(actual)
              + " not to be running but it was: "
              + Describe.state(actual)
              + actual.getPid().stream().mapToObj(pid -> ", pid " + pid).findFirst().orElse(""));
    }
    return this;
  }

  /** Verifies that the process is in {@code expected} state. */
  public ProcessUnitAssert hasState(ProcessState expected) {
    Objects.requireNonNull(expected, "expected");
    return hasState(expected, "to be " + expected);
  }

  private ProcessUnitAssert hasState(ProcessState expected, String wording) {
    isNotNull();
    if (actual.getState() != expected) {
      fail(
          "Expecting "
              + Describe.process(actual)
              + " "
              + wording
              + " but was "
              + Describe.state(actual)
              + Describe.lastLogLines(actual));
    }
    return this;
  }

  /**
   * Verifies that a line the process logged (among the lines its logger keeps) contains a match of
   * {@code regex} ({@link java.util.regex.Matcher#find()}, as flags and readiness checks use).
   *
   * @throws IllegalArgumentException if {@code regex} is not a valid regular expression
   */
  public ProcessUnitAssert hasLogLineMatching(String regex) {
    Pattern pattern = Regexes.compile("log line", regex);
    isNotNull();
    List<LogLine> lines = actual.logger().getEntries();
    if (lines.stream().noneMatch(line -> pattern.matcher(line.text()).find())) {
      String expectation =
          "Expecting "
              + Describe.process(actual)
              + " to have logged a line matching /"
              + regex
              + "/";
      fail(
          lines.isEmpty()
              ? expectation + " but it logged nothing"
              : expectation
                  + " but none of its "
                  + Plural.of(lines.size(), "line", "lines")
                  + " did"
                  // The lines searched, not those of a second read, which may have a matching one.
                  + Describe.lastLines(lines.stream().map(LogLine::text).toList()));
    }
    return this;
  }

  /**
   * Verifies that no line the process logged (among the lines its logger keeps) contains a match of
   * {@code regex}.
   *
   * @throws IllegalArgumentException if {@code regex} is not a valid regular expression
   */
  public ProcessUnitAssert hasNoLogLineMatching(String regex) {
    Pattern pattern = Regexes.compile("log line", regex);
    isNotNull();
    List<String> matching =
        actual.logger().getEntries().stream()
            .map(LogLine::text)
            .filter(text -> pattern.matcher(text).find())
            .toList();
    if (!matching.isEmpty()) {
      fail(
          "Expecting "
              + Describe.process(actual)
              + " to have logged no line matching /"
              + regex
              + "/ but "
              + (matching.size() == 1 ? "1 line did" : matching.size() + " lines did")
              + (matching.size() > Describe.LOG_LINES ? "; the first " + Describe.LOG_LINES : "")
              + ":"
              + Describe.lines(matching.subList(0, Math.min(matching.size(), Describe.LOG_LINES))));
    }
    return this;
  }

  /**
   * Navigates to the flag {@code name} of the process's logger, as it stands now. This assertion's
   * description carries over.
   *
   * @return assertions about that flag
   */
  public FlagStateAssert flag(String name) {
    Objects.requireNonNull(name, "name");
    isNotNull();
    Map<String, FlagState> flags = actual.logger().getFlags();
    FlagState flag = flags.get(name);
    if (flag == null) {
      fail(
          "Expecting "
              + Describe.process(actual)
              + " to have a flag named \""
              + name
              + "\" but its flags are "
              + flags.keySet());
    }
    return Describe.carried(new FlagStateAssert(flag, Describe.process(actual)), this);
  }

  private void fail(String message) {
    failWithMessage("%s", message);
  }
}
