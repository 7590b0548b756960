package io.ovrseer.internal;

import java.time.Duration;

/**
 * Durations in Ovrseer's messages: whole seconds as "5 s", anything else in milliseconds, and less
 * than a millisecond in microseconds.
 */
public final class DurationText {
  private DurationText() {}

  /** "5 s", "1500 ms" or "500 µs". */
  public static String of(Duration duration) {
    long millis = duration.toMillis();
    if (millis == 0 && !duration.isZero()) {
      return duration.toNanos() / 1000 + " µs";
    }
    return millis % 1000 == 0 ? (millis / 1000) + " s" : millis + " ms";
  }
}
