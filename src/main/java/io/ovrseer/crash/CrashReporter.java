package io.ovrseer.crash;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Keeps crash reports in memory and writes each as one JSON file.
 *
 * <p>Default directory: {@code <java.io.tmpdir>/ovrseer/crash-reports}. Each report is written to
 * {@code <timestamp>_<processId>.json}, the id made file-name safe (characters other than letters,
 * digits, {@code .}, {@code -} and {@code _} become {@code _}); a second report with the same name
 * gets a {@code -1}, {@code -2}... suffix. {@link #saveReport} throws {@link UncheckedIOException}
 * when the file cannot be written; the report is still kept in memory. Thread-safe.
 */
public class CrashReporter {

  /**
   * The time in report file names, made on first use: building a formatter from a pattern takes a
   * JVM about 6 ms (the java.time.format classes), which a run without crashes need not pay.
   */
  private static final class FileTime {
    static final DateTimeFormatter FORMAT =
        DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSSSSS'Z'").withZone(ZoneOffset.UTC);
  }

  /**
   * The JSON mapper, made on first use: loading Jackson takes a fresh JVM about a tenth of a
   * second, which a run without crashes need not pay.
   */
  private static final class Json {
    static final ObjectMapper MAPPER =
        JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();
  }

  private final Path reportsDir;
  private final List<CrashReport> reports = Collections.synchronizedList(new ArrayList<>());

  /** A reporter writing to {@code <java.io.tmpdir>/ovrseer/crash-reports}. */
  public CrashReporter() {
    this(defaultDirectory());
  }

  /** A reporter writing to {@code reportsDir}, created when the first report is saved. */
  public CrashReporter(Path reportsDir) {
    this.reportsDir = Objects.requireNonNull(reportsDir, "reportsDir");
  }

  /** A reporter that keeps nothing and writes nothing. */
  public static CrashReporter noop() {
    return new NoopCrashReporter();
  }

  /** The default directory: {@code <java.io.tmpdir>/ovrseer/crash-reports}. */
  public static Path defaultDirectory() {
    return Path.of(System.getProperty("java.io.tmpdir"), "ovrseer", "crash-reports");
  }

  /**
   * Keeps {@code report} and writes it as JSON to the reports directory.
   *
   * @throws UncheckedIOException if the file cannot be written (the report is kept regardless)
   */
  public void saveReport(CrashReport report) {
    Objects.requireNonNull(report, "report");
    reports.add(report);
    write(report);
  }

  /** Writes the report file and returns its path. */
  Path write(CrashReport report) {
    String base =
        FileTime.FORMAT.format(report.timestamp()) + "_" + safeFileName(report.processId());
    try {
      Files.createDirectories(reportsDir);
      byte[] json = Json.MAPPER.writeValueAsBytes(report);
      for (int attempt = 0; ; attempt++) {
        Path file = reportsDir.resolve(base + (attempt == 0 ? "" : "-" + attempt) + ".json");
        try {
          Files.write(file, json, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
          return file;
        } catch (FileAlreadyExistsException taken) {
          // Two reports of one process in the same microsecond: take the next suffix.
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "could not write crash report of process \""
              + report.processId()
              + "\" to "
              + reportsDir
              + ": "
              + e,
          e);
    }
  }

  /** Every report saved so far, oldest first. */
  public List<CrashReport> getReports() {
    synchronized (reports) {
      return List.copyOf(reports);
    }
  }

  /** The reports of the process {@code processId}, oldest first. */
  public List<CrashReport> getReports(String processId) {
    synchronized (reports) {
      return reports.stream().filter(r -> r.processId().equals(processId)).toList();
    }
  }

  /** Forgets the reports kept in memory; files on disk stay. */
  public void clearReports() {
    reports.clear();
  }

  /** The directory reports are written to. */
  public Path getReportsDir() {
    return reportsDir;
  }

  /**
   * Reads every {@code *.json} report in {@code dir}, oldest first (by timestamp, then file name).
   * A missing directory gives an empty list.
   *
   * @throws UncheckedIOException if a file cannot be read or is not a crash report
   */
  public static List<CrashReport> readReports(Path dir) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      List<Path> sorted =
          files.filter(f -> f.getFileName().toString().endsWith(".json")).sorted().toList();
      List<CrashReport> read = new ArrayList<>(sorted.size());
      for (Path file : sorted) {
        try {
          read.add(Json.MAPPER.readValue(file.toFile(), CrashReport.class));
        } catch (IOException e) {
          throw new UncheckedIOException("could not read crash report " + file + ": " + e, e);
        }
      }
      read.sort(java.util.Comparator.comparing(CrashReport::timestamp));
      return List.copyOf(read);
    } catch (IOException e) {
      throw new UncheckedIOException("could not list crash reports in " + dir + ": " + e, e);
    }
  }

  /** {@code id} with every character other than letters, digits, '.', '-' and '_' as '_'. */
  static String safeFileName(String id) {
    String safe = id.replaceAll("[^A-Za-z0-9._-]", "_");
    if (safe.isEmpty() || safe.chars().allMatch(c -> c == '.')) {
      safe = "_" + safe;
    }
    return safe.length() > 100 ? safe.substring(0, 100) : safe;
  }

  private static final class NoopCrashReporter extends CrashReporter {
    NoopCrashReporter() {
      super(defaultDirectory());
    }

    @Override
    public void saveReport(CrashReport report) {}

    @Override
    public List<CrashReport> getReports() {
      return List.of();
    }

    @Override
    public List<CrashReport> getReports(String processId) {
      return List.of();
    }
  }
}
