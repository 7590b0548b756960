package io.ovrseer.bench;

/**
 * The prose section "Where the time goes, and why" of docs/performance.md, with the figures of the
 * run that writes it.
 */
final class Narrative {
  private Narrative() {}

  static String text(BenchmarkReport report) {
    return String.join("\n", "TODO " + report.figure("setsid"));
  }
}
