package io.ovrseer;

import static io.ovrseer.fixtures.Fixtures.steps;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import io.ovrseer.crash.CrashReporter;
import io.ovrseer.crash.CrashType;
import io.ovrseer.event.DependenciesReady;
import io.ovrseer.event.ProcessCrash;
import io.ovrseer.event.ProcessReady;
import io.ovrseer.event.ProcessSpawn;
import io.ovrseer.process.ProcessState;
import io.ovrseer.process.ProcessUnit;
import io.ovrseer.process.ReadyCheck;
import io.ovrseer.testing.NoLeftoverProcesses;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(NoLeftoverProcesses.class)
class DependencyFailureTest {
  @TempDir Path reports;

  private Ovrseer ovrseer(int retries) {
    return new Ovrseer(
        OvrseerOptions.builder()
            .retries(retries)
            .retryDelay(Duration.ofMillis(100))
            .crashReporter(new CrashReporter(reports))
            .build());
  }

  @Test
  void aDependencyRemovedWhileStartWaitsForItFailsStartInsteadOfHangingIt() throws Exception {
    Ovrseer ovrseer = ovrseer(3);
    ProcessUnit db =
        steps("out", "booting", "hang")
            .readyCheck(ReadyCheck.logPattern("never printed", Duration.ofMinutes(5)))
            .build();
    ovrseer.addDependency("db", db);
    ovrseer.addMainProcess("api", steps("hang").build());
    CompletableFuture<Void> start = CompletableFuture.runAsync(ovrseer::start);
    await().until(db::isRunning);

    ovrseer.removeDependency("db");

    assertThatThrownBy(() -> start.get(30, TimeUnit.SECONDS))
        .hasCauseInstanceOf(OvrseerStartException.class)
        .hasMessageContaining("dependency \"db\" was removed while starting");
    assertThat(db.isRunning()).isFalse();
    assertThat(ovrseer.getProcess("api").orElseThrow().isRunning()).isFalse();
  }

  @Test
  void aDependencyThatCrashesAfterItWasReadyIsWaitedForAgainBeforeTheMainsSpawn() throws Exception {
    Ovrseer ovrseer =
        new Ovrseer(
            OvrseerOptions.builder()
                .retries(1)
                .retryDelay(Duration.ofSeconds(1))
                .crashReporter(new CrashReporter(reports))
                .build());
    List<String> events = new CopyOnWriteArrayList<>();
    ovrseer.on(ProcessReady.class, e -> events.add("ready " + e.name()));
    ovrseer.on(ProcessCrash.class, e -> events.add("crash " + e.name()));
    ovrseer.on(DependenciesReady.class, e -> events.add("dependencies-ready"));
    ovrseer.on(ProcessSpawn.class, e -> events.add("spawn " + e.name()));
    Path crash = reports.resolve("crash");
    Path go = reports.resolve("go");
    ovrseer.addDependency("db", readyThenCrashingOnce(reports.resolve("ran-once"), crash));
    ovrseer.addDependency("slow", readyOnceThere(go));
    ovrseer.addMainProcess("api", ProcessUnit.builder("sleep", "600").build());
    CompletableFuture<Void> start = CompletableFuture.runAsync(ovrseer::start);
    await().atMost(Duration.ofSeconds(20)).until(() -> events.contains("ready db"));

    Files.createFile(crash);
    await().atMost(Duration.ofSeconds(20)).until(() -> events.contains("crash db"));
    Files.createFile(go);

    try {
      start.get(30, TimeUnit.SECONDS);
      assertThat(events)
          .filteredOn(e -> !e.equals("ready api"))
          .containsSubsequence(
              "ready db", "crash db", "ready slow", "ready db", "dependencies-ready", "spawn api");
    } finally {
      ovrseer.stop();
    }
  }

  @Test
  void aDependencyThatCrashesAfterItWasReadyWithNoRetriesFailsStart() throws Exception {
    Ovrseer ovrseer = ovrseer(0);
    List<String> events = new CopyOnWriteArrayList<>();
    ovrseer.on(ProcessReady.class, e -> events.add("ready " + e.name()));
    ovrseer.on(ProcessCrash.class, e -> events.add("crash " + e.name()));
    Path crash = reports.resolve("crash");
    Path go = reports.resolve("go");
    ovrseer.addDependency("db", readyThenCrashingOnce(reports.resolve("ran-once"), crash));
    ovrseer.addDependency("slow", readyOnceThere(go));
    ProcessUnit api = ProcessUnit.builder("sleep", "600").build();
    ovrseer.addMainProcess("api", api);
    CompletableFuture<Void> start = CompletableFuture.runAsync(ovrseer::start);
    await().atMost(Duration.ofSeconds(20)).until(() -> events.contains("ready db"));

    Files.createFile(crash);
    await().atMost(Duration.ofSeconds(20)).until(() -> events.contains("crash db"));
    Files.createFile(go);

    try {
      assertThatThrownBy(() -> start.get(30, TimeUnit.SECONDS))
          .hasCauseInstanceOf(OvrseerStartException.class)
          .hasMessageContaining(
              "Ovrseer could not start: dependency \"db\" crashed once and was not ready again:"
                  + " dependency \"db\" exited with exit code 3; it has no retries, it stays"
                  + " FAILED");
      assertThat(api.getState()).isEqualTo(ProcessState.CREATED);
    } finally {
      ovrseer.stop();
    }
  }

  /** A dependency that is ready at once; in its first run, it exits 3 once {@code crash} exists. */
  private static ProcessUnit readyThenCrashingOnce(Path ranOnce, Path crash) {
    return ProcessUnit.builder(
            "sh",
            "-c",
            "if [ -f \"$0\" ]; then echo up; exec sleep 600; fi; touch \"$0\"; echo up;"
                + " while [ ! -f \"$1\" ]; do sleep 0.05; done; exit 3",
            ranOnce.toString(),
            crash.toString())
        .readyCheck(ReadyCheck.logPattern("up", Duration.ofSeconds(30)))
        .build();
  }

  /** A dependency that is ready once {@code go} exists. */
  private static ProcessUnit readyOnceThere(Path go) {
    return ProcessUnit.builder(
            "sh",
            "-c",
            "while [ ! -f \"$0\" ]; do sleep 0.05; done; echo up; exec sleep 600",
            go.toString())
        .readyCheck(ReadyCheck.logPattern("up", Duration.ofSeconds(30)))
        .build();
  }

  @Test
  void aDependencyThatTimesOutFailsStartNamingItTheCheckAndItsLastLines() {
    Ovrseer ovrseer = ovrseer(3);
    List<String> spawned = new CopyOnWriteArrayList<>();
    ovrseer.on(ProcessSpawn.class, e -> spawned.add(e.name()));
    ovrseer.addDependency(
        "fast",
        steps("out", "READY", "hang")
            .readyCheck(ReadyCheck.logPattern("READY", Duration.ofSeconds(20)))
            .build());
    ovrseer.addDependency(
        "db",
        steps("out", "booting db", "out", "still booting", "hang")
            .readyCheck(ReadyCheck.logPattern("accepting connections", Duration.ofMillis(1500)))
            .build());
    ovrseer.addMainProcess("api", steps("hang").build());

    OvrseerStartException failure =
        catchThrowableOfType(OvrseerStartException.class, ovrseer::start);

    assertThat(failure.getProcessId()).isEqualTo("db");
    assertThat(failure.getMessage())
        .contains("dependency \"db\"")
        .contains("did not become ready within 1500 ms")
        .contains("accepting connections")
        .contains("still booting");
    assertThat(spawned).containsExactlyInAnyOrder("fast", "db");
    assertThat(ovrseer.getProcess("fast").orElseThrow().isRunning()).isFalse();
    assertThat(ovrseer.getProcess("db").orElseThrow().isRunning()).isFalse();
    assertThat(ovrseer.getOptions().crashReporter().getReports("db"))
        .extracting(r -> r.type())
        .containsExactly(CrashType.READY_CHECK_FAILED);
  }

  @Test
  void aDependencyThatExitsBeforeReadyFailsStartAtOnceNotAtTheTimeout() {
    Ovrseer ovrseer = ovrseer(0);
    List<String> spawned = new CopyOnWriteArrayList<>();
    ovrseer.on(ProcessSpawn.class, e -> spawned.add(e.name()));
    Duration timeout = Duration.ofSeconds(60);
    ovrseer.addDependency(
        "db",
        steps("err", "FATAL: config file missing", "exit", "3")
            .readyCheck(ReadyCheck.logPattern("READY", timeout))
            .build());
    ovrseer.addMainProcess("api", steps("hang").build());
    long began = System.nanoTime();

    OvrseerStartException failure =
        catchThrowableOfType(OvrseerStartException.class, ovrseer::start);

    assertThat(Duration.ofNanos(System.nanoTime() - began)).isLessThan(timeout.dividedBy(2));
    assertThat(failure.getMessage())
        .contains("dependency \"db\"")
        .contains("exit code 3")
        .contains("FATAL: config file missing");
    assertThat(failure.getLastLogs()).contains("FATAL: config file missing");
    assertThat(spawned).containsExactly("db");
    assertThat(ovrseer.getProcess("db").orElseThrow().getState()).isEqualTo(ProcessState.FAILED);
  }

  @Test
  void aDependencyThatExitsBeforeReadyIsRetriedBeforeStartGivesUp() {
    Ovrseer ovrseer = ovrseer(2);
    List<String> spawned = new CopyOnWriteArrayList<>();
    ovrseer.on(ProcessSpawn.class, e -> spawned.add(e.name()));
    ovrseer.addDependency(
        "db",
        steps("exit", "4")
            .readyCheck(ReadyCheck.logPattern("READY", Duration.ofSeconds(60)))
            .build());

    OvrseerStartException failure =
        catchThrowableOfType(OvrseerStartException.class, ovrseer::start);

    assertThat(spawned).containsExactly("db", "db", "db");
    assertThat(failure.getMessage()).contains("crashed 3 times").contains("exit code 4");
    assertThat(ovrseer.getOptions().crashReporter().getReports("db"))
        .extracting(r -> r.type())
        .containsExactly(CrashType.CRASH, CrashType.CRASH, CrashType.RETRIES_EXHAUSTED);
  }

  @Test
  void aDependencyThatExitsZeroBeforeReadyFailsStartInsteadOfWaitingForever() {
    Ovrseer ovrseer = ovrseer(3);
    ovrseer.addDependency(
        "migrate",
        steps("out", "migrated")
            .readyCheck(ReadyCheck.logPattern("READY", Duration.ofSeconds(60)))
            .build());

    OvrseerStartException failure =
        catchThrowableOfType(OvrseerStartException.class, ovrseer::start);

    assertThat(failure.getMessage())
        .contains("dependency \"migrate\" exited with exit code 0 before it was ready");
    assertThat(failure.getLastLogs()).containsExactly("migrated");
  }

  @Test
  void aDependencyThatCannotBeSpawnedFailsStartNamingTheCommand() {
    Ovrseer ovrseer = ovrseer(3);
    ovrseer.addDependency("ok", steps("out", "READY", "hang").build());
    ovrseer.addDependency("ghost", ProcessUnit.builder("no-such-binary-ovrseer", "--flag").build());

    OvrseerStartException failure =
        catchThrowableOfType(OvrseerStartException.class, ovrseer::start);

    assertThat(failure.getMessage())
        .contains("dependency \"ghost\"")
        .contains("no-such-binary-ovrseer")
        .contains("not found on PATH");
    assertThat(ovrseer.getProcess("ok").orElseThrow().isRunning()).isFalse();
  }

  @Test
  void messagesShowALongClassPathShortenedWhileTheReportKeepsItWhole() {
    Ovrseer ovrseer = ovrseer(0);
    String classPath =
        String.join(
            java.io.File.pathSeparator,
            io.ovrseer.fixtures.Steps.classpath(),
            "lib/a.jar",
            "b.jar");
    ovrseer.addDependency(
        "db",
        ProcessUnit.builder(
                io.ovrseer.fixtures.Steps.java().get(0),
                "-cp",
                classPath,
                io.ovrseer.fixtures.Steps.class.getName(),
                "err",
                "no config",
                "exit",
                "2")
            .readyCheck(ReadyCheck.logPattern("READY", Duration.ofSeconds(60)))
            .build());

    OvrseerStartException failure =
        catchThrowableOfType(OvrseerStartException.class, ovrseer::start);

    assertThat(failure.getMessage())
        .contains(
            " -cp "
                + io.ovrseer.fixtures.Steps.classpath()
                + "… (3 entries) io.ovrseer.fixtures.Steps err")
        .doesNotContain("b.jar");
    assertThat(ovrseer.getOptions().crashReporter().getReports("db"))
        .singleElement()
        .satisfies(report -> assertThat(report.args()).contains(classPath));
  }
}
