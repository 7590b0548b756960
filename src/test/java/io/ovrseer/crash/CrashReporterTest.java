package io.ovrseer.crash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ovrseer.ProcessType;
import io.ovrseer.fixtures.SaveOneCrashReport;
import io.ovrseer.testing.LogCapture;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CrashReporterTest {
  @TempDir Path dir;

  private static CrashReport report(String id, Instant at) {
    Map<String, Integer> flags = new LinkedHashMap<>();
    flags.put("errors", 2);
    flags.put("warnings", 0);
    return new CrashReport(
        id,
        ProcessType.MAIN,
        CrashType.CRASH,
        "java",
        List.of("-jar", "app.jar"),
        3,
        null,
        at,
        List.of("starting", "ERROR boom"),
        1,
        3,
        "main process \"" + id + "\" exited with exit code 3",
        flags);
  }

  @Test
  void eachReportIsOneJsonFileThatReadsBackEqual() throws Exception {
    CrashReporter reporter = new CrashReporter(dir);
    CrashReport first = report("api", Instant.parse("2026-11-26T10:15:30.123456Z"));
    CrashReport second = report("api", Instant.parse("2026-11-26T10:15:31Z"));

    reporter.saveReport(first);
    reporter.saveReport(second);

    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.map(f -> f.getFileName().toString()))
          .containsExactlyInAnyOrder(
              "20261126T101530.123456Z_api.json", "20261126T101531.000000Z_api.json");
    }
    assertThat(CrashReporter.readReports(dir)).containsExactly(first, second);
    assertThat(reporter.getReports()).containsExactly(first, second);
    assertThat(Files.readString(dir.resolve("20261126T101530.123456Z_api.json")))
        .contains("\"processId\" : \"api\"")
        .contains("\"timestamp\" : \"2026-11-26T10:15:30.123456Z\"");
  }

  @Test
  void idsWithSlashesOrSpacesGiveSafeFileNames() throws Exception {
    CrashReporter reporter = new CrashReporter(dir);
    Instant at = Instant.parse("2026-11-26T10:00:00Z");

    reporter.saveReport(report("../etc/passwd", at));
    reporter.saveReport(report("my api server", at));
    reporter.saveReport(report("café", at)); // only ASCII letters are kept

    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.map(f -> f.getFileName().toString()))
          .containsExactlyInAnyOrder(
              "20261126T100000.000000Z_.._etc_passwd.json",
              "20261126T100000.000000Z_my_api_server.json",
              "20261126T100000.000000Z_caf_.json");
    }
    assertThat(CrashReporter.readReports(dir))
        .extracting(CrashReport::processId)
        .containsExactlyInAnyOrder("../etc/passwd", "my api server", "café");
  }

  @Test
  void twoReportsAtTheSameInstantDoNotOverwriteEachOther() {
    CrashReporter reporter = new CrashReporter(dir);
    Instant at = Instant.parse("2026-11-26T10:00:00Z");

    reporter.saveReport(report("api", at));
    reporter.saveReport(report("api", at));

    assertThat(CrashReporter.readReports(dir)).hasSize(2);
  }

  @Test
  void aWriteFailureIsThrownAndTheReportIsStillKept() throws Exception {
    Path notADirectory = Files.writeString(dir.resolve("file"), "x");
    CrashReporter reporter = new CrashReporter(notADirectory.resolve("reports"));
    CrashReport report = report("api", Instant.now());

    assertThatThrownBy(() -> reporter.saveReport(report))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("\"api\"")
        .hasMessageContaining(notADirectory.toString());
    assertThat(reporter.getReports()).containsExactly(report);
  }

  @Test
  void reportsCanBeFilteredAndCleared() {
    CrashReporter reporter = new CrashReporter(dir);
    reporter.saveReport(report("api", Instant.now()));
    reporter.saveReport(report("db", Instant.now()));

    assertThat(reporter.getReports("db")).extracting(CrashReport::processId).containsExactly("db");
    reporter.clearReports();
    assertThat(reporter.getReports()).isEmpty();
    assertThat(CrashReporter.readReports(dir)).hasSize(2);
  }

  @Test
  void reportsAreOldestFirstByTimestampWhateverOrderTheyWereSavedIn() {
    // Two processes crash at once: the later crash's report may be saved first.
    CrashReporter reporter = new CrashReporter(dir);
    CrashReport later = report("api", Instant.parse("2026-11-26T10:00:02Z"));
    CrashReport earlier = report("db", Instant.parse("2026-11-26T10:00:01Z"));
    CrashReport sameAsLater = report("web", later.timestamp());
    CrashReport earliest = report("api", Instant.parse("2026-11-26T10:00:00Z"));
    for (CrashReport saved : List.of(later, earlier, sameAsLater, earliest)) {
      reporter.saveReport(saved);
    }

    assertThat(reporter.getReports()).containsExactly(earliest, earlier, later, sameAsLater);
    assertThat(reporter.getReports("api")).containsExactly(earliest, later);
    assertThat(CrashReporter.readReports(dir))
        .containsExactly(earliest, earlier, later, sameAsLater);
  }

  @Test
  void noopKeepsAndWritesNothing() {
    CrashReporter noop = CrashReporter.noop();
    noop.saveReport(report("api", Instant.now()));
    assertThat(noop.getReports()).isEmpty();
  }

  @Test
  void inAMavenBuildTheDefaultDirectoryIsUnderTarget() {
    // The tests run in the project directory, which has a target directory.
    assertThat(new CrashReporter().getReportsDir())
        .isEqualTo(Path.of("target", "ovrseer", "crash-reports").toAbsolutePath());
  }

  @Test
  void theNoopReporterTouchesNoDiskNotEvenForItsDirectory(@TempDir Path work) throws Exception {
    Path tmpdir = Files.createDirectory(work.resolve("tmp"));
    Path cwd = Files.createDirectory(work.resolve("cwd"));

    String output = saveOneReportIn(cwd, tmpdir, "noop");

    assertThat(tmpdir).isEmptyDirectory();
    assertThat(cwd).isEmptyDirectory();
    assertThat(output.strip()).isEqualTo(cwd.resolve("target/ovrseer/crash-reports").toString());
  }

  /**
   * Runs {@link SaveOneCrashReport} in a fresh JVM in {@code cwd}, with {@code tmpdir} as its
   * temporary directory and no XDG_RUNTIME_DIR, and returns what it printed (its reports
   * directory); fails if it does not exit 0.
   */
  private static String saveOneReportIn(Path cwd, Path tmpdir, String... args) throws Exception {
    String java = ProcessHandle.current().info().command().orElseThrow();
    List<String> command =
        new ArrayList<>(
            List.of(
                java,
                "-Djava.io.tmpdir=" + tmpdir,
                "-Dovrseer.watchdog.disabled=true",
                "-cp",
                System.getProperty("java.class.path"),
                SaveOneCrashReport.class.getName()));
    command.addAll(List.of(args));
    ProcessBuilder builder =
        new ProcessBuilder(command).directory(cwd.toFile()).redirectErrorStream(true);
    builder.environment().remove("XDG_RUNTIME_DIR");
    Process run = builder.start();
    String output = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(run.waitFor()).as(output).isZero();
    return output;
  }

  @Test
  void withoutTargetTheDefaultDirectoryIsInTheUsersPrivateRuntimeDirectory(@TempDir Path work)
      throws Exception {
    Path tmpdir = Files.createDirectory(work.resolve("tmp"));
    Path cwd = Files.createDirectory(work.resolve("cwd"));
    String output = saveOneReportIn(cwd, tmpdir);

    Path runtime = tmpdir.resolve("ovrseer-" + Files.getAttribute(work, "unix:uid"));
    Path reports = runtime.resolve("crash-reports");
    assertThat(output.strip()).isEqualTo(reports.toString());
    assertThat(mode(runtime)).isEqualTo("rwx------");
    assertThat(mode(reports)).isEqualTo("rwx------");
    assertThat(CrashReporter.readReports(reports))
        .extracting(CrashReport::processId)
        .containsExactly("api");
    try (Stream<Path> files = Files.list(reports)) {
      assertThat(files).singleElement().satisfies(f -> assertThat(mode(f)).isEqualTo("rw-------"));
    }
    assertThat(cwd).isEmptyDirectory();
  }

  private static String mode(Path path) throws IOException {
    return PosixFilePermissions.toString(
        Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS));
  }

  @Test
  void directoriesTheReporterCreatesAreOwnerOnlyAndSoAreReportFiles() throws Exception {
    Path reports = dir.resolve("a/b");
    new CrashReporter(reports).saveReport(report("api", Instant.now()));

    assertThat(mode(dir.resolve("a"))).isEqualTo("rwx------");
    assertThat(mode(reports)).isEqualTo("rwx------");
    try (Stream<Path> files = Files.list(reports)) {
      assertThat(files)
          .singleElement()
          .satisfies(
              f -> {
                assertThat(f.getFileName().toString()).endsWith("_api.json");
                assertThat(mode(f)).isEqualTo("rw-------");
              });
    }
  }

  @Test
  void aBadOrPartlyWrittenReportIsSkippedWithAWarningAndTheOthersAreRead() throws Exception {
    CrashReporter reporter = new CrashReporter(dir);
    CrashReport good = report("api", Instant.parse("2026-11-26T10:00:00Z"));
    reporter.saveReport(good);
    byte[] whole = Files.readAllBytes(dir.resolve("20261126T100000.000000Z_api.json"));
    Path cut = Files.write(dir.resolve("cut.json"), Arrays.copyOf(whole, whole.length / 2));
    Path empty = Files.write(dir.resolve("empty.json"), new byte[0]);
    Path nullReport = Files.writeString(dir.resolve("null.json"), "null");
    Path notAReport = Files.writeString(dir.resolve("other.json"), "{\"processId\": \"x\"}");
    Path elsewhere =
        Files.write(dir.getParent().resolve(dir.getFileName() + "-elsewhere.json"), whole);
    Path link = Files.createSymbolicLink(dir.resolve("link.json"), elsewhere);
    byte[] huge = new byte[CrashReporter.MAX_REPORT_BYTES + 1];
    Arrays.fill(huge, (byte) ' ');
    Path tooLarge = Files.write(dir.resolve("huge.json"), huge);

    try (LogCapture log = LogCapture.warningsOf(CrashReporter.class)) {
      assertThat(CrashReporter.readReports(dir)).containsExactly(good);

      assertThat(log.warnings()).hasSize(6);
      assertThat(log.warnings()).anySatisfy(w -> assertThat(w).contains("which no report is"));
      for (Path bad : List.of(cut, empty, nullReport, notAReport, link, tooLarge)) {
        assertThat(log.warnings())
            .anySatisfy(w -> assertThat(w).startsWith("skipped crash report " + bad + ": "));
      }
      assertThat(log.warnings()).anySatisfy(w -> assertThat(w).contains("not a regular file"));
    } finally {
      Files.delete(elsewhere);
    }
  }

  @Test
  void aReportWithTextAfterItOrCutAnywhereIsSkipped() throws Exception {
    // Ovrseer writes a report whole (temporary file, then rename): anything more or less than
    // one JSON object is not a file it wrote, and must not pass for a report.
    CrashReport good = report("api", Instant.parse("2026-11-26T10:00:00Z"));
    Path written = new CrashReporter(dir).write(good);
    String whole = Files.readString(written);
    Path other = Files.createDirectory(dir.resolve("other"));
    Map<String, String> bad = new LinkedHashMap<>();
    bad.put("trailing-text.json", whole + "garbage");
    bad.put("trailing-brace.json", whole + "}");
    bad.put("two-reports.json", whole + whole);
    bad.put("trailing-number.json", whole + " 1");
    int size = whole.strip().length();
    for (int length = 1; length < size; length += length < size - 8 ? 13 : 1) {
      bad.put("cut-" + length + ".json", whole.substring(0, length));
    }
    for (Map.Entry<String, String> file : bad.entrySet()) {
      Files.writeString(other.resolve(file.getKey()), file.getValue());
    }

    try (LogCapture log = LogCapture.warningsOf(CrashReporter.class)) {
      assertThat(CrashReporter.readReports(other)).isEmpty();
      assertThat(log.warnings()).hasSize(bad.size());
      assertThat(log.warnings())
          .filteredOn(w -> w.contains("two-reports.json"))
          .singleElement()
          .asString()
          .contains("Trailing token");
    }
    Path fine = Files.createDirectory(dir.resolve("fine"));
    Files.writeString(fine.resolve("trailing-space.json"), whole + " \n\n");
    assertThat(CrashReporter.readReports(fine)).containsExactly(good);
  }

  @Test
  void aQuietRunLoadsNeitherJacksonNorTheJdksLoggingBackend() throws Exception {
    // Each costs a fresh JVM milliseconds (Jackson about a hundred): only a crash report, or a
    // message to log, pays.
    String java = ProcessHandle.current().info().command().orElseThrow();
    Process run =
        new ProcessBuilder(
                java,
                "-Xlog:class+load:stdout",
                "-Dovrseer.watchdog.disabled=true",
                "-cp",
                System.getProperty("java.class.path"),
                io.ovrseer.fixtures.QuietRun.class.getName())
            .redirectErrorStream(true)
            .start();
    String output = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

    assertThat(run.waitFor()).isZero();
    assertThat(output).contains("io.ovrseer.crash.CrashReporter").contains("QUIET RUN DONE");
    assertThat(output).doesNotContain("com.fasterxml.jackson");
    assertThat(output).doesNotContain("java.util.logging.LogManager ");
    assertThat(output).doesNotContain("java.time.format.DateTimeFormatterBuilder ");
  }
}
