package io.ovrseer.bench;

import static io.ovrseer.fixtures.Fixtures.steps;
import static org.assertj.core.api.Assertions.assertThat;

import io.ovrseer.fixtures.Steps;
import io.ovrseer.log.Flag;
import io.ovrseer.log.ProcessLogger;
import io.ovrseer.process.ProcessUnit;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A child flooding 5 million lines while 10 flags match is not slowed down by Ovrseer's reading:
 * its own write time is compared with writing to /dev/null and to a plain reader, side by side in
 * one run. A timing claim, so it runs with the benchmarks ({@code mvn -P bench verify}), not in the
 * suite.
 */
final class FloodBenchmark {
  private static final int LINES = 5_000_000;
  private static final int ROUNDS = 5;

  static void run() throws Exception {
    long[] devNull = new long[ROUNDS];
    long[] plainPipe = new long[ROUNDS];
    long[] ovrseer = new long[ROUNDS];
    for (int round = 0; round < ROUNDS; round++) {
      devNull[round] = writeToDevNull();
      plainPipe[round] = writeToPlainReader();
      ovrseer[round] = writeToOvrseer();
    }
    long devNullMedian = median(devNull);
    long plainMedian = median(plainPipe);
    long ovrseerMedian = median(ovrseer);
    PerformanceBenchmark.REPORT.section(
        "A flooding child is not slowed down",
        "A child JVM writes "
            + String.format("%,d", LINES)
            + " lines as fast as it can and times its own writing;"
            + " Ovrseer's logger has 10 flags, one of which matches every line. Median of "
            + ROUNDS
            + " rounds.",
        List.of("child writes to", "its write time", "ratio to /dev/null"),
        List.of(
            List.of("/dev/null", devNullMedian + " ms", "1.00x"),
            List.of(
                "a plain reader (BufferedReader.readLine)",
                plainMedian + " ms",
                String.format("%.2fx", plainMedian / (double) devNullMedian)),
            List.of(
                "Ovrseer with 10 flags",
                ovrseerMedian + " ms",
                String.format("%.2fx", ovrseerMedian / (double) devNullMedian))),
        "Goal: within 20% of /dev/null. "
            + (ovrseerMedian <= devNullMedian * 1.2 ? "Met." : "NOT met in this run.")
            + " Any pipe costs the writer something (copies, wake-ups, a full 64 KiB pipe buffer); on a busy"
            + " 2-core machine the reader and the writer compete for the cores.");
    PerformanceBenchmark.REPORT.goal(
        "a child flooding lines, 10 flags matching, within 20% of its time writing to /dev/null",
        String.format("%.2fx", ovrseerMedian / (double) devNullMedian),
        ovrseerMedian <= devNullMedian * 1.2,
        "any pipe reader costs the writer copies and wake-ups; compare the plain reader's row");
    System.out.printf(
        "flood: child wrote %,d lines in %d ms to /dev/null, %d ms to a plain pipe reader (%.2fx),"
            + " %d ms to Ovrseer with 10 flags (%.2fx of /dev/null, %.2fx of the plain reader)%n",
        LINES,
        devNullMedian,
        plainMedian,
        plainMedian / (double) devNullMedian,
        ovrseerMedian,
        ovrseerMedian / (double) devNullMedian,
        ovrseerMedian / (double) plainMedian);
  }

  private static long median(long[] values) {
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  private static long writeToPlainReader() throws Exception {
    List<String> command = new ArrayList<>(Steps.java());
    command.addAll(List.of("timed-flood", Integer.toString(LINES)));
    Process process = new ProcessBuilder(command).start();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader out =
                  new BufferedReader(new InputStreamReader(process.getInputStream()), 1 << 16)) {
                while (out.readLine() != null) {
                  // count nothing: the cheapest reader there is
                }
              } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
            });
    reader.start();
    try (BufferedReader err = new BufferedReader(new InputStreamReader(process.getErrorStream()))) {
      String line = err.readLine();
      reader.join();
      process.waitFor();
      return millis(line);
    }
  }

  private static long writeToDevNull() throws Exception {
    List<String> command = new ArrayList<>(Steps.java());
    command.addAll(List.of("timed-flood", Integer.toString(LINES)));
    Process process =
        new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    try (BufferedReader err = new BufferedReader(new InputStreamReader(process.getErrorStream()))) {
      String line = err.readLine();
      process.waitFor();
      return millis(line);
    }
  }

  private static long writeToOvrseer() {
    ProcessLogger logger = new ProcessLogger();
    // The benchmark's ten flags, the last one swapped for one that matches every line.
    List<String> patterns = new ArrayList<>(PerformanceBenchmark.FLAG_PATTERNS.subList(0, 9));
    patterns.add("fox jumps");
    for (int i = 0; i < patterns.size(); i++) {
      logger.addFlag("flag" + i, Flag.of(patterns.get(i)));
    }
    ProcessUnit unit = steps("timed-flood", Integer.toString(LINES)).logger(logger).build();
    unit.start();
    unit.exit().join();
    assertThat(logger.getLineCount()).isEqualTo(LINES + 1L);
    assertThat(logger.getFlag("flag9").orElseThrow().count())
        .as("matches of /fox jumps/")
        .isEqualTo(LINES);
    return millis(logger.getLogs(1).get(0));
  }

  private static long millis(String report) {
    String[] words = report.split(" ");
    return Long.parseLong(words[words.length - 2]);
  }
}
