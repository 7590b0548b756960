package com.example.notes;

import static io.ovrseer.assertj.OvrseerAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ovrseer.Ovrseer;
import io.ovrseer.crash.CrashReport;
import io.ovrseer.crash.CrashReporter;
import io.ovrseer.crash.CrashType;
import io.ovrseer.junit.AllowCrash;
import io.ovrseer.junit.CleanupProcess;
import io.ovrseer.junit.Dependency;
import io.ovrseer.junit.LogFlag;
import io.ovrseer.junit.MainProcess;
import io.ovrseer.junit.OvrseerEnvironment;
import io.ovrseer.junit.Port;
import io.ovrseer.junit.ProcessId;
import io.ovrseer.junit.Ready;
import io.ovrseer.process.ProcessState;
import io.ovrseer.process.ProcessUnit;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Integration tests of the notes service, run against real processes: an H2 database server in its
 * own JVM, the service itself started from its {@code main} class, and a backup of the database
 * taken by a cleanup process when the environment stops.
 *
 * <p>Why a {@link Nested} class: the environment (and so the backup) belongs to {@link
 * WithRunningServices}; Ovrseer stops it, running the cleanup process, when that class is done.
 * JUnit finishes a nested class completely, its environment included, before it runs the {@link
 * AfterAll} methods of the enclosing class. So {@link #theCleanupProcessBackedUpTheDatabase()} sees
 * the finished backup, whatever order classes run in and even when this class runs alone.
 */
class NotesApiIT {

  /** Written by the {@code backup} cleanup process (working directory: the project directory). */
  static final Path BACKUP = Path.of("target", "backup", "notes.sql");

  /** A note the tests store; the backup must hold it. Unique per run: the database persists. */
  static final String NOTE_TO_BACK_UP = "remember the milk " + UUID.randomUUID();

  @BeforeAll
  static void forgetTheLastBackup() throws IOException {
    Files.deleteIfExists(BACKUP);
  }

  @Nested
  @OvrseerEnvironment(retries = 2, retryDelay = "200ms", cleanupTimeout = "30s")
  // 1. The database: H2's TCP server in a JVM of its own, on a free port that ${port:db} picks.
  //    Dependencies start first, in parallel; the tests start once all of them are ready.
  @Dependency(
      id = "db",
      command = {
        "${java}", "-cp", "${classpath}", "org.h2.tools.Server",
        "-tcp", "-tcpPort", "${port:db}", "-ifNotExists", "-baseDir", "target/h2"
      },
      ready = @Ready(log = "TCP server running", timeout = "30s"))
  // 2. The application under test, started by its main class and wired to the database by the
  //    same ${port:db}. Ready when /health answers 2xx; the "errors" flag counts ERROR lines.
  @MainProcess(
      id = "api",
      command = {
        "${java}", "-cp", "${classpath}", "com.example.notes.NotesApp",
        "--port", "${port:api}", "--db-port", "${port:db}", "--cache", "memory"
      },
      ready = @Ready(http = "http://localhost:${port:api}/health", timeout = "30s"),
      flags = @LogFlag(name = "errors", pattern = "ERROR|Exception"))
  // 3. When the tests are done: the api is stopped, then this backup runs while the database
  //    is still up, then the database is stopped.
  @CleanupProcess(
      id = "backup",
      command = {
        "${java}", "-cp", "${classpath}", "org.h2.tools.Script",
        "-url", "jdbc:h2:tcp://localhost:${port:db}/./notes", "-user", "sa",
        "-script", "target/backup/notes.sql"
      })
  @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
  class WithRunningServices {

    @Test
    @Order(1)
    void storesANoteAndServesItFromTheCache(@Port("api") int port) {
      NotesClient client = new NotesClient(port);

      long id = client.create(NOTE_TO_BACK_UP);
      HttpResponse<String> read = client.get(id);

      assertThat(read.statusCode()).isEqualTo(200);
      assertThat(read.body()).contains(NOTE_TO_BACK_UP);
      assertThat(NotesClient.cacheHeader(read)).isEqualTo("HIT");
      assertThat(client.get("/notes").body()).contains(NOTE_TO_BACK_UP);
    }

    @Test
    @Order(2)
    void answersUnknownNotesWithoutLoggingErrors(
        @ProcessId("api") ProcessUnit api, @Port("api") int port, Ovrseer ovrseer) {
      NotesClient client = new NotesClient(port);

      assertThat(client.get(Long.MAX_VALUE).statusCode()).isEqualTo(404);
      assertThat(client.get("/notes/not-a-number").statusCode()).isEqualTo(400);

      assertThat(api).isReady();
      assertThat(api).hasLogLineMatching("listening on http://localhost:" + port);
      assertThat(api).flag("errors").hasNoMatches();
      assertThat(ovrseer).hasNoCrashReports();
    }

    @Test
    @Order(3)
    @AllowCrash("api") // without it, the crash below would fail this test
    void restartsTheServiceWhenItIsKilled(
        @ProcessId("api") ProcessUnit api,
        @Port("api") int port,
        Ovrseer ovrseer,
        List<CrashReport> crashes)
        throws IOException {
      NotesClient client = new NotesClient(port);
      long id = client.create("written before the crash");
      long killedPid = api.getPid().orElseThrow();

      // Kill it the hard way, from outside, as the OOM killer would: SIGKILL.
      ProcessHandle.of(killedPid).orElseThrow().destroyForcibly();

      // Ovrseer sees the crash, writes a report, waits retryDelay and starts the api again.
      await("api restarted with a new pid and ready again")
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  api.getState() == ProcessState.READY
                      && api.getPid().orElse(killedPid) != killedPid);
      System.out.println(
          "api killed (pid "
              + killedPid
              + "), restarted by Ovrseer as pid "
              + api.getPid().orElseThrow());

      // The note survived in the database; the in-memory cache did not survive the process.
      HttpResponse<String> read = client.get(id);
      assertThat(read.statusCode()).isEqualTo(200);
      assertThat(NotesClient.cacheHeader(read)).isEqualTo("MISS");

      // The crash was reported to this test (as an event, delivered on Ovrseer's own thread) ...
      await("api crash reported").untilAsserted(() -> assertThat(crashes).hasSize(1));
      CrashReport crash = crashes.get(0);
      assertThat(crash.processId()).isEqualTo("api");
      assertThat(crash).hasType(CrashType.CRASH).hasSignal("SIGKILL");
      assertThat(crash).lastLogsContain("listening on");
      assertThat(ovrseer).crashReports().hasSize(1);
      // ... and written to disk as JSON, under target/ovrseer/crash-reports in a Maven build.
      Path reportsDir = ovrseer.getOptions().crashReporter().getReportsDir();
      assertThat(CrashReporter.readReports(reportsDir))
          .anySatisfy(onDisk -> assertThat(onDisk.timestamp()).isEqualTo(crash.timestamp()));
      System.out.println("crash report of the deliberate kill: " + newestReport(reportsDir, "api"));
    }

    /** The newest {@code <timestamp>_<id>.json} file: names start with a sortable timestamp. */
    private Path newestReport(Path reportsDir, String processId) throws IOException {
      try (Stream<Path> files = Files.list(reportsDir)) {
        return files
            .filter(file -> file.getFileName().toString().endsWith("_" + processId + ".json"))
            .max(Comparator.naturalOrder())
            .orElseThrow();
      }
    }
  }

  /** Runs after {@link WithRunningServices} has stopped its environment: see the class comment. */
  @AfterAll
  static void theCleanupProcessBackedUpTheDatabase() {
    assertThat(BACKUP)
        .as("backup written by the cleanup process")
        .exists()
        .content()
        .contains("CREATE CACHED TABLE \"PUBLIC\".\"NOTES\"")
        .contains(NOTE_TO_BACK_UP);
    System.out.println(
        "database backup written by the cleanup process: " + BACKUP.toAbsolutePath());
  }
}
