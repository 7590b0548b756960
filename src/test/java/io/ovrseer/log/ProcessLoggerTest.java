package io.ovrseer.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ProcessLoggerTest {

  private static void append(ProcessLogger logger, String... lines) {
    for (String line : lines) {
      logger.append(LogLine.Stream.STDOUT, line);
    }
  }

  @Test
  void aLineAppendedWithItsReadTimeKeepsIt() {
    ProcessLogger logger = new ProcessLogger();
    java.time.Instant readAt = java.time.Instant.parse("2026-11-26T12:00:00Z");

    LogLine line = logger.append(LogLine.Stream.STDERR, "late", readAt);

    assertThat(line.time()).isEqualTo(readAt);
    assertThat(logger.getEntries()).containsExactly(line);
  }

  @Test
  void keepsAtMostMaxBufferSizeLinesAndReturnsTheLastOnesOldestFirst() {
    ProcessLogger logger = new ProcessLogger(5, 3);
    IntStream.range(0, 12).forEach(i -> append(logger, "line " + i));

    assertThat(logger.getEntries())
        .extracting(LogLine::text)
        .containsExactly("line 7", "line 8", "line 9", "line 10", "line 11");
    assertThat(logger.getLogs()).containsExactly("line 9", "line 10", "line 11");
    assertThat(logger.getLogs(2)).containsExactly("line 10", "line 11");
    assertThat(logger.getLogs(50)).hasSize(5);
    assertThat(logger.getEntries())
        .extracting(LogLine::sequence)
        .containsExactly(7L, 8L, 9L, 10L, 11L);
    assertThat(logger.getLineCount()).isEqualTo(12);
  }

  @Test
  void defaultsAreTenThousandLinesKeptAndOneThousandReturned() {
    ProcessLogger logger = new ProcessLogger();
    IntStream.range(0, 12_000).forEach(i -> append(logger, "l" + i));

    assertThat(logger.getEntries()).hasSize(10_000);
    assertThat(logger.getLogs()).hasSize(1_000).endsWith("l11999");
  }

  @Test
  void flagsCountMatchesAndReachTheirTarget() {
    ProcessLogger logger = new ProcessLogger();
    logger.addFlag("errors", Flag.builder("ERROR").targetCount(2).color(FlagColor.YELLOW).build());
    logger.addFlag("warn", Flag.of("WARN"));

    append(logger, "ok", "ERROR one", "WARN x", "ERROR two", "fine");

    FlagState errors = logger.getFlag("errors").orElseThrow();
    assertThat(errors.count()).isEqualTo(2);
    assertThat(errors.targetReached()).isTrue();
    assertThat(errors.matches())
        .extracting(FlagMatch::line)
        .containsExactly("ERROR one", "ERROR two");
    assertThat(logger.getFlag("warn").orElseThrow().targetReached()).isFalse();
    assertThat(logger.getFlags().keySet()).containsExactly("errors", "warn");
  }

  @Test
  void contextWindowKeepsLinesBeforeAndAfterEachMatch() {
    ProcessLogger logger = new ProcessLogger();
    logger.addFlag("boom", Flag.builder("boom").contextWindowSize(2).build());

    append(logger, "a", "b", "c", "boom 1", "d", "e", "f", "boom 2", "g");

    List<FlagMatch> matches = logger.getFlag("boom").orElseThrow().matches();
    assertThat(matches.get(0).context()).containsExactly("b", "c", "d", "e");
    assertThat(matches.get(1).context()).containsExactly("e", "f", "g");
  }

  @Test
  void listenersSeeLinesAndMatchesWithTheLinesBeforeIt() {
    ProcessLogger logger = new ProcessLogger();
    logger.addFlag("boom", Flag.builder("boom").contextWindowSize(1).targetCount(5).build());
    List<String> seen = new ArrayList<>();
    logger.addListener(
        new ProcessLogger.Listener() {
          @Override
          public void onLine(LogLine line) {
            seen.add("line " + line.text());
          }

          @Override
          public void onFlagMatched(String flagName, Flag flag, int matchCount, FlagMatch match) {
            seen.add("match " + flagName + " #" + matchCount + " after " + match.context());
          }
        });

    append(logger, "x", "boom", "y", "boom");

    assertThat(seen)
        .containsExactly(
            "line x",
            "line boom",
            "match boom #1 after [x]",
            "line y",
            "line boom",
            "match boom #2 after [y]");
  }

  @Test
  void flagsCanBeRemovedAndCleared() {
    ProcessLogger logger = new ProcessLogger();
    logger.addFlag("a", Flag.of("a"));
    logger.addFlag("b", Flag.of("b"));

    logger.removeFlag("a");
    assertThat(logger.getFlags().keySet()).containsExactly("b");
    logger.clearFlags();
    assertThat(logger.getFlags()).isEmpty();
    assertThat(logger.getFlag("b")).isEmpty();
  }

  @Test
  void invalidInputIsRejectedWithTheValue() {
    assertThatThrownBy(() -> Flag.of("(unclosed"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[(unclosed]");
    assertThatThrownBy(() -> new ProcessLogger(0, 1)).hasMessageContaining("maxBufferSize");
    assertThatThrownBy(() -> Flag.builder("x").contextWindowSize(-1).build())
        .hasMessageContaining("contextWindowSize");
  }
}
