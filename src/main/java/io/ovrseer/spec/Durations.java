package io.ovrseer.spec;

import io.ovrseer.internal.Timeouts;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one reader of durations in declarations: {@code 500ms}, {@code 30s}, {@code 2m}, {@code 1h},
 * or ISO-8601 such as {@code PT5S}; at most {@link #MAX}.
 */
public final class Durations {
  /** How durations are written, for messages. */
  public static final String HINT = "use 500ms, 30s, 2m, 1h or ISO-8601 such as PT5S";

  /** The longest duration a declaration may give: {@link Timeouts#MAX}. */
  public static final Duration MAX = Timeouts.MAX;

  /** {@link #MAX} as messages write it. */
  public static final String MAX_TEXT = Timeouts.MAX_TEXT;

  private static final Pattern SHORT = Pattern.compile("(-?\\d+)\\s*(ms|s|m|h)");

  private Durations() {}

  /**
   * The duration {@code text} stands for, or empty if it is not written as {@link #HINT} says. A
   * negative one ({@code -5s}) or one longer than {@link #MAX} is returned for the caller to refuse
   * as out of range (past 12 digits, as some duration longer than {@link #MAX}).
   */
  public static Optional<Duration> parse(String text) {
    String trimmed = text.trim();
    Matcher m = SHORT.matcher(trimmed);
    if (m.matches()) {
      // More than 12 digits is longer than MAX in every unit (10^12 ms is 31 years): out of
      // range, as the caller says, rather than malformed or an overflow here.
      if (m.group(1).replaceFirst("^-?0*", "").length() > 12) {
        return Optional.of(m.group(1).startsWith("-") ? Duration.ofMillis(-1) : MAX.plusMillis(1));
      }
      long amount = Long.parseLong(m.group(1));
      return Optional.of(
          switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            default -> Duration.ofHours(amount);
          });
    }
    if (trimmed.regionMatches(true, 0, "P", 0, 1)) {
      try {
        return Optional.of(Duration.parse(trimmed));
      } catch (DateTimeParseException e) {
        return Optional.empty();
      }
    }
    return Optional.empty();
  }

  /**
   * The duration {@code text} stands for.
   *
   * @throws IllegalArgumentException if it is malformed; for constants of this library
   */
  static Duration of(String text) {
    return parse(text)
        .orElseThrow(() -> new IllegalArgumentException("[" + text + "] is not a duration"));
  }
}
