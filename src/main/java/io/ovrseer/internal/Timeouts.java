package io.ovrseer.internal;

import java.time.Duration;
import java.util.Objects;

/**
 * The one rule for every duration Ovrseer waits or delays by (timeouts, stop timeouts, retry
 * delays), in the builders, the annotations and YAML alike: not negative (or positive, where zero
 * makes no sense), and at most {@link #MAX}.
 */
public final class Timeouts {

  /**
   * The longest duration: {@value #MAX_TEXT}. Longer ones are mistakes (nobody waits a year for a
   * test environment), and bounding them keeps every deadline computed from them ({@code now +
   * timeout}, in nanoseconds) far from overflowing: {@code ChronoUnit.FOREVER} as "no limit" threw
   * an {@link ArithmeticException} in the middle of a stop.
   */
  public static final Duration MAX = Duration.ofDays(365);

  /** {@link #MAX} as messages write it. */
  public static final String MAX_TEXT = "8760h (365 days)";

  private Timeouts() {}

  /**
   * {@code duration}, checked.
   *
   * @param what what it is, for the message ({@code "stopTimeout"})
   * @param zeroAllowed whether zero is allowed (a stop timeout of zero kills at once)
   * @throws IllegalArgumentException if it is negative, zero where not allowed, or over {@link
   *     #MAX}
   */
  public static Duration check(String what, Duration duration, boolean zeroAllowed) {
    Objects.requireNonNull(duration, what);
    if (duration.isNegative() || (duration.isZero() && !zeroAllowed)) {
      throw new IllegalArgumentException(
          what
              + (zeroAllowed ? " must not be negative" : " must be positive")
              + " but was "
              + duration);
    }
    if (duration.compareTo(MAX) > 0) {
      throw new IllegalArgumentException(
          what + " must be " + MAX_TEXT + " or shorter but was " + duration);
    }
    return duration;
  }
}
