package io.ovrseer.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineReaderTest {
  private record Line(String text, Instant readAt) {}

  private final List<Line> lines = new ArrayList<>();
  private final LineReader reader =
      new LineReader((text, readAt) -> lines.add(new Line(text, readAt)));

  private void read(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    reader.accept(bytes, bytes.length);
  }

  @Test
  void theLinesOfOneReadShareItsTimeAndALaterReadHasALaterOne() {
    Instant before = Instant.now();
    read("first\r\nsecond\nthird, cut");
    read(" by the pipe\n");
    reader.finish();

    assertThat(lines)
        .extracting(Line::text)
        .containsExactly("first", "second", "third, cut by the pipe");
    assertThat(lines.get(0).readAt()).isAfterOrEqualTo(before).isEqualTo(lines.get(1).readAt());
    assertThat(lines.get(2).readAt()).isAfterOrEqualTo(lines.get(1).readAt());
  }

  @Test
  void aLineOfTheLongestLengthKeptWholeEndingInCrlfIsWholeAlsoAcrossReads() {
    String longest = "x".repeat(LineReader.MAX_LINE_BYTES);
    read(longest + "\r\n");
    read(longest.substring(0, 1000));
    read(longest.substring(1000) + "\r\n");
    read(longest + "y\n");

    assertThat(lines)
        .extracting(Line::text)
        .containsExactly(longest, longest, longest + LineReader.CUT_MARKER);
  }

  @Test
  void aLastLineWithoutNewlineIsDeliveredAtTheEndWithItsOwnTime() {
    read("done\nno newline");
    Instant beforeEnd = Instant.now();
    reader.finish();

    assertThat(lines).extracting(Line::text).containsExactly("done", "no newline");
    assertThat(lines.get(1).readAt()).isAfterOrEqualTo(beforeEnd);
  }
}
