package io.ovrseer.bench;

import java.time.Duration;
import java.util.List;

/**
 * Runs several variants of one scenario in turn, round after round, and keeps their timings at
 * three moments of the JVM's life: its first rounds (cold: Ovrseer's code is interpreted and being
 * compiled), the rounds right after {@link #EARLY} (C1 code, C2 still compiling the paths a stop
 * takes once per round), and the rounds after {@link #STEADY} (compiled: what JMH calls the steady
 * state).
 *
 * <p>Measured here: the stop ratio of the orchestration benchmark falls from about 2.3x in the
 * first seconds to 1.6x at 6 s and settles after 30 to 40 s, because a stop runs once per round and
 * C2 compiles a method only after thousands of calls. A test suite stopping one environment per
 * class sees the early figures; a long-lived JVM sees the steady ones.
 */
final class AlternatingRounds {
  /** How long the variants alternate before the early rounds are measured. */
  static final Duration EARLY = Duration.ofSeconds(6);

  /** How long the variants alternate (from the start) before the steady rounds are measured. */
  static final Duration STEADY = Duration.ofSeconds(40);

  static final int COLD_ROUNDS = 3;
  static final int EARLY_ROUNDS = 41;
  static final int STEADY_ROUNDS = 101;

  /** One variant of the scenario: one round, returning the time of each of its steps. */
  @FunctionalInterface
  interface Variant {
    long[] round() throws Exception;
  }

  /** Timings by moment, variant, step and round: {@code [moment][variant][step][round]}. */
  record Timings(long[][][] cold, long[][][] early, long[][][] steady) {}

  private AlternatingRounds() {}

  /** The three moments, as a report names them. */
  static String moments() {
    return "the first "
        + COLD_ROUNDS
        + " rounds (cold), "
        + EARLY_ROUNDS
        + " rounds after "
        + EARLY.toSeconds()
        + " s, and "
        + STEADY_ROUNDS
        + " rounds after "
        + STEADY.toSeconds()
        + " s";
  }

  static Timings run(List<Variant> variants, int steps) throws Exception {
    long began = System.nanoTime();
    long[][][] cold = measure(variants, steps, COLD_ROUNDS);
    alternateUntil(variants, began + EARLY.toNanos());
    long[][][] early = measure(variants, steps, EARLY_ROUNDS);
    alternateUntil(variants, began + STEADY.toNanos());
    long[][][] steady = measure(variants, steps, STEADY_ROUNDS);
    return new Timings(cold, early, steady);
  }

  private static long[][][] measure(List<Variant> variants, int steps, int rounds)
      throws Exception {
    long[][][] timings = new long[variants.size()][steps][rounds];
    for (int round = 0; round < rounds; round++) {
      for (int v = 0; v < variants.size(); v++) {
        long[] took = variants.get(v).round();
        for (int step = 0; step < steps; step++) {
          timings[v][step][round] = took[step];
        }
      }
    }
    return timings;
  }

  private static void alternateUntil(List<Variant> variants, long deadline) throws Exception {
    while (System.nanoTime() - deadline < 0) {
      for (Variant variant : variants) {
        variant.round();
      }
    }
  }
}
