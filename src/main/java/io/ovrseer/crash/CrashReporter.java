package io.ovrseer.crash;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.ovrseer.internal.FileNames;
import io.ovrseer.internal.PrivateDirectories;
import io.ovrseer.internal.PrivateFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Keeps crash reports in memory and writes each as one JSON file.
 *
 * <p>Default directory ({@link #defaultDirectory()}): {@code target/ovrseer/crash-reports} when the
 * working directory has a {@code target} directory (a Maven build), else {@code crash-reports} in
 * the current user's private runtime directory ({@code $XDG_RUNTIME_DIR/ovrseer} or {@code
 * <java.io.tmpdir>/ovrseer-<uid>}, mode 0700, owner checked, never through a symbolic link; see
 * docs/security.md). Directories the reporter creates get mode 0700, report files mode 0600: they
 * hold command lines and log lines.
 *
 * <p>Each report is written to {@code <timestamp>_<processId>.json}, the id made file-name safe
 * (characters other than ASCII letters, digits, {@code .}, {@code -} and {@code _} become {@code
 * _}); a second report with the same name gets a {@code -1}, {@code -2}... suffix. A report file
 * appears whole or not at all: it is written to a temporary file in the same directory, then
 * renamed. {@link #saveReport} throws {@link UncheckedIOException} when the file cannot be written;
 * the report is still kept in memory. Thread-safe.
 */
public class CrashReporter {
  /**
   * The largest report file {@link #readReports} reads: 64 MiB, so that a huge file is skipped
   * instead of filling the heap. A report's 100 last log lines are at most 64 KiB each as read, and
   * JSON writes a control character in six bytes ({@code \u0001}): a process that printed binary
   * junk makes a report of up to 38 MiB, which must still read back.
   */
  static final int MAX_REPORT_BYTES = 64 * 1024 * 1024;

  /**
   * The time in report file names, made on first use: building a formatter from a pattern loads the
   * java.time.format classes, which a run without crashes need not pay.
   */
  private static final class FileTime {
    static final DateTimeFormatter FORMAT =
        DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSSSSS'Z'").withZone(ZoneOffset.UTC);
  }

  /**
   * The JSON mapper, made on first use: loading Jackson is the largest part of a fresh JVM's first
   * use of Ovrseer, which a run without crashes need not pay.
   */
  private static final class Json {
    static final ObjectMapper MAPPER =
        JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(SerializationFeature.INDENT_OUTPUT)
            // A file holds one report and nothing else (Ovrseer writes it whole): text after the
            // report's JSON object means the file is not one Ovrseer wrote.
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
  }

  /** The directory; null until first needed when it is the default one (found on first use). */
  private volatile Path reportsDir;

  private final List<CrashReport> reports = Collections.synchronizedList(new ArrayList<>());

  /**
   * A reporter writing to the {@link #defaultDirectory() default directory}, found when it is first
   * needed (the first report, or {@link #getReportsDir()}).
   */
  public CrashReporter() {
    this.reportsDir = null;
  }

  /**
   * A reporter writing to {@code reportsDir}, created (missing directories with mode 0700) when the
   * first report is saved.
   */
  public CrashReporter(Path reportsDir) {
    this.reportsDir = Objects.requireNonNull(reportsDir, "reportsDir");
  }

  /**
   * A reporter that keeps nothing and writes nothing. It creates no directory either: its {@link
   * #getReportsDir()} is {@code target/ovrseer/crash-reports} of the working directory (absolute),
   * where a Maven build's default reporter writes, whether or not it exists.
   */
  public static CrashReporter noop() {
    return new NoopCrashReporter();
  }

  /**
   * The default directory: {@code target/ovrseer/crash-reports} (absolute) when the working
   * directory has a {@code target} directory, else {@code crash-reports} in {@link
   * PrivateDirectories#runtime() the current user's private runtime directory}, which this call
   * creates and checks (a directory that fails the checks is replaced by a fresh private one, with
   * a warning).
   *
   * @throws UncheckedIOException if no private directory can be created
   */
  public static Path defaultDirectory() {
    Path target = Path.of("target");
    if (Files.isDirectory(target)) {
      return target.resolve("ovrseer").resolve("crash-reports").toAbsolutePath();
    }
    return PrivateDirectories.subdirectory(PrivateDirectories.runtime(), "crash-reports");
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
        FileTime.FORMAT.format(report.timestamp()) + "_" + FileNames.part(report.processId());
    Path dir = getReportsDir();
    try {
      createDirectories(dir);
      byte[] json = Json.MAPPER.writeValueAsBytes(report);
      for (int attempt = 0; ; attempt++) {
        Path file = dir.resolve(base + (attempt == 0 ? "" : "-" + attempt) + ".json");
        try {
          PrivateFiles.writeNew(file, json);
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
              + dir
              + ": "
              + e,
          e);
    }
  }

  /** Creates {@code dir} and its missing parents, each with mode 0700 where modes exist. */
  private static void createDirectories(Path dir) throws IOException {
    if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
      Files.createDirectories(
          dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    } else {
      Files.createDirectories(dir);
    }
  }

  /**
   * Every report kept, oldest first: by {@link CrashReport#timestamp()}, reports of the same
   * instant in the order they were saved. (Two processes that crash at once may save their reports
   * in either order.)
   */
  public List<CrashReport> getReports() {
    synchronized (reports) {
      return reports.stream().sorted(Comparator.comparing(CrashReport::timestamp)).toList();
    }
  }

  /** The reports of the process {@code processId}, oldest first as in {@link #getReports()}. */
  public List<CrashReport> getReports(String processId) {
    synchronized (reports) {
      return reports.stream()
          .filter(r -> r.processId().equals(processId))
          .sorted(Comparator.comparing(CrashReport::timestamp))
          .toList();
    }
  }

  /** Forgets the reports kept in memory; files on disk stay. */
  public void clearReports() {
    reports.clear();
  }

  /**
   * The directory reports are written to; for the default one, found on the first call.
   *
   * @throws UncheckedIOException if the default directory is needed and no private directory can be
   *     created
   */
  public Path getReportsDir() {
    Path dir = reportsDir;
    if (dir == null) {
      synchronized (this) {
        dir = reportsDir;
        if (dir == null) {
          dir = defaultDirectory();
          reportsDir = dir;
        }
      }
    }
    return dir;
  }

  /**
   * Reads every {@code *.json} report in {@code dir}, oldest first (by timestamp, then file name).
   * A missing directory gives an empty list. A file that is not a regular file (a symbolic link is
   * not followed), cannot be read, or does not hold exactly one whole crash report (a report cut
   * short by a full disk, say, or with anything but white space after it) is skipped: a warning
   * names it and why, and the other reports are still read.
   *
   * @throws UncheckedIOException if the directory cannot be listed
   */
  public static List<CrashReport> readReports(Path dir) {
    if (Files.notExists(Objects.requireNonNull(dir, "dir"))) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      List<Path> sorted =
          files.filter(f -> f.getFileName().toString().endsWith(".json")).sorted().toList();
      List<CrashReport> read = new ArrayList<>(sorted.size());
      for (Path file : sorted) {
        try {
          read.add(readReport(file));
        } catch (IOException e) {
          System.getLogger(CrashReporter.class.getName())
              .log(System.Logger.Level.WARNING, "skipped crash report {0}: {1}", file, e);
        }
      }
      read.sort(Comparator.comparing(CrashReport::timestamp));
      return List.copyOf(read);
    } catch (IOException e) {
      throw new UncheckedIOException("could not list crash reports in " + dir + ": " + e, e);
    }
  }

  /**
   * The report in {@code file}, a regular file of at most {@value #MAX_REPORT_BYTES} bytes, opened
   * without following a symbolic link.
   */
  private static CrashReport readReport(Path file) throws IOException {
    if (!Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
        .isRegularFile()) {
      throw new IOException("not a regular file");
    }
    byte[] json;
    try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
      json = in.readNBytes(MAX_REPORT_BYTES + 1);
    }
    if (json.length > MAX_REPORT_BYTES) {
      throw new IOException("larger than " + MAX_REPORT_BYTES + " bytes, which no report is");
    }
    CrashReport report = Json.MAPPER.readValue(json, CrashReport.class);
    if (report == null) {
      throw new IOException("it holds no crash report");
    }
    return report;
  }

  private static final class NoopCrashReporter extends CrashReporter {
    NoopCrashReporter() {
      // Not the default directory, which outside a Maven build is created when first asked for.
      super(Path.of("target", "ovrseer", "crash-reports").toAbsolutePath());
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
