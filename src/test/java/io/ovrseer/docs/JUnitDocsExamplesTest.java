package io.ovrseer.docs;

import static io.ovrseer.assertj.OvrseerAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static io.ovrseer.fixtures.Fixtures.steps;
import static org.awaitility.Awaitility.await;

import io.ovrseer.Ovrseer;
import io.ovrseer.OvrseerOptions;
import io.ovrseer.crash.CrashReport;
import io.ovrseer.crash.CrashType;
import io.ovrseer.event.ProcessCrash;
import io.ovrseer.junit.AllowCrash;
import io.ovrseer.junit.CleanupProcess;
import io.ovrseer.junit.Dependency;
import io.ovrseer.junit.LogFlag;
import io.ovrseer.junit.MainProcess;
import io.ovrseer.junit.OnlyInTestKit;
import io.ovrseer.junit.OvrseerEnvironment;
import io.ovrseer.junit.OvrseerEnvironment.Scope;
import io.ovrseer.junit.OvrseerExtension;
import io.ovrseer.junit.Port;
import io.ovrseer.junit.PostgresService;
import io.ovrseer.junit.ProcessId;
import io.ovrseer.junit.Ready;
import io.ovrseer.junit.RedisService;
import io.ovrseer.junit.SetupProcess;
import io.ovrseer.junit.TestKit;
import io.ovrseer.process.ProcessState;
import io.ovrseer.process.ProcessUnit;
import io.ovrseer.process.ReadyCheck;
import io.ovrseer.services.PostgresProcess;
import io.ovrseer.services.RedisProcess;
import io.ovrseer.testing.Backends;
import io.ovrseer.testing.NoLeftoverProcesses;
import java.io.IOException;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every Java example of docs/junit.md, assertions.md and the README, run through the Jupiter engine
 * (the README's core example in a test method) against real processes.
 *
 * <p>Each example is a fixture class copied here as it is in its page (in an interface named after
 * its section, so that the page's {@code class ApiIT} is a static member class as written, and two
 * examples may share a name), run by {@link TestKit} and expected to pass. The {@link
 * io.ovrseer.fixtures.ExampleApp ExampleApp} fixture stands in for the applications the pages show,
 * {@code sh} for the PostgreSQL binaries of a system installation; H2, PostgreSQL and Redis of the
 * services are the real ones from the test class path. {@link #STAND_INS} lists each replacement.
 * Lines ending in {@code //test-only} are not part of the page. {@link
 * #everyJavaExampleOfTheDocsIsInThisClass()} keeps the pages and this class the same code.
 */
@ExtendWith(NoLeftoverProcesses.class)
class JUnitDocsExamplesTest {

  private static final List<String> PAGES = List.of("junit.md", "assertions.md", "../README.md");

  /** What a page shows, and what this class runs instead. */
  private static final Map<String, String> STAND_INS = new LinkedHashMap<>();

  static {
    STAND_INS.put("\"com.example.Api\"", "\"io.ovrseer.fixtures.ExampleApp\"");
    STAND_INS.put("\"com.example.notes.NotesApp\"", "\"io.ovrseer.fixtures.ExampleApp\"");
    STAND_INS.put("\"/usr/lib/postgresql/15/bin/initdb\"", "\"sh\", \"-c\", \"echo initdb $*\", \"initdb\"");
    STAND_INS.put(
        "\"/usr/lib/postgresql/15/bin/postgres\"",
        "\"sh\", \"-c\", \"echo database system is ready to accept connections; exec sleep 86400\", \"postgres\"");
    STAND_INS.put(
        "ProcessUnit.builder(\"redis-server\", \"--port\", \"6380\")",
        "steps(\"out\", \"Ready to accept connections tcp\", \"hang\")");
    STAND_INS.put("ProcessUnit.builder(\"java\", \"-jar\", \"target/app.jar\")", "steps(\"http\", Integer.toString(port))");
    STAND_INS.put("\"http://localhost:8080/health\"", "\"http://localhost:\" + port + \"/health\"");
    // a user that every Linux has (a fresh CI machine has no PostgreSQL, so no user postgres)
    STAND_INS.put("user = \"postgres\"", "user = \"nobody\"");
  }

  /** What the backup cleanup process of junit.md's first example writes. */
  private static final Path BACKUP = Path.of("target/backup.sql");

  // ------------------------------------------------------------------ docs/junit.md

  @Test
  void junitAnExample() throws IOException {
    Files.deleteIfExists(BACKUP);

    TestKit.Captured run = TestKit.runCapturing(AnExample.ApiIT.class);

    TestKit.assertSucceeded(run.results());
    run.results().testEvents().assertStatistics(stats -> stats.started(2).succeeded(2));
    assertThat(run.out())
        .containsPattern("ovrseer: environment [0-9a-f]{12} \\[db, api, backup\\] of ApiIT ready in [^:]+:"
            + " db ready after [^,]+, api ready after [^;]+; ports db=\\d+, api=\\d+\n")
        .containsPattern("ovrseer: environment [0-9a-f]{12} \\[db, api, backup\\] of ApiIT stopped in [^(]+"
            + " \\(cleanup: backup completed\\)\n");
    assertThat(Files.readString(BACKUP)).startsWith("-- H2 ");
  }

  /** junit.md: "An example". */
  interface AnExample {
    @OnlyInTestKit //test-only
    @OvrseerEnvironment(retries = 2, retryDelay = "200ms")
    @Dependency(
        id = "db",
        command = {"${java}", "-cp", "${classpath}", "org.h2.tools.Server", "-tcp", "-tcpPort", "${port:db}",
                   "-ifNotExists", "-baseDir", "target/h2"},
        ready = @Ready(log = "TCP server running", timeout = "30s"))
    @MainProcess(
        id = "api",
        command = {"${java}", "-cp", "${classpath}", "io.ovrseer.fixtures.ExampleApp", "--port", "${port:api}", "--db-port", "${port:db}"},
        ready = @Ready(http = "http://localhost:${port:api}/health"),
        flags = @LogFlag(name = "errors", pattern = "ERROR|Exception"))
    @CleanupProcess(
        id = "backup",
        command = {"${java}", "-cp", "${classpath}", "org.h2.tools.Script",
                   "-url", "jdbc:h2:tcp://localhost:${port:db}/./test", "-script", "target/backup.sql"})
    class ApiIT {

      @Test
      void serves(@ProcessId("api") ProcessUnit api, @Port("api") int port) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
            HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/notes")).build(),
            HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(api).flag("errors").hasNoMatches();          // OvrseerAssertions
      }

      @Test
      @AllowCrash("api")                                         // this test kills the api on purpose
      void survivesAKill(@ProcessId("api") ProcessUnit api, List<CrashReport> crashes) {
        long pid = api.getPid().orElseThrow();
        ProcessHandle.of(pid).orElseThrow().destroyForcibly();
        await().atMost(Duration.ofSeconds(30))
            .until(() -> api.getState() == ProcessState.READY && api.getPid().orElse(pid) != pid);

        assertThat(crashes).singleElement().satisfies(crash -> assertThat(crash).hasSignal("SIGKILL"));
      }
    }
  }

  @Test
  void junitAComposedAnnotation() {
    TestKit.assertSucceeded(TestKit.run(UsesWithH2.class))
        .testEvents()
        .assertStatistics(stats -> stats.started(1).succeeded(1));
  }

  /** junit.md: "Declaring processes". */
  interface DeclaringProcesses {
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.TYPE)
    @Dependency(id = "db", command = {"${java}", "-cp", "${classpath}", "org.h2.tools.Server", "-tcp", "-tcpPort", "${port:db}"},
                ready = @Ready(log = "TCP server running"))
    @interface WithH2 {}
  }

  @OnlyInTestKit
  @OvrseerEnvironment
  @DeclaringProcesses.WithH2
  static class UsesWithH2 {
    @Test
    void theDependencyOfTheComposedAnnotationRuns(@ProcessId("db") ProcessUnit db) {
      assertThat(db).isReady().hasLogLineMatching("TCP server running");
    }
  }

  @Test
  void junitSetupProcessesDependsOnUser() {
    Backends.assumeRootOnLinux("the example runs its processes as another user");
    Backends.assumeLinux("users are switched on the linux backend");

    TestKit.assertSucceeded(TestKit.run(NotesITRuns.class))
        .testEvents()
        .assertStatistics(stats -> stats.started(1).succeeded(1));
  }

  /** junit.md: "Setup processes, dependsOn, user". */
  interface SetupProcesses {
    @OvrseerEnvironment
    @SetupProcess(
        id = "initdb",
        command = {"sh", "-c", "echo initdb $*", "initdb", "--pgdata=/tmp/pg-${port:pg}", "--username=postgres", "--auth=trust"},
        user = "nobody",
        timeout = "2m")
    @Dependency(
        id = "postgres",
        command = {"sh", "-c", "echo database system is ready to accept connections; exec sleep 86400", "postgres", "-D", "/tmp/pg-${port:pg}", "-p", "${port:pg}", "-c", "listen_addresses=localhost"},
        user = "nobody",
        dependsOn = "initdb",
        ready = @Ready(log = "database system is ready to accept connections"))
    class NotesIT { }
  }

  /** The page's class has no test, so JUnit would not run it: this one adds one. */
  @OnlyInTestKit
  static class NotesITRuns extends SetupProcesses.NotesIT {
    @Test
    void postgresRanAfterInitdbAsItsUser(
        @ProcessId("initdb") ProcessUnit initdb, @ProcessId("postgres") ProcessUnit postgres, @Port("pg") int port) {
      assertThat(initdb).hasState(ProcessState.COMPLETED)
          .hasLogLineMatching("^initdb --pgdata=/tmp/pg-" + port + " --username=postgres --auth=trust$");
      assertThat(postgres).isReady();
      assertThat(ProcessHandle.of(postgres.getPid().orElseThrow()).orElseThrow().info().user()).contains("nobody");
    }
  }

  @Test
  void junitServices() {
    if ("root".equals(System.getProperty("user.name"))) {
      Backends.assumeLinux("PostgreSQL refuses root, and switching to another user needs setpriv");
    }

    TestKit.assertSucceeded(TestKit.run(Services.NotesIT.class))
        .testEvents()
        .assertStatistics(stats -> stats.started(1).succeeded(1));
  }

  /** junit.md: "Services". */
  interface Services {
    @OnlyInTestKit //test-only
    @OvrseerEnvironment(scope = Scope.GLOBAL)
    @PostgresService(id = "db", database = "notes")
    @RedisService(id = "cache")
    @MainProcess(id = "api", command = {"${java}", "-cp", "${classpath}", "io.ovrseer.fixtures.ExampleApp",
        "--port", "${port:api}", "--db-url", "${jdbcUrl:db}", "--db-user", "${user:db}",
        "--db-password", "${password:db}", "--cache", "${url:cache}"},
        ready = @Ready(http = "http://localhost:${port:api}/health"))
    class NotesIT {
      @Test
      void t(@ProcessId("db") PostgresProcess db, @ProcessId("cache") RedisProcess cache) { }
    }
  }

  @Test
  void junitTheProgrammaticForm() {
    TestKit.assertSucceeded(TestKit.run(TheProgrammaticForm.ApiIT.class))
        .testEvents()
        .assertStatistics(stats -> stats.started(1).succeeded(1));
  }

  /** junit.md: "The programmatic form". */
  interface TheProgrammaticForm {
    @OnlyInTestKit //test-only
    class ApiIT {
      @RegisterExtension
      static final OvrseerExtension OVRSEER = OvrseerExtension.builder()
          .retries(2)
          .retryDelay(Duration.ofMillis(200))
          .dependency("db", ports -> ProcessUnit.builder(ports.resolve("${java}"), "-cp", ports.resolve("${classpath}"),
                  "org.h2.tools.Server", "-tcp", "-tcpPort", String.valueOf(ports.get("db")))
              .readyCheck(ReadyCheck.logPattern("TCP server running", Duration.ofSeconds(30)))
              .build())
          .mainProcess("api", ports -> ProcessUnit.builder(ports.resolve("${java}"), "-cp", ports.resolve("${classpath}"),
                  "io.ovrseer.fixtures.ExampleApp", "--port", String.valueOf(ports.get("api")), "--db-port", String.valueOf(ports.get("db")))
              .readyCheck(ReadyCheck.http("http://localhost:" + ports.get("api") + "/health", Duration.ofSeconds(30)))
              .build())
          .build();

      @Test
      void serves(@ProcessId("api") ProcessUnit api, @Port("api") int port) {
        // as with the annotations
      }
    }
  }

  // ------------------------------------------------------------------ docs/assertions.md

  @Test
  void assertionsExamples() {
    TestKit.assertSucceeded(TestKit.run(AssertionsPage.class))
        .testEvents()
        .assertStatistics(stats -> stats.started(3).succeeded(3));
  }

  /**
   * The subjects the examples of assertions.md name: a ready {@code api} that logged "listening on
   * 8080", a running {@code db}, a {@code worker} whose flag {@code jobs} reaches its target, and
   * a crash report of the api killed with SIGKILL. Each test gets an environment of its own, so
   * that the one that kills the api leaves the others without crash reports.
   */
  @OnlyInTestKit
  @OvrseerEnvironment(scope = Scope.METHOD)
  @Dependency(id = "db", command = {"sh", "-c", "echo db up; exec sleep 86400"}, ready = @Ready(log = "db up"))
  @MainProcess(
      id = "api",
      command = {"sh", "-c", "echo listening on 8080; exec sleep 86400"},
      ready = @Ready(log = "listening on"),
      flags = @LogFlag(name = "errors", pattern = "ERROR"))
  @MainProcess(
      id = "worker",
      command = {"sh", "-c", "echo job done; echo job done; echo job done; exec sleep 86400"},
      flags = @LogFlag(name = "jobs", pattern = "job done", targetCount = 3))
  @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
  static class AssertionsPage {
    /** The report of {@link #crashReports}, for {@link #theEntryPoint}. */
    static volatile CrashReport killed;

    @Test
    @Order(1)
    @AllowCrash("api")
    void crashReports(Ovrseer ovrseer, @ProcessId("api") ProcessUnit api, List<CrashReport> crashes) {
      ProcessHandle.of(api.getPid().orElseThrow()).orElseThrow().destroyForcibly();
      await().atMost(Duration.ofSeconds(30)).until(() -> !crashes.isEmpty());
      killed = crashes.get(0);

      assertThat(ovrseer).crashReports().singleElement().hasType(CrashType.CRASH).hasSignal("SIGKILL");
    }

    @Test
    @Order(2)
    void theEntryPoint(Ovrseer ovrseer, @ProcessId("api") ProcessUnit api) {
      CrashReport crash = killed; //test-only
      assertThat(api).isReady().hasLogLineMatching("listening on \\d+");
      assertThat(api).flag("errors").hasNoMatches();
      assertThat(crash).hasType(CrashType.CRASH).hasSignal("SIGKILL").lastLogsContain("listening on");
      assertThat(ovrseer).hasNoCrashReports();
      assertThat(ovrseer).process("db").isRunning();
    }

    @Test
    @Order(3)
    void retried(@ProcessId("worker") ProcessUnit worker) {
      await().atMost(Duration.ofSeconds(10))
          .untilAsserted(() -> assertThat(worker).flag("jobs").hasReachedTarget());
    }
  }

  // ------------------------------------------------------------------ README.md

  @Test
  void readmeTheFirstExample() {
    TestKit.assertSucceeded(TestKit.run(ReadmeFirstExample.NotesApiIT.class))
        .testEvents()
        .assertStatistics(stats -> stats.started(1).succeeded(1));
  }

  /** README.md: the example at the top. */
  interface ReadmeFirstExample {
    @OnlyInTestKit //test-only
    @OvrseerEnvironment
    @Dependency(id = "db",
        command = {"${java}", "-cp", "${classpath}", "org.h2.tools.Server", "-tcp", "-tcpPort", "${port:db}", "-ifNotExists"},
        ready = @Ready(log = "TCP server running", timeout = "30s"))
    @MainProcess(id = "api",
        command = {"${java}", "-cp", "${classpath}", "io.ovrseer.fixtures.ExampleApp", "--port", "${port:api}", "--db-port", "${port:db}"},
        ready = @Ready(http = "http://localhost:${port:api}/health"),
        flags = @LogFlag(name = "errors", pattern = "ERROR|Exception"))
    class NotesApiIT {
      @Test
      void servesNotes(@ProcessId("api") ProcessUnit api, @Port("api") int port) throws Exception {
        // call http://localhost:<port>/notes ...
        assertThat(api).flag("errors").hasNoMatches();
      }
    }
  }

  /** Stands in for port 8080 of the README's core example. */
  private final int port = io.ovrseer.fixtures.Fixtures.freePort();

  /** README.md: "The core API in one example". */
  @Test
  void readmeTheCoreApiInOneExample() {
    List<ProcessCrash> crashed = new java.util.concurrent.CopyOnWriteArrayList<>(); //test-only
    try (Ovrseer ovrseer = new Ovrseer(OvrseerOptions.builder().retries(2).retryDelay(Duration.ofMillis(500)).build())) {
      ovrseer.addDependency("redis", steps("out", "Ready to accept connections tcp", "hang")
          .readyCheck(ReadyCheck.logPattern("Ready to accept connections", Duration.ofSeconds(10)))
          .build());
      ovrseer.addMainProcess("api", steps("http", Integer.toString(port))
          .readyCheck(ReadyCheck.http("http://localhost:" + port + "/health", Duration.ofSeconds(30)))
          .build());
      ovrseer.on(ProcessCrash.class, crash -> System.err.println(crash.report().toText(20)));
      ovrseer.on(ProcessCrash.class, crashed::add); //test-only

      ovrseer.start();   // redis ready, then api spawned
      assertThat(ovrseer.getProcess("redis").orElseThrow().getState()).isEqualTo(ProcessState.READY); //test-only
      ovrseer.getProcess("api").orElseThrow().ready().join();
      // ... exercise the system ...
      assertThat(ovrseer.getProcess("api").orElseThrow().getState()).isEqualTo(ProcessState.READY); //test-only
      assertThat(crashed).isEmpty(); //test-only
    }                    // close() = stop(): api stopped, cleanup run, redis stopped
  }

  // ------------------------------------------------------------------ the pages and this class

  @Test
  void everyJavaExampleOfTheDocsIsInThisClass() throws IOException {
    assertThat(DocsPages.missingExamples(JUnitDocsExamplesTest.class, PAGES, STAND_INS))
        .as("examples of the docs that JUnitDocsExamplesTest does not run (shown with their stand-ins)")
        .isEmpty();
  }

  @Test
  void theWholeFilesOfThePagesCompileWithTheirOwnImports(@TempDir Path work) throws IOException {
    assertThat(DocsPages.notCompilingAlone(PAGES, STAND_INS, work)).isEmpty();
  }
}
