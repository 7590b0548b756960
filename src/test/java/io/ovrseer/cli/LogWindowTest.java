package io.ovrseer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ovrseer.log.LogLine;
import io.ovrseer.testing.NoLeftoverProcesses;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(NoLeftoverProcesses.class)
class LogWindowTest {
  /** Lines with sequences 100..139 (the first 100 were dropped from the buffer), text "line N". */
  private final List<LogLine> entries = lines(100, 40);

  @Test
  void followingShowsTheNewestLines() {
    assertThat(LogWindow.end(entries, true, -1, 10)).isEqualTo(40);
  }

  @Test
  void aScrolledViewEndsAtItsAnchorLineAndAnAnchorDroppedFromTheBufferShowsTheFirstPage() {
    assertThat(LogWindow.end(entries, false, 120, 10)).isEqualTo(21);
    assertThat(LogWindow.end(entries, false, 5, 10)).isEqualTo(10);
  }

  @Test
  void scrollingUpStopsAtTheFirstPageAndScrollingDownToTheEndFollowsAgain() {
    assertThat(LogWindow.scroll(entries, 40, -10, 10)).isEqualTo(129);
    assertThat(LogWindow.scroll(entries, 15, -10, 10)).isEqualTo(109);
    assertThat(LogWindow.scroll(entries, 30, 10, 10)).isEqualTo(-1);
  }

  @Test
  void matchesAreFoundOlderOrNewerThanTheCurrentOne() {
    Predicate<String> sevens = Pattern.compile("7$").asPredicate();
    assertThat(LogWindow.findMatch(entries, sevens, Long.MAX_VALUE, true)).isEqualTo(137);
    assertThat(LogWindow.findMatch(entries, sevens, 137, true)).isEqualTo(127);
    assertThat(LogWindow.findMatch(entries, sevens, 107, true)).isEqualTo(-1);
    assertThat(LogWindow.findMatch(entries, sevens, 117, false)).isEqualTo(127);
    assertThat(LogWindow.findMatch(entries, sevens, 137, false)).isEqualTo(-1);
    assertThat(LogWindow.countMatches(entries, sevens)).isEqualTo(4);
  }

  @Test
  void centeringPutsTheLineInTheMiddleOfTheView() {
    assertThat(LogWindow.centerOn(entries, 110, 10)).isEqualTo(115);
    assertThat(LogWindow.centerOn(entries, 138, 10)).isEqualTo(139);
  }

  private static List<LogLine> lines(long first, int count) {
    List<LogLine> lines = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      lines.add(
          new LogLine(first + i, Instant.EPOCH, LogLine.Stream.STDOUT, "line " + (first + i)));
    }
    return lines;
  }
}
