package io.ovrseer.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Collects benchmark sections and the verdict on each goal, prints them, and writes
 * docs/performance.md: the goals first, then the sections in the order they ran.
 */
final class BenchmarkReport {
  private final List<String> sections = new ArrayList<>();
  private final List<List<String>> goals = new ArrayList<>();
  private final Map<String, String> figures = new HashMap<>();
  private final String loadAtStart = loadAverage();

  /**
   * Records the verdict on a goal: what it asks, this run's figure, and, when it is not met, why
   * (the reason is only written then).
   */
  void goal(String goal, String figure, boolean met, String whyNot) {
    goals.add(List.of(goal, figure, met ? "met" : "**not met**", met ? "-" : whyNot));
    System.out.println("goal: " + goal + ": " + figure + (met ? " (met)" : " (NOT met)"));
  }

  /** Keeps a figure of this run under {@code key} for the prose written at the end. */
  void figure(String key, String value) {
    figures.put(key, value);
  }

  /** The figure kept under {@code key}, or a marker saying this run did not measure it. */
  String figure(String key) {
    return figures.getOrDefault(key, "(not measured in this run)");
  }

  void section(
      String title, String intro, List<String> header, List<List<String>> rows, String verdict) {
    StringBuilder text = new StringBuilder("## ").append(title).append("\n\n");
    if (!intro.isEmpty()) {
      text.append(intro).append("\n\n");
    }
    text.append("| ").append(String.join(" | ", header)).append(" |\n");
    text.append("|").append("---|".repeat(header.size())).append("\n");
    for (List<String> row : rows) {
      text.append("| ").append(String.join(" | ", row)).append(" |\n");
    }
    if (!verdict.isEmpty()) {
      text.append("\n").append(verdict).append("\n");
    }
    sections.add(text.toString());
    System.out.println(text);
  }

  /** A section of prose only. */
  void note(String title, String text) {
    sections.add("## " + title + "\n\n" + text + "\n");
  }

  void write(Path file, String command) {
    StringBuilder doc = new StringBuilder();
    doc.append("# Performance\n\n");
    doc.append("Measured side by side in one run on the development machine (")
        .append(Runtime.getRuntime().availableProcessors())
        .append(" cores, Java ")
        .append(System.getProperty("java.version"))
        .append(", ")
        .append(LocalDate.now())
        .append(", load average ")
        .append(loadAtStart)
        .append(" at the start and ")
        .append(loadAverage())
        .append(
            " at the end). The machine is noisy, so every figure is a median of repeated rounds and every")
        .append(
            " claim is a ratio to a baseline measured in the same run, never an absolute threshold")
        .append(" in a unit test.\n\n");
    doc.append(
            "Reproduce (installs supervisord and PM2 for the peer comparison, then runs the suite and")
        .append(" rewrites this file):\n\n```sh\n")
        .append(command)
        .append("\n```\n\n");
    if (!goals.isEmpty()) {
      doc.append("## Goals\n\n")
          .append(
              "Each judged in the section named, against a baseline measured in the same run.\n\n")
          .append("| goal | this run | verdict | where not, why |\n|---|---|---|---|\n");
      for (List<String> goal : goals) {
        doc.append("| ").append(String.join(" | ", goal)).append(" |\n");
      }
      doc.append("\n");
    }
    sections.forEach(s -> doc.append(s).append("\n"));
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, doc.toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The one-minute load average, or "unknown" where {@code /proc/loadavg} is missing. */
  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    } catch (IOException e) {
      return "unknown";
    }
  }

  static double median(long[] values) {
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
  }

  static String ms(double nanos) {
    return String.format(Locale.ROOT, "%.2f ms", nanos / 1e6);
  }

  static String us(double nanos) {
    return String.format(Locale.ROOT, "%.0f µs", nanos / 1e3);
  }

  /** Microseconds below a millisecond, milliseconds above. */
  static String time(double nanos) {
    return nanos < 1e6 ? us(nanos) : ms(nanos);
  }

  static String ratio(double value, double baseline) {
    return String.format(Locale.ROOT, "%.2fx", value / baseline);
  }

  static String num(double value, String format) {
    return String.format(Locale.ROOT, format, value);
  }
}
