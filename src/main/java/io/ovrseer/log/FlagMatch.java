package io.ovrseer.log;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One line that matched a {@link Flag}.
 *
 * @param line the matching line
 * @param sequence the line's {@link LogLine#sequence()}
 * @param timestamp when the line was read
 * @param context up to {@code contextWindowSize} lines before the match followed by up to as many
 *     lines after it (fewer at the start of the log, or while the lines after have not arrived);
 *     the matching line itself is not repeated here
 */
public record FlagMatch(String line, long sequence, Instant timestamp, List<String> context) {
  /** Copies the context. */
  public FlagMatch {
    Objects.requireNonNull(line, "line");
    Objects.requireNonNull(timestamp, "timestamp");
    context = List.copyOf(context);
  }
}
