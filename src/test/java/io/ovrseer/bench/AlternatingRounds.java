package io.ovrseer.bench;

import java.time.Duration;
import java.util.List;

/**
 * Runs several variants of one scenario in turn, round after round, and keeps their timings at
 * three moments of the JVM's life: its first rounds (cold: Ovrseer's code is interpreted and being
 * compiled), the rounds right after {@link #EARLY} (C1 code, C2 still compiling the paths a stop
 * takes once per round), and the rounds after {@link #STEADY} (compiled: what JMH calls the steady
 * state). With {@code -Dovrseer.bench.quick=true} (trial runs of one section) the moments come
 * after 1 and 2 s instead.
 */
final class AlternatingRounds {
  /** Set to {@code true} for trial runs: the moments come after 1 and 2 s. */
  static final String QUICK = "ovrseer.bench.quick";

  /** How long the variants alternate before the early rounds are measured. */
  static final Duration EARLY = Duration.ofSeconds(Boolean.getBoolean(QUICK) ? 1 : 6);

  /** How long the variants alternate (from the start) before the steady rounds are measured. */
  static final Duration STEADY = Duration.ofSeconds(Boolean.getBoolean(QUICK) ? 2 : 40);

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
