package io.ovrseer.assertj;

import static io.ovrseer.assertj.OvrseerAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ovrseer.log.Flag;
import io.ovrseer.log.FlagState;
import io.ovrseer.log.LogLine;
import io.ovrseer.log.ProcessLogger;
import org.junit.jupiter.api.Test;

/** FlagStateAssert, on flags of a logger fed line by line (flags are pure log behaviour). */
class FlagStateAssertTest {

  @Test
  void hasCountPassesOnTheExactCountAndShowsTheMatchesOtherwise() {
    FlagState errors = flag(Flag.of("ERROR"), "ERROR disk full", "ok", "ERROR disk still full");

    assertThat(errors).hasCount(2);
    assertThatThrownBy(() -> assertThat(errors).hasCount(1))
        .isInstanceOf(AssertionError.class)
        .hasMessage(
            "Expecting flag \"flag\" to have matched 1 time but it matched 2 times:\n"
                + "  | ERROR disk full\n  | ERROR disk still full");
  }

  @Test
  void hasNoMatchesPassesOnlyWithoutMatches() {
    assertThat(flag(Flag.of("ERROR"), "all good")).hasNoMatches().hasCount(0);
    assertThatThrownBy(() -> assertThat(flag(Flag.of("ERROR"), "ERROR boom")).hasNoMatches())
        .hasMessage(
            "Expecting flag \"flag\" to have no matches but it matched 1 time:\n  | ERROR boom");
  }

  @Test
  void hasReachedTargetNeedsATargetCountThatWasReached() {
    Flag threeJobs = Flag.builder("job done").targetCount(3).build();

    assertThat(flag(threeJobs, "job done", "job done", "job done")).hasReachedTarget();
    assertThatThrownBy(() -> assertThat(flag(threeJobs, "job done")).hasReachedTarget())
        .hasMessage(
            "Expecting flag \"flag\" to have reached its target count 3 but it matched 1 time:\n"
                + "  | job done");
    assertThatThrownBy(() -> assertThat(flag(Flag.of("job done"), "job done")).hasReachedTarget())
        .hasMessage(
            "Expecting flag \"flag\" to have reached its target count but it has none; give the"
                + " flag a targetCount");
  }

  @Test
  void hasMatchContainingLooksAtTheMatchingLines() {
    FlagState errors =
        flag(Flag.of("ERROR"), "ERROR timeout after 5 s", "timeout is not an error here");

    assertThat(errors).hasMatchContaining("timeout after");
    assertThatThrownBy(() -> assertThat(errors).hasMatchContaining("not an error"))
        .hasMessage(
            "Expecting flag \"flag\" to have a match containing \"not an error\" but it matched 1"
                + " time:\n"
                + "  | ERROR timeout after 5 s");
  }

  @Test
  void moreMatchesThanShownAreSaidToBeTheLastOnes() {
    String[] lines = new String[12];
    for (int i = 0; i < lines.length; i++) {
      lines[i] = "ERROR " + (i + 1);
    }

    // "it matched 12 times:" then 10 lines, which read as if they were all.
    assertThatThrownBy(() -> assertThat(flag(Flag.of("ERROR"), lines)).hasNoMatches())
        .hasMessageStartingWith(
            "Expecting flag \"flag\" to have no matches but it matched 12 times; the last 10:\n"
                + "  | ERROR 3\n")
        .hasMessageEndingWith("  | ERROR 12");
  }

  @Test
  void aNullFlagStateFailsAsAssertJDoes() {
    assertThatThrownBy(() -> assertThat((FlagState) null).hasNoMatches())
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("Expecting actual not to be null");
  }

  private static FlagState flag(Flag flag, String... lines) {
    ProcessLogger logger = new ProcessLogger();
    logger.addFlag("flag", flag);
    for (String line : lines) {
      logger.append(LogLine.Stream.STDOUT, line);
    }
    return logger.getFlag("flag").orElseThrow();
  }
}
