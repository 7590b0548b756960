package io.ovrseer.junit;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/**
 * Reads the durations of the annotations: {@code 500ms}, {@code 30s}, {@code 2m}, {@code 1h}, or
 * ISO-8601 such as {@code PT5S}.
 */
final class Durations {
  static final String HINT = "use 500ms, 30s, 2m, 1h or ISO-8601 such as PT5S";
  private static final Pattern SHORT = Pattern.compile("(\\d{1,12})\\s*(ms|s|m|h)");

  private Durations() {}

  /**
   * The duration {@code text} stands for.
   *
   * @param where the attribute it was read from, for the message, such as {@code
   *     "@OvrseerEnvironment(retryDelay)"}
   * @param positive whether zero is rejected too
   * @throws ExtensionConfigurationException naming {@code where} and showing {@code text}
   */
  static Duration parse(String text, String where, boolean positive) {
    Duration duration = parseOrNull(text.trim());
    if (duration == null) {
      throw new ExtensionConfigurationException(
          where + " [" + text + "] is not a duration; " + HINT);
    }
    if (duration.isNegative() || (positive && duration.isZero())) {
      throw new ExtensionConfigurationException(
          where + " [" + text + "] must be " + (positive ? "positive" : "0 or more"));
    }
    return duration;
  }

  private static Duration parseOrNull(String text) {
    Matcher m = SHORT.matcher(text);
    if (m.matches()) {
      long amount = Long.parseLong(m.group(1));
      return switch (m.group(2)) {
        case "ms" -> Duration.ofMillis(amount);
        case "s" -> Duration.ofSeconds(amount);
        case "m" -> Duration.ofMinutes(amount);
        default -> Duration.ofHours(amount);
      };
    }
    if (text.regionMatches(true, 0, "P", 0, 1)) {
      try {
        return Duration.parse(text);
      } catch (DateTimeParseException e) {
        return null;
      }
    }
    return null;
  }

  /** {@code d} for humans: {@code 812 ms}, {@code 3.2 s}. */
  static String format(Duration d) {
    long ms = d.toMillis();
    return ms < 10_000 ? ms + " ms" : String.format(java.util.Locale.ROOT, "%.1f s", ms / 1000.0);
  }
}
