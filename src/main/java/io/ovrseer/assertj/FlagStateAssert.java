package io.ovrseer.assertj;

import io.ovrseer.log.FlagMatch;
import io.ovrseer.log.FlagState;
import java.util.List;
import java.util.Objects;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions about a {@link FlagState}: a snapshot of how often a flag matched a process's log, and
 * the matching lines. Failure messages show the matches:
 *
 * <pre>Expecting flag "errors" of process "api" to have no matches but it matched 1 time:
 *   | ERROR connection refused</pre>
 *
 * Obtain one with {@link OvrseerAssertions#assertThat(FlagState)} or {@link
 * ProcessUnitAssert#flag(String)}.
 */
public class FlagStateAssert extends AbstractAssert<FlagStateAssert, FlagState> {
  private final String owner;

  /** Assertions about {@code actual}. */
  public FlagStateAssert(FlagState actual) {
    this(actual, null);
  }

  FlagStateAssert(FlagState actual, String owner) {
    super(actual, FlagStateAssert.class);
    this.owner = owner;
  }

  /** Verifies that the flag matched exactly {@code expected} lines. */
  public FlagStateAssert hasCount(int expected) {
    isNotNull();
    if (actual.count() != expected) {
      fail("to have matched " + Describe.times(expected) + " but it matched " + matchesText());
    }
    return this;
  }

  /** Verifies that the flag matched no line. */
  public FlagStateAssert hasNoMatches() {
    isNotNull();
    if (actual.count() != 0) {
      fail("to have no matches but it matched " + matchesText());
    }
    return this;
  }

  /** Verifies that the flag has a target count and reached it. */
  public FlagStateAssert hasReachedTarget() {
    isNotNull();
    if (actual.flag().targetCount() == null) {
      fail("to have reached its target count but it has none; give the flag a targetCount");
    } else if (!actual.targetReached()) {
      fail(
          "to have reached its target count "
              + actual.flag().targetCount()
              + " but it matched "
              + matchesText());
    }
    return this;
  }

  /** Verifies that one of the kept matching lines contains {@code text}. */
  public FlagStateAssert hasMatchContaining(String text) {
    Objects.requireNonNull(text, "text");
    isNotNull();
    if (actual.matches().stream().noneMatch(match -> match.line().contains(text))) {
      fail("to have a match containing \"" + text + "\" but it matched " + matchesText());
    }
    return this;
  }

  /**
   * {@code "2 times:"} and the matching lines, or {@code "12 times; the last 10:"} when fewer are
   * shown than it matched (only the last {@link Describe#LOG_LINES} are, of those the logger kept).
   */
  private String matchesText() {
    List<String> lines = actual.matches().stream().map(FlagMatch::line).toList();
    List<String> shown =
        lines.subList(Math.max(0, lines.size() - Describe.LOG_LINES), lines.size());
    if (shown.isEmpty()) {
      return Describe.times(actual.count());
    }
    return Describe.times(actual.count())
        + (shown.size() < actual.count() ? "; the last " + shown.size() + ":" : ":")
        + Describe.lines(shown);
  }

  private void fail(String expectation) {
    String flag = "flag \"" + actual.name() + "\"" + (owner == null ? "" : " of " + owner);
    failWithMessage("%s", "Expecting " + flag + " " + expectation);
  }
}
