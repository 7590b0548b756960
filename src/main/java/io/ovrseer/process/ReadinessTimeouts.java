package io.ovrseer.process;

import java.time.Duration;
import java.util.Objects;

/**
 * Validates readiness timeouts; kept out of {@link ReadyCheck}, whose static methods are public.
 */
final class ReadinessTimeouts {
  private ReadinessTimeouts() {}

  /** Returns {@code timeout} if it is positive, else throws naming it. */
  static Duration requirePositive(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("readiness timeout must be positive but was " + timeout);
    }
    return timeout;
  }
}
