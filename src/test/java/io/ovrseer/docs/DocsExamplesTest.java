package io.ovrseer.docs;

import static io.ovrseer.fixtures.Fixtures.freePort;
import static io.ovrseer.fixtures.Fixtures.steps;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.ovrseer.Ovrseer;
import io.ovrseer.OvrseerOptions;
import io.ovrseer.OvrseerStartException;
import io.ovrseer.ProcessType;
import io.ovrseer.RegisteredProcess;
import io.ovrseer.crash.CrashReport;
import io.ovrseer.crash.CrashReporter;
import io.ovrseer.crash.CrashType;
import io.ovrseer.event.LifecycleError;
import io.ovrseer.event.OvrseerEvent;
import io.ovrseer.event.ProcessCrash;
import io.ovrseer.event.ProcessExit;
import io.ovrseer.event.ProcessLog;
import io.ovrseer.event.ProcessReady;
import io.ovrseer.event.ProcessRestart;
import io.ovrseer.event.ProcessSpawn;
import io.ovrseer.log.Flag;
import io.ovrseer.log.FlagColor;
import io.ovrseer.log.FlagMatch;
import io.ovrseer.log.FlagState;
import io.ovrseer.log.LogLine;
import io.ovrseer.log.ProcessLogger;
import io.ovrseer.process.ExitStatus;
import io.ovrseer.process.ProcessState;
import io.ovrseer.process.ProcessUnit;
import io.ovrseer.process.ReadinessException;
import io.ovrseer.process.ReadyCheck;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every Java example of docs/orchestrator.md, process-units.md, logging-and-flags.md,
 * crash-reports.md and events.md, run against real processes.
 *
 * <p>Each example is copied here as it is in its page, except that the {@link
 * io.ovrseer.fixtures.Steps Steps} fixture stands in for the real programs the pages show (Redis,
 * PostgreSQL, {@code java -jar app.jar}); {@link #STAND_INS} lists each replacement. Lines ending
 * in {@code //test-only} are checks that are not part of the page. {@link
 * #everyJavaExampleOfTheDocsIsInThisClass()} keeps the pages and this class the same code.
 */
@ExtendWith(io.ovrseer.testing.NoLeftoverProcesses.class)
class DocsExamplesTest {

  private static final List<String> PAGES =
      List.of("orchestrator.md", "process-units.md", "logging-and-flags.md", "crash-reports.md", "events.md");

  /** What a page shows, and what this class runs instead. */
  private static final Map<String, String> STAND_INS = new LinkedHashMap<>();

  static {
    STAND_INS.put(
        "ProcessUnit.builder(\"redis-server\", \"--port\", \"6380\")",
        "steps(\"out\", \"Ready to accept connections tcp\", \"hang\")");
    STAND_INS.put(
        "ProcessUnit.builder(\"redis-cli\", \"-p\", \"6380\", \"FLUSHALL\")",
        "steps(\"out\", \"OK\")");
    STAND_INS.put(
        "ProcessUnit.builder(\"java\", \"-jar\", \"app.jar\", \"--redis-port=6380\")",
        "steps(\"http\", Integer.toString(port))");
    STAND_INS.put(
        "ProcessUnit.builder(\"java\", \"-jar\", \"app.jar\", \"--workers=3\")",
        "steps(\"out\", \"worker 1 started\", \"out\", \"worker 2 started\", \"out\", \"worker 3 started\","
            + " \"http\", Integer.toString(port))");
    STAND_INS.put(
        "ProcessUnit.builder(\"java\", \"-jar\", \"app.jar\", \"--interactive\")",
        "steps(\"echo-stdin\")");
    STAND_INS.put("\"config reloaded\"", "\"echo: reload\"");
    STAND_INS.put(
        "ProcessUnit.builder(\"java\", \"-jar\", \"app.jar\", \"--demo\")",
        "steps(\"out\", \"started\", \"out\", \"GET /api/notes 200\", \"out\", \"ERROR loading note 7: timeout\","
            + " \"out\", \"GET /api/notes 200\", \"out\", \"GET /api/notes/7 500\", \"out\", \"stopping\")");
    STAND_INS.put("ProcessUnit.builder(\"java\", \"-jar\", \"app.jar\")", "steps(\"hang\")");
    STAND_INS.put(
        "ProcessUnit.builder(\"java\", \"-jar\", \"worker.jar\")",
        "steps(\"out\", \"polling queue jobs\", \"err\","
            + " \"Exception in thread \\\"main\\\" java.lang.IllegalStateException: queue jobs not found\","
            + " \"exit\", \"1\")");
    STAND_INS.put(
        "ProcessUnit.builder(\"postgres\", \"-D\", \"target/pgdata\", \"-p\", \"5433\")",
        "steps(\"err\", \"FATAL:  could not create lock file \\\"/run/postgresql/.s.PGSQL.5433.lock\\\":"
            + " Permission denied\", \"exit\", \"1\")");
    STAND_INS.put(
        "ProcessUnit.builder(\"initdb\", \"-D\", \"target/pgdata\")",
        "steps(\"out\", \"Success. You can now start the database server\")");
    STAND_INS.put(
        "ProcessUnit.builder(\"postgres\", \"-D\", \"target/pgdata\")",
        "steps(\"out\", \"database system is ready to accept connections\", \"hang\")");
    STAND_INS.put("ProcessUnit.builder(\"java\", \"-jar\", \"migrate.jar\")", "steps(\"out\", \"migrated\")");
    STAND_INS.put("\"http://localhost:8080/health\"", "\"http://localhost:\" + port + \"/health\"");
    STAND_INS.put("Path.of(\"target/crash-reports\")", "reports");
    STAND_INS.put("Path.of(\"/mnt/read-only/crash-reports\")", "readOnly");
  }

  /** Stands in for target/crash-reports. */
  @TempDir Path reports;

  /** Stands in for port 8080. */
  private final int port = freePort();

  // ------------------------------------------------------------------ docs/orchestrator.md

  @Test
  void orchestratorACompleteEnvironment() {
    Map<String, RegisteredProcess> all = new LinkedHashMap<>(); //test-only
    OvrseerOptions options = OvrseerOptions.builder()
        .retries(2)
        .retryDelay(Duration.ofMillis(500))
        .cleanupTimeout(Duration.ofSeconds(10))
        .crashReporter(new CrashReporter(reports))
        .build();

    try (Ovrseer ovrseer = new Ovrseer(options)) {
      ovrseer.addDependency("redis", steps("out", "Ready to accept connections tcp", "hang")
          .readyCheck(ReadyCheck.logPattern("Ready to accept connections", Duration.ofSeconds(10)))
          .build());
      ovrseer.addMainProcess("api", steps("http", Integer.toString(port))
          .readyCheck(ReadyCheck.http("http://localhost:" + port + "/health", Duration.ofSeconds(30)))
          .build());
      ovrseer.addCleanupProcess("flush", steps("out", "OK").build());

      ovrseer.start();                       // redis is READY, api is spawned
      assertThat(ovrseer.getProcess("redis").orElseThrow().getState()).isEqualTo(ProcessState.READY); //test-only
      ProcessUnit api = ovrseer.getProcess("api").orElseThrow();
      api.ready().join();                    // api answers 2xx on /health
      // ... exercise the system ...
      assertThat(api.getState()).isEqualTo(ProcessState.READY); //test-only
      all.putAll(ovrseer.getAllProcesses()); //test-only
    }                                        // close() = stop(): api stopped, flush run, redis stopped

    assertThat(all.keySet()).containsExactly("redis", "api", "flush");
    assertThat(all.get("redis").process().getState()).isEqualTo(ProcessState.STOPPED);
    assertThat(all.get("api").process().getState()).isEqualTo(ProcessState.STOPPED);
    assertThat(all.get("flush").process().getState()).isEqualTo(ProcessState.COMPLETED);
    assertThat(all.get("flush").type()).isEqualTo(ProcessType.CLEANUP);
    assertThat(all.get("flush").process().logger().getLogs()).containsExactly("OK");
  }

  @Test
  void orchestratorWhenStartFails() {
    Ovrseer ovrseer = new Ovrseer(OvrseerOptions.builder()
        .retries(0)
        .crashReporter(new CrashReporter(reports))
        .build());
    ovrseer.addDependency("postgres", steps("err", "FATAL:  could not create lock file \"/run/postgresql/.s.PGSQL.5433.lock\": Permission denied", "exit", "1")
        .readyCheck(ReadyCheck.tcpPort(5433, Duration.ofSeconds(30)))
        .build());
    ovrseer.addMainProcess("api", steps("hang").build());
    List<OvrseerStartException> thrown = new ArrayList<>(); //test-only

    try {
      ovrseer.start();
    } catch (OvrseerStartException e) {
      thrown.add(e); //test-only
      System.err.println(e.getMessage());    // names postgres, the reason and its last log lines
      System.err.println(e.getProcessId());  // postgres
      // nothing is left running: postgres was stopped, api was never spawned
    }

    assertThat(thrown).singleElement().satisfies(e -> {
      assertThat(e.getProcessId()).isEqualTo("postgres");
      assertThat(e.getMessage())
          .startsWith("Ovrseer could not start: dependency \"postgres\" crashed once and did not become ready: process [")
          .contains("] exited with exit code 1 before it was ready; last log lines:\n  | FATAL:  could not create lock file");
      assertThat(e.getLastLogs()).singleElement().asString().startsWith("FATAL:");
    });
    assertThat(ovrseer.getProcess("postgres").orElseThrow().getState()).isEqualTo(ProcessState.FAILED);
    assertThat(ovrseer.getProcess("api").orElseThrow().getState()).isEqualTo(ProcessState.CREATED);
    assertThat(CrashReporter.readReports(reports)).singleElement().satisfies(r -> {
      assertThat(r.type()).isEqualTo(CrashType.RETRIES_EXHAUSTED);
      assertThat(r.message()).isEqualTo(
          "dependency \"postgres\" exited with exit code 1 before it was ready; it has no retries, it stays FAILED");
    });
  }

  @Test
  void orchestratorSetupProcessesAndDependsOn() {
    List<String> seen = new CopyOnWriteArrayList<>(); //test-only
    Ovrseer ovrseer = new Ovrseer();
    ovrseer.on(ProcessSpawn.class, e -> seen.add("spawn " + e.name())); //test-only
    ovrseer.on(ProcessReady.class, e -> seen.add("ready " + e.name())); //test-only
    ovrseer.on(ProcessExit.class, e -> seen.add("exit " + e.name())); //test-only
    ovrseer.addSetupProcess("initdb", steps("out", "Success. You can now start the database server").build());
    ovrseer.addDependency("postgres", steps("out", "database system is ready to accept connections", "hang")
        .dependsOn("initdb")
        .readyCheck(ReadyCheck.logPattern("ready to accept connections", Duration.ofSeconds(30)))
        .build());
    ovrseer.addSetupProcess("migrate", steps("out", "migrated")
        .dependsOn("postgres")
        .build(), Duration.ofMinutes(2));
    ovrseer.addDependency("redis", steps("out", "Ready to accept connections tcp", "hang")
        .readyCheck(ReadyCheck.logPattern("Ready to accept connections", Duration.ofSeconds(10)))
        .build());
    ovrseer.addMainProcess("api", steps("hang").build());

    ovrseer.start();  // initdb and redis at once; postgres once initdb exited 0;
                      // migrate once postgres is ready; api once all four are done
    assertThat(seen).containsSubsequence("exit initdb", "spawn postgres", "ready postgres", "spawn migrate", "exit migrate", "spawn api"); //test-only
    assertThat(seen.indexOf("spawn redis")).isLessThan(seen.indexOf("spawn postgres")); //test-only
    assertThat(seen.indexOf("ready redis")).isLessThan(seen.indexOf("spawn api")); //test-only
    seen.clear(); //test-only
    ovrseer.stop();   // api; then redis and postgres (initdb and migrate have exited)
    assertThat(seen).containsExactlyInAnyOrder("exit api", "exit redis", "exit postgres"); //test-only
    assertThat(seen.get(0)).isEqualTo("exit api"); //test-only
  }

  @Test
  void orchestratorSupervision() {
    Ovrseer ovrseer = new Ovrseer(OvrseerOptions.builder()
        .retries(2)
        .retryDelay(Duration.ofMillis(200))
        .crashReporter(new CrashReporter(reports))
        .build());
    ProcessUnit worker = steps("out", "polling queue jobs", "err", "Exception in thread \"main\" java.lang.IllegalStateException: queue jobs not found", "exit", "1").build();
    ovrseer.addMainProcess("worker", worker);
    List<String> restarts = new CopyOnWriteArrayList<>(); //test-only
    ovrseer.on(ProcessRestart.class, r -> restarts.add(r.retryCount() + "/" + r.maxRetries())); //test-only
    ovrseer.on(ProcessRestart.class, r ->
        System.out.printf("%s restarting: retry %d of %d%n", r.name(), r.retryCount(), r.maxRetries()));

    ovrseer.start();
    // the worker crashes 3 times (the first run and 2 retries), then stays FAILED
    await().atMost(Duration.ofSeconds(30)).until(() -> worker.getState() == ProcessState.FAILED);
    System.out.println(ovrseer.getRetryCount("worker"));    // 2
    assertThat(ovrseer.getRetryCount("worker")).isEqualTo(2); //test-only
    ovrseer.stop();

    assertThat(restarts).containsExactly("1/2", "2/2");
    assertThat(CrashReporter.readReports(reports)).extracting(CrashReport::type)
        .containsExactly(CrashType.CRASH, CrashType.CRASH, CrashType.RETRIES_EXHAUSTED);
  }

  /** The messages quoted in orchestrator.md. */
  @Test
  void orchestratorMessages() {
    Ovrseer ovrseer = new Ovrseer(OvrseerOptions.builder().crashReporter(new CrashReporter(reports)).build());
    ovrseer.addDependency("redis", steps("out", "Ready to accept connections tcp", "hang").build());
    assertThatThrownBy(() -> ovrseer.addMainProcess("redis", steps("hang").build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("process id \"redis\" is already registered as a dependency;"
            + " ids must be unique across setup processes, dependencies, main and cleanup processes");
    assertThatThrownBy(() -> ovrseer.restartProcess("reddis"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("no process with id \"reddis\" is registered; known ids: [redis]");
    assertThat(ovrseer.getProcess("reddis")).isEmpty();

    Ovrseer slow = new Ovrseer(OvrseerOptions.builder().crashReporter(new CrashReporter(reports)).build());
    slow.addDependency("redis", steps("out", "starting", "hang")
        .readyCheck(ReadyCheck.logPattern("Ready to accept connections", Duration.ofSeconds(3)))
        .build());
    assertThatThrownBy(slow::start)
        .isInstanceOf(OvrseerStartException.class)
        .hasMessageStartingWith("Ovrseer could not start: dependency \"redis\" did not become ready: process [")
        .hasMessageContaining("] did not become ready within 3 s: waited for log line matching"
            + " /Ready to accept connections/; last log lines:\n  | starting");
    assertThat(CrashReporter.readReports(reports)).singleElement().satisfies(r -> {
      assertThat(r.type()).isEqualTo(CrashType.READY_CHECK_FAILED);
      assertThat(r.signal()).isEqualTo("SIGTERM");
      assertThat(r.message()).isEqualTo("dependency \"redis\" did not become ready within 3 s:"
          + " waited for log line matching /Ready to accept connections/");
    });

    Ovrseer missing = new Ovrseer(OvrseerOptions.builder().crashReporter(new CrashReporter(reports)).build());
    missing.addDependency("redis", ProcessUnit.builder("redis-server-7", "--port", "6380").build());
    assertThatThrownBy(missing::start)
        .isInstanceOf(OvrseerStartException.class)
        .hasMessageStartingWith("Ovrseer could not start: dependency \"redis\" could not be spawned:"
            + " cannot start process [redis-server-7 --port 6380] in ")
        .hasMessageContaining(": command \"redis-server-7\" not found on PATH (")
        .hasMessageEndingWith("); install it or give its full path");
  }

  /** Cleanup failures as described in orchestrator.md and crash-reports.md. */
  @Test
  void orchestratorCleanupFailures() {
    Ovrseer ovrseer = new Ovrseer(OvrseerOptions.builder()
        .cleanupTimeout(Duration.ofSeconds(3))
        .crashReporter(new CrashReporter(reports))
        .build());
    List<String> order = new CopyOnWriteArrayList<>();
    ovrseer.on(ProcessCrash.class, e -> order.add("crash " + e.name()));
    ovrseer.on("lifecycle:cleanup-complete", e -> order.add(e.eventName()));
    ovrseer.addMainProcess("api", steps("hang").build());
    ovrseer.addCleanupProcess("backup", steps("err", "pg_dump: connection refused", "exit", "2").build());
    ovrseer.addCleanupProcess("drain", steps("out", "draining", "hang").build());

    ovrseer.start();
    ovrseer.stop();

    assertThat(order).containsExactlyInAnyOrder("crash backup", "crash drain", "lifecycle:cleanup-complete");
    assertThat(order.get(2)).isEqualTo("lifecycle:cleanup-complete");
    assertThat(CrashReporter.readReports(reports))
        .extracting(CrashReport::type, CrashReport::message)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple(CrashType.CLEANUP_FAILED, "cleanup process \"backup\" exited with exit code 2"),
            org.assertj.core.groups.Tuple.tuple(CrashType.CLEANUP_FAILED,
                "cleanup process \"drain\" did not finish within the cleanup timeout of 3 s; its process tree was killed"));
  }

  // ------------------------------------------------------------------ docs/process-units.md

  @Test
  void processUnitOnItsOwn() {
    ProcessUnit redis = steps("out", "Ready to accept connections tcp", "hang")
        .env("TZ", "UTC")
        .workingDirectory(Path.of("target"))
        .stopTimeout(Duration.ofSeconds(2))
        .readyCheck(ReadyCheck.logPattern("Ready to accept connections", Duration.ofSeconds(10)))
        .build();

    redis.start();                              // returns at once: STARTING
    redis.ready().join();                       // READY, or a CompletionException saying why not
    assertThat(redis.getState()).isEqualTo(ProcessState.READY); //test-only
    System.out.println("pid " + redis.getPid().getAsLong());
    redis.stop();                               // SIGTERM to the tree, SIGKILL after 2 s; blocks
    ExitStatus status = redis.exit().join();    // exit code 0, or signal SIGTERM
    System.out.println(redis.getState() + " after " + status);   // STOPPED after ...

    assertThat(redis.getState()).isEqualTo(ProcessState.STOPPED);
    assertThat(status).isEqualTo(new ExitStatus(null, "SIGTERM"));
    assertThat(status.toString()).isEqualTo("signal SIGTERM");
    assertThat(redis.isRunning()).isFalse();
  }

  @Test
  void processUnitStdin() {
    ProcessUnit app = steps("echo-stdin").build();
    app.start();
    app.sendStdin("reload");                    // writes "reload\n" in UTF-8 and flushes
    await().atMost(Duration.ofSeconds(5))
        .until(() -> app.logger().getLogs().contains("echo: reload"));
    app.stop();

    assertThatThrownBy(() -> app.sendStdin("reload"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageEndingWith("] is not running");
  }

  @Test
  void processUnitReadinessChecks() {
    ProcessUnit api = steps("out", "worker 1 started", "out", "worker 2 started", "out", "worker 3 started", "http", Integer.toString(port))
        .readyCheck(ReadyCheck.logPattern("worker \\d+ started", Duration.ofSeconds(20)).times(3))
        .readyCheck(ReadyCheck.http("http://localhost:" + port + "/health", Duration.ofSeconds(30)))
        .build();
    api.start();
    api.ready().join();                         // both checks passed
    assertThat(api.getState()).isEqualTo(ProcessState.READY); //test-only
    api.stop();
  }

  @Test
  void processUnitCheckFactories() {
    ReadyCheck banner  = ReadyCheck.logPattern("Ready to accept connections", Duration.ofSeconds(10));
    ReadyCheck workers = ReadyCheck.logPattern("worker \\d+ started", Duration.ofSeconds(20)).times(3);
    ReadyCheck warmup  = ReadyCheck.logPattern("cache warmed", Duration.ofSeconds(5)).passIfNotFound();
    ReadyCheck port    = ReadyCheck.tcpPort(5432, Duration.ofSeconds(30));
    ReadyCheck remote  = ReadyCheck.tcpPort("db.internal", 5432, Duration.ofSeconds(30));
    ReadyCheck health  = ReadyCheck.http("http://localhost:8080/actuator/health", Duration.ofSeconds(60));
    ReadyCheck pgReady = ReadyCheck.command(Duration.ofSeconds(30), "pg_isready", "-h", "localhost", "-p", "5432");

    assertThat(List.of(banner, workers, warmup, port, remote, health, pgReady))
        .extracting(ReadyCheck::description)
        .containsExactly(
            "log line matching /Ready to accept connections/",
            "log line matching /worker \\d+ started/ 3 times",
            "log line matching /cache warmed/ (or none at the timeout)",
            "TCP port localhost:5432 accepting connections",
            "TCP port db.internal:5432 accepting connections",
            "HTTP GET http://localhost:8080/actuator/health answering 2xx",
            "command [pg_isready, -h, localhost, -p, 5432] exiting 0");
    assertThatThrownBy(() -> ReadyCheck.logPattern("worker (\\d+ started", Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("invalid readiness regex [worker (\\d+ started]: ");
    assertThatThrownBy(() -> ReadyCheck.http("localhost:8080/health", Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("readiness URL [localhost:8080/health] must be an absolute http:// or https:// URL with a host");
    assertThatThrownBy(() -> ReadyCheck.tcpPort(5432, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("readiness timeout must be positive but was PT0S");
  }

  @Test
  void processUnitWhenReadinessFails() {
    List<ReadinessException> failures = new ArrayList<>(); //test-only
    ProcessUnit db = steps("err", "FATAL:  could not create lock file \"/run/postgresql/.s.PGSQL.5433.lock\": Permission denied", "exit", "1")
        .readyCheck(ReadyCheck.tcpPort(5433, Duration.ofSeconds(30)))
        .build();
    db.start();
    try {
      db.ready().join();
    } catch (CompletionException e) {
      ReadinessException failure = (ReadinessException) e.getCause();
      failures.add(failure); //test-only
      System.err.println(failure.getMessage());
      failure.getExitStatus().ifPresent(status -> System.err.println("it exited with " + status));
    }
    System.out.println(db.getState());          // CRASHED

    assertThat(db.getState()).isEqualTo(ProcessState.CRASHED);
    assertThat(failures).singleElement().satisfies(f -> {
      assertThat(f.getExitStatus()).contains(new ExitStatus(1, null));
      assertThat(f.getMessage())
          .startsWith("process [")
          .endsWith("] exited with exit code 1 before it was ready; last log lines:\n"
              + "  | FATAL:  could not create lock file \"/run/postgresql/.s.PGSQL.5433.lock\": Permission denied");
    });
  }

  /** The other failure messages quoted in process-units.md. */
  @Test
  void processUnitMessages() {
    ProcessUnit slow = steps("out", "loading data", "hang")
        .readyCheck(ReadyCheck.tcpPort(port, Duration.ofSeconds(3)))
        .build();
    slow.start();
    assertThatThrownBy(() -> slow.ready().join())
        .cause()
        .isInstanceOf(ReadinessException.class)
        .hasMessageStartingWith("process [")
        .hasMessageEndingWith("] did not become ready within 3 s: waited for TCP port localhost:" + port
            + " accepting connections (last attempt: localhost:" + port + ": Connection refused);"
            + " last log lines:\n  | loading data");
    assertThat(slow.exit().join()).isEqualTo(new ExitStatus(null, "SIGTERM"));
    assertThat(slow.getState()).isEqualTo(ProcessState.CRASHED);

    ProcessUnit checked = steps("hang")
        .readyCheck(ReadyCheck.command(Duration.ofSeconds(30), "pg_isready-not-installed"))
        .build();
    checked.start();
    assertThatThrownBy(() -> checked.ready().join())
        .cause()
        .hasMessageContaining("] failed its readiness check (command [pg_isready-not-installed] exiting 0):"
            + " readiness command [pg_isready-not-installed] could not be run: Cannot run program")
        .hasMessageEndingWith("; it logged nothing");
    checked.exit().join();

    ProcessUnit missing = ProcessUnit.builder("./bin/server", "--port", "8080").workingDirectory(Path.of("target")).build();
    assertThatThrownBy(missing::start)
        .isInstanceOf(io.ovrseer.process.ProcessSpawnException.class)
        .hasMessage("cannot start process [./bin/server --port 8080] in target: command target/./bin/server does not exist");
    assertThat(missing.getState()).isEqualTo(ProcessState.FAILED);

    assertThat(ExitStatus.fromExitValue(143)).isEqualTo(new ExitStatus(null, "SIGTERM"));
    assertThat(ExitStatus.fromExitValue(3)).isEqualTo(new ExitStatus(3, null));
  }

  // ------------------------------------------------------------------ docs/logging-and-flags.md

  @Test
  void loggingFlagsOnARunningProcess() {
    ProcessLogger logger = new ProcessLogger(50_000, 2_000);
    logger.addFlag("errors", Flag.builder("ERROR|Exception").contextWindowSize(2).build());
    logger.addFlag("requests", Flag.builder("GET /api/").color(FlagColor.BLUE).targetCount(3).build());

    ProcessUnit api = steps("out", "started", "out", "GET /api/notes 200", "out", "ERROR loading note 7: timeout", "out", "GET /api/notes 200", "out", "GET /api/notes/7 500", "out", "stopping").logger(logger).build();
    api.start();
    api.exit().join();                          // this run ends by itself; its output has been read

    FlagState errors = logger.getFlag("errors").orElseThrow();
    FlagMatch first = errors.matches().get(0);
    System.out.println(errors.count() + " error: " + first.line());  // 1 error: ERROR loading note 7: timeout
    System.out.println(first.context());
    // [started, GET /api/notes 200, GET /api/notes 200, GET /api/notes/7 500]
    System.out.println(logger.getFlag("requests").orElseThrow().targetReached());   // true: 3 >= 3
    System.out.println(logger.getLogs(2));      // [GET /api/notes/7 500, stopping]

    assertThat(errors.count()).isEqualTo(1);
    assertThat(first.line()).isEqualTo("ERROR loading note 7: timeout");
    assertThat(first.context()).containsExactly("started", "GET /api/notes 200", "GET /api/notes 200", "GET /api/notes/7 500");
    assertThat(logger.getFlag("requests").orElseThrow().count()).isEqualTo(3);
    assertThat(logger.getFlag("requests").orElseThrow().targetReached()).isTrue();
    assertThat(logger.getLogs(2)).containsExactly("GET /api/notes/7 500", "stopping");
    assertThat(logger.getFlags().keySet()).containsExactly("errors", "requests");
  }

  @Test
  void loggingContextWindowLineByLine() {
    ProcessLogger logger = new ProcessLogger();
    logger.addFlag("timeouts", Flag.builder("timeout").contextWindowSize(1).build());

    logger.append(LogLine.Stream.STDOUT, "connecting to db");
    logger.append(LogLine.Stream.STDERR, "timeout after 5 s");
    FlagMatch match = logger.getFlag("timeouts").orElseThrow().matches().get(0);
    System.out.println(match.context());        // [connecting to db]: the line after has not come yet
    assertThat(match.context()).containsExactly("connecting to db"); //test-only

    logger.append(LogLine.Stream.STDOUT, "retrying");
    match = logger.getFlag("timeouts").orElseThrow().matches().get(0);
    System.out.println(match.context());        // [connecting to db, retrying]

    assertThat(match.context()).containsExactly("connecting to db", "retrying");
    assertThat(match.line()).isEqualTo("timeout after 5 s");
    assertThat(match.sequence()).isEqualTo(1);
  }

  /** The line splitting rules of logging-and-flags.md. */
  @Test
  void loggingLineSplitting() {
    ProcessUnit unit = steps("out", "dos line\r", "out", "", "binary", "bytes", "70000", "out", "tail", "out", "after").build();
    unit.start();
    unit.exit().join();

    List<String> logs = unit.logger().getLogs();
    assertThat(logs).hasSize(5);
    assertThat(logs.get(0)).isEqualTo("dos line");
    assertThat(logs.get(1)).isEmpty();
    assertThat(logs.get(2)).isEqualTo("\uFFFD(ok\uFFFD");
    assertThat(logs.get(3)).isEqualTo("x".repeat(65_536) + " [ovrseer: line cut at 65536 bytes]");
    assertThat(logs.get(4)).isEqualTo("after");
  }

  /** Flag and logger rules stated in logging-and-flags.md. */
  @Test
  void loggingRules() {
    ProcessLogger logger = new ProcessLogger(3, 10);
    assertThat(logger.maxLogSize()).isEqualTo(3);
    logger.append(LogLine.Stream.STDOUT, "ERROR before the flag");
    logger.addFlag("errors", Flag.builder("ERROR").targetCount(0).build());
    FlagState none = logger.getFlag("errors").orElseThrow();
    assertThat(none.count()).isZero();
    assertThat(none.targetReached()).isTrue();
    for (int i = 1; i <= 5; i++) {
      logger.append(LogLine.Stream.STDOUT, "ERROR " + i);
    }
    assertThat(logger.getLogs()).containsExactly("ERROR 3", "ERROR 4", "ERROR 5");
    assertThat(logger.getLineCount()).isEqualTo(6);
    FlagState errors = logger.getFlag("errors").orElseThrow();
    assertThat(errors.count()).isEqualTo(5);
    assertThat(errors.matches()).extracting(FlagMatch::line).containsExactly("ERROR 3", "ERROR 4", "ERROR 5");
    logger.addFlag("errors", Flag.of("ERROR"));
    assertThat(logger.getFlag("errors").orElseThrow().count()).isZero();
    Flag defaults = Flag.of("x");
    assertThat(defaults.color()).isEqualTo(FlagColor.RED);
    assertThat(defaults.targetCount()).isNull();
    assertThat(defaults.contextWindowSize()).isZero();
    assertThat(new ProcessLogger().maxBufferSize()).isEqualTo(10_000);
    assertThat(new ProcessLogger().maxLogSize()).isEqualTo(1_000);
    assertThatThrownBy(() -> Flag.of("ERROR ("))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("invalid flag regex [ERROR (]: ");
  }

  // ------------------------------------------------------------------ docs/crash-reports.md

  @Test
  void crashReportsOfACrashingWorker() {
    CrashReporter reporter = new CrashReporter(reports);
    Ovrseer ovrseer = new Ovrseer(OvrseerOptions.builder()
        .retries(1)
        .retryDelay(Duration.ofMillis(200))
        .crashReporter(reporter)
        .build());
    ProcessUnit worker = steps("out", "polling queue jobs", "err", "Exception in thread \"main\" java.lang.IllegalStateException: queue jobs not found", "exit", "1").build();
    worker.logger().addFlag("exceptions", Flag.of("Exception"));
    ovrseer.addMainProcess("worker", worker);

    ovrseer.start();
    await().atMost(Duration.ofSeconds(30)).until(() -> worker.getState() == ProcessState.FAILED);
    ovrseer.stop();

    for (CrashReport report : reporter.getReports("worker")) {
      System.out.println(report.type() + ", " + report.describeExit());
    }                                            // CRASH, exit code 1 / RETRIES_EXHAUSTED, exit code 1
    System.out.println(reporter.getReports("worker").get(1).toText(5));
    List<CrashReport> fromDisk = CrashReporter.readReports(reporter.getReportsDir());

    assertThat(fromDisk).isEqualTo(reporter.getReports());
    assertThat(fromDisk).extracting(CrashReport::type).containsExactly(CrashType.CRASH, CrashType.RETRIES_EXHAUSTED);
    CrashReport last = fromDisk.get(1);
    assertThat(last.flagCounts()).containsEntry("exceptions", 2);
    assertThat(last.retryCount()).isEqualTo(1);
    assertThat(last.maxRetries()).isEqualTo(1);
    assertThat(last.lastLogs()).contains("polling queue jobs");
    assertThat(fromDisk.get(0).message()).isEqualTo("main process \"worker\" exited with exit code 1; restarting in 200 ms (retry 1 of 1)");
    assertThat(last.message()).isEqualTo("main process \"worker\" exited with exit code 1; its 1 retry is used, it stays FAILED");
    assertThat(last.toText(5))
        .startsWith("process \"worker\" (main) RETRIES_EXHAUSTED, exit code 1, retries used: 1 of 1:"
            + " main process \"worker\" exited with exit code 1; its 1 retry is used, it stays FAILED\n  last log lines:\n  | ");
    try (var files = Files.list(reports)) {
      assertThat(files.map(f -> f.getFileName().toString()))
          .hasSize(2)
          .allMatch(name -> name.matches("\\d{8}T\\d{6}\\.\\d{6}Z_worker(-\\d+)?\\.json"), "named <timestamp>_worker.json");
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void crashReportsWhenWritingFails() throws IOException {
    Path readOnly = Files.writeString(reports.resolve("a-file"), "").resolve("crash-reports");
    List<LifecycleError> errors = new CopyOnWriteArrayList<>(); //test-only
    CrashReporter reporter = new CrashReporter(readOnly);
    Ovrseer ovrseer = new Ovrseer(OvrseerOptions.builder().retries(0).crashReporter(reporter).build());
    ovrseer.on(LifecycleError.class, errors::add); //test-only
    ovrseer.on(LifecycleError.class, error ->
        System.err.println(error.phase() + ": " + error.error().getMessage()));
    // MAIN: could not write crash report of process "worker" to /mnt/read-only/crash-reports: ...
    ovrseer.addMainProcess("worker", steps("out", "polling queue jobs", "err", "Exception in thread \"main\" java.lang.IllegalStateException: queue jobs not found", "exit", "1").build());

    ovrseer.start();
    await().atMost(Duration.ofSeconds(30)).until(() -> reporter.getReports().size() == 1);
    ovrseer.stop();

    assertThat(errors).singleElement().satisfies(error -> {
      assertThat(error.phase()).isEqualTo(LifecycleError.Phase.MAIN);
      assertThat(error.error())
          .isInstanceOf(java.io.UncheckedIOException.class)
          .hasMessageStartingWith("could not write crash report of process \"worker\" to " + readOnly + ": ");
    });
  }

  // ------------------------------------------------------------------ docs/events.md

  @Test
  void eventsSubscribing() {
    List<String> seen = new CopyOnWriteArrayList<>(); //test-only
    Ovrseer ovrseer = new Ovrseer();
    ovrseer.on(ProcessReady.class, ready ->
        System.out.println(ready.name() + " ready after " + ready.duration().toMillis() + " ms"));
    ovrseer.on("process:exit", event -> System.out.println(((ProcessExit) event).name() + " exited"));
    Consumer<ProcessLog> printer = log -> System.out.println("[" + log.name() + "] " + log.line());
    ovrseer.on(ProcessLog.class, printer);
    ovrseer.on(ProcessLog.class, log -> seen.add(log.line())); //test-only
    ovrseer.addDependency("redis", steps("out", "Ready to accept connections tcp", "hang")
        .readyCheck(ReadyCheck.logPattern("Ready to accept connections", Duration.ofSeconds(10)))
        .build());

    ovrseer.start();
    ovrseer.off(ProcessLog.class, printer);
    ovrseer.stop();

    assertThat(seen).containsExactly("Ready to accept connections tcp");
  }

  @Test
  void eventsOrder() {
    Ovrseer ovrseer = new Ovrseer();
    List<String> seen = new CopyOnWriteArrayList<>();
    for (String name : List.of("process:spawn", "process:ready", "process:exit",
        "lifecycle:dependencies-ready", "lifecycle:main-started", "lifecycle:main-stopped",
        "lifecycle:cleanup-started", "lifecycle:cleanup-complete")) {
      ovrseer.on(name, event -> seen.add(event.eventName()));
    }
    ovrseer.addDependency("redis", steps("out", "Ready to accept connections tcp", "hang")
        .readyCheck(ReadyCheck.logPattern("Ready to accept connections", Duration.ofSeconds(10)))
        .build());
    ovrseer.addMainProcess("api", steps("hang").build());
    ovrseer.addCleanupProcess("flush", steps("out", "OK").build());

    ovrseer.start();
    System.out.println(seen);   // complete when start() returns, no waiting needed:
    // [process:spawn, process:ready, lifecycle:dependencies-ready,
    //  process:spawn, process:ready, lifecycle:main-started]
    assertThat(seen).containsExactly("process:spawn", "process:ready", "lifecycle:dependencies-ready", "process:spawn", "process:ready", "lifecycle:main-started"); //test-only
    seen.clear();
    ovrseer.stop();
    System.out.println(seen);
    // [process:exit, lifecycle:main-stopped, process:spawn, process:ready,
    //  lifecycle:cleanup-started, process:exit, lifecycle:cleanup-complete, process:exit]

    assertThat(seen).containsExactly("process:exit", "lifecycle:main-stopped", "process:spawn", "process:ready",
        "lifecycle:cleanup-started", "process:exit", "lifecycle:cleanup-complete", "process:exit");
  }

  @Test
  void eventsAListenerThatThrows() {
    List<LifecycleError> errors = new CopyOnWriteArrayList<>(); //test-only
    Ovrseer ovrseer = new Ovrseer();
    ovrseer.on(ProcessSpawn.class, spawn -> {
      throw new IllegalStateException("metrics backend down");
    });
    ovrseer.on(LifecycleError.class, error ->
        System.err.println(error.phase() + ": " + error.error().getMessage()));
    ovrseer.on(LifecycleError.class, errors::add); //test-only
    ovrseer.addMainProcess("api", steps("hang").build());

    ovrseer.start();   // not disturbed; prints
    // MAIN: a listener of process:spawn threw java.lang.IllegalStateException: metrics backend down
    ovrseer.stop();

    assertThat(errors).singleElement().satisfies(error -> {
      assertThat(error.phase()).isEqualTo(LifecycleError.Phase.MAIN);
      assertThat(error.error()).hasMessage("a listener of process:spawn threw java.lang.IllegalStateException: metrics backend down");
      assertThat(error.error().getCause()).hasMessage("metrics backend down");
    });
    assertThat(ovrseer.getProcess("api").orElseThrow().getState()).isEqualTo(ProcessState.STOPPED);
  }

  /** Rules of events.md that no example shows. */
  @Test
  void eventsRules() {
    Ovrseer ovrseer = new Ovrseer();
    assertThatThrownBy(() -> ovrseer.on("process:crashed", e -> {}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("unknown event name [process:crashed]; known: [flag:matched, lifecycle:cleanup-complete,");
    List<Thread> threads = new CopyOnWriteArrayList<>();
    List<OvrseerEvent> all = new CopyOnWriteArrayList<>();
    ovrseer.on("process:added", e -> {
      threads.add(Thread.currentThread());
      all.add(e);
    });
    ovrseer.addMainProcess("api", steps("hang").build());
    ovrseer.awaitEventsDelivered();
    assertThat(all).singleElement().extracting(OvrseerEvent::eventName).isEqualTo("process:added");
    assertThat(threads).singleElement().satisfies(t -> {
      assertThat(t.getName()).startsWith("ovrseer-events-");
      assertThat(t.isDaemon()).isTrue();
    });
  }

  // ------------------------------------------------------------------ the pages and this class

  @Test
  void everyJavaExampleOfTheDocsIsInThisClass() throws IOException {
    assertThat(DocsPages.missingExamples(DocsExamplesTest.class, PAGES, STAND_INS))
        .as("examples of the docs that DocsExamplesTest does not run (shown with their stand-ins)")
        .isEmpty();
  }
}
