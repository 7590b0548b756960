package io.ovrseer.internal;

import java.time.Duration;

/** Durations in Ovrseer's messages: whole seconds as "5 s", anything else in milliseconds. */
public final class DurationText {
  private DurationText() {}

  /** "5 s" or "1500 ms". */
  public static String of(Duration duration) {
    long millis = duration.toMillis();
    return millis % 1000 == 0 ? (millis / 1000) + " s" : millis + " ms";
  }
}
