package io.ovrseer;

import static io.ovrseer.fixtures.Fixtures.steps;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import io.ovrseer.crash.CrashReport;
import io.ovrseer.crash.CrashReporter;
import io.ovrseer.crash.CrashType;
import io.ovrseer.event.DependenciesReady;
import io.ovrseer.event.OvrseerEvent;
import io.ovrseer.event.ProcessExit;
import io.ovrseer.event.ProcessReady;
import io.ovrseer.event.ProcessRestart;
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
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(NoLeftoverProcesses.class)
class SetupProcessTest {
  @TempDir Path reports;
  private Ovrseer ovrseer;
  private final List<String> seen = new CopyOnWriteArrayList<>();

  @AfterEach
  void stop() {
    if (ovrseer != null) {
      ovrseer.stop();
    }
  }

  private Ovrseer ovrseer() {
    ovrseer =
        new Ovrseer(
            OvrseerOptions.builder()
                .retries(3)
                .retryDelay(Duration.ofMillis(100))
                .crashReporter(new CrashReporter(reports))
                .build());
    ovrseer.on(ProcessSpawn.class, e -> seen.add("spawn " + e.name()));
    ovrseer.on(ProcessReady.class, e -> seen.add("ready " + e.name()));
    ovrseer.on(ProcessExit.class, e -> seen.add("exit " + e.name() + " " + exitOf(e)));
    ovrseer.on(ProcessRestart.class, e -> seen.add("restart " + e.name()));
    ovrseer.on(DependenciesReady.class, e -> seen.add(e.eventName()));
    return ovrseer;
  }

  @Test
  void aDependencyThatDependsOnASetupProcessIsSpawnedOnlyAfterItExitedZero() {
    Ovrseer ovrseer = ovrseer();
    ovrseer.addSetupProcess("init", steps("sleep", "300", "out", "initialized").build());
    ovrseer.addDependency("db", ready(steps("out", "READY", "hang").dependsOn("init")));
    ovrseer.addMainProcess("api", steps("hang").build());

    ovrseer.start();

    assertThat(seen.indexOf("exit init 0"))
        .as("events %s", seen)
        .isGreaterThan(seen.indexOf("spawn init"))
        .isLessThan(seen.indexOf("spawn db"));
    assertThat(seen.indexOf("lifecycle:dependencies-ready"))
        .isGreaterThan(seen.indexOf("ready db"))
        .isLessThan(seen.indexOf("spawn api"));
    ProcessUnit init = ovrseer.getProcess("init", ProcessType.SETUP).orElseThrow();
    assertThat(init.getState()).isEqualTo(ProcessState.COMPLETED);
    assertThat(init.logger().getLogs()).containsExactly("initialized");
    assertThat(ovrseer.getAllProcesses().keySet()).containsExactly("init", "db", "api");
    assertThat(ovrseer.getAllProcesses().get("init").type()).isEqualTo(ProcessType.SETUP);
    assertThat(ovrseer.getOptions().crashReporter().getReports()).isEmpty();
  }

  @Test
  void mainProcessesWaitForEverySetupProcessEvenWithoutDependsOn() {
    Ovrseer ovrseer = ovrseer();
    ovrseer.addSetupProcess("seed", steps("sleep", "300", "out", "seeded").build());
    ovrseer.addMainProcess("api", steps("hang").build());

    ovrseer.start();

    assertThat(seen.indexOf("exit seed 0"))
        .as("events %s", seen)
        .isGreaterThan(seen.indexOf("spawn seed"))
        .isLessThan(seen.indexOf("lifecycle:dependencies-ready"));
    assertThat(seen.indexOf("spawn api")).isGreaterThan(seen.indexOf("exit seed 0"));
  }

  @Test
  void aSetupProcessThatExitsNonZeroFailsStartNamingItWithItsLastLinesAndStopsEverything() {
    Ovrseer ovrseer = ovrseer();
    ovrseer.addDependency("cache", ready(steps("out", "READY", "hang")));
    ovrseer.addSetupProcess(
        "init",
        steps("out", "creating cluster", "err", "initdb: directory exists", "exit", "3").build());
    ovrseer.addDependency("db", ready(steps("out", "READY", "hang").dependsOn("init")));
    ovrseer.addMainProcess("api", steps("hang").build());

    OvrseerStartException failure =
        catchThrowableOfType(OvrseerStartException.class, ovrseer::start);

    assertThat(failure.getProcessId()).isEqualTo("init");
    assertThat(failure.getMessage())
        .startsWith(
            "Ovrseer could not start: setup process \"init\" exited with exit code 3;"
                + " a setup process must exit 0; last log lines:")
        .contains("\n  | creating cluster")
        .contains("\n  | initdb: directory exists");
    assertThat(failure.getLastLogs()).contains("initdb: directory exists");
    assertThat(seen).doesNotContain("spawn db", "spawn api", "restart init");
    assertThat(ovrseer.getProcess("cache").orElseThrow().isRunning()).isFalse();
    assertThat(ovrseer.getProcess("init").orElseThrow().getState()).isEqualTo(ProcessState.FAILED);
    List<CrashReport> reports = ovrseer.getOptions().crashReporter().getReports("init");
    assertThat(reports).hasSize(1);
    CrashReport report = reports.get(0);
    assertThat(report.type()).isEqualTo(CrashType.CRASH);
    assertThat(report.processType()).isEqualTo(ProcessType.SETUP);
    assertThat(report.exitCode()).isEqualTo(3);
    assertThat(report.maxRetries()).isZero();
    assertThat(report.toText(5))
        .startsWith(
            "process \"init\" (setup) CRASH, exit code 3: setup process \"init\" exited with exit"
                + " code 3; a setup process must exit 0\n");
  }

  @Test
  void aSetupProcessStillRunningAtItsTimeoutIsKilledAndFailsStart() {
    Ovrseer ovrseer = ovrseer();
    // A shell, not a JVM: at a high load a JVM may not have logged "migrating" within the 1.5 s.
    // Its "sleep" is a child that the kill must reach too.
    ovrseer.addSetupProcess(
        "migrate",
        ProcessUnit.builder("sh", "-c", "echo migrating; sleep 600 & wait").build(),
        Duration.ofMillis(1500));
    ovrseer.addMainProcess("api", steps("hang").build());

    OvrseerStartException failure =
        catchThrowableOfType(OvrseerStartException.class, ovrseer::start);

    assertThat(failure.getProcessId()).isEqualTo("migrate");
    assertThat(failure.getMessage())
        .startsWith(
            "Ovrseer could not start: setup process \"migrate\" did not finish within its timeout"
                + " of 1500 ms; its process tree was killed; a setup process must exit 0;"
                + " last log lines:")
        .contains("\n  | migrating");
    assertThat(seen).doesNotContain("spawn api");
    assertThat(ovrseer.getOptions().crashReporter().getReports("migrate"))
        .extracting(CrashReport::type)
        .containsExactly(CrashType.CRASH);
    // Its child "sleep" is checked by NoLeftoverProcesses after the class.
  }

  @Test
  void aFailedSetupProcessIsNeverRestarted() {
    Ovrseer ovrseer = ovrseer();
    ovrseer.addSetupProcess("init", steps("exit", "1").build());

    catchThrowableOfType(OvrseerStartException.class, ovrseer::start);
    ovrseer.awaitEventsDelivered();

    assertThat(seen).containsExactly("spawn init", "ready init", "exit init 1");
  }

  @Test
  void restartAllDoesNotRunASetupProcessThatExitedZeroAgain() {
    Ovrseer ovrseer = ovrseer();
    ovrseer.addSetupProcess("init", steps("out", "initialized").build());
    ovrseer.addDependency("db", ready(steps("out", "READY", "hang").dependsOn("init")));
    ovrseer.start();
    seen.clear();

    ovrseer.restartAll();

    assertThat(seen).contains("spawn db").doesNotContain("spawn init");
    assertThat(ovrseer.getProcess("init").orElseThrow().logger().getLogs())
        .containsExactly("initialized");
  }

  @Test
  void restartAllRunsASetupProcessAgainWhoseLastRunFailed() throws Exception {
    Path exitCode = reports.resolve("exit-code");
    Files.writeString(exitCode, "0");
    Ovrseer ovrseer = ovrseer();
    ovrseer.addSetupProcess(
        "init",
        ProcessUnit.builder("sh", "-c", "echo run; exit $(cat '" + exitCode + "')").build());
    ovrseer.start();
    Files.writeString(exitCode, "1");
    catchThrowableOfType(RuntimeException.class, () -> ovrseer.restartProcess("init"));
    await().until(() -> ovrseer.getProcess("init").orElseThrow().getState() == ProcessState.FAILED);
    Files.writeString(exitCode, "0");
    seen.clear();

    ovrseer.restartAll();

    // Its work is undone since its last run failed: what depends on it must not count on it.
    assertThat(seen).contains("spawn init", "exit init 0");
  }

  @Test
  void startAfterStopRunsTheSetupProcessesAgain() {
    Ovrseer ovrseer = ovrseer();
    ovrseer.addSetupProcess("init", steps("out", "initialized").build());
    ovrseer.start();
    ovrseer.stop();
    seen.clear();

    ovrseer.start();

    assertThat(seen).contains("spawn init", "exit init 0");
  }

  @Test
  void aSetupProcessCanBeRemovedAndItsIdIsUniqueAcrossGroups() {
    Ovrseer ovrseer = ovrseer();
    ovrseer.addSetupProcess("init", steps("out", "initialized").build());

    assertThat(
            catchThrowableOfType(
                IllegalArgumentException.class,
                () -> ovrseer.addDependency("init", steps("hang").build())))
        .hasMessage(
            "process id \"init\" is already registered as a setup; ids must be unique across"
                + " setup processes, dependencies, main and cleanup processes");
    ovrseer.removeSetupProcess("init");
    assertThat(ovrseer.getProcess("init")).isEmpty();
  }

  @Test
  void aSetupProcessThatCannotBeSpawnedFailsStart() {
    Ovrseer ovrseer = ovrseer();
    ovrseer.addSetupProcess("init", ProcessUnit.builder("no-such-binary-ovrseer").build());
    ovrseer.addDependency("db", ready(steps("out", "READY", "hang").dependsOn("init")));

    OvrseerStartException failure =
        catchThrowableOfType(OvrseerStartException.class, ovrseer::start);

    assertThat(failure.getProcessId()).isEqualTo("init");
    assertThat(failure.getMessage())
        .startsWith("Ovrseer could not start: setup process \"init\" could not be spawned: ");
    assertThat(ovrseer.getOptions().crashReporter().getReports("init"))
        .extracting(CrashReport::type)
        .containsExactly(CrashType.SPAWN_FAILED);
    assertThat(seen).isEmpty();
  }

  @Test
  void stopWhileASetupProcessRunsEndsTheStartAndSpawnsNothingThatWaitedForIt() {
    Ovrseer ovrseer = ovrseer();
    ovrseer.addSetupProcess("init", steps("out", "working", "hang").build());
    ovrseer.addDependency("db", ready(steps("out", "READY", "hang").dependsOn("init")));
    CompletableFuture<Void> starting = CompletableFuture.runAsync(ovrseer::start);
    ProcessUnit init = ovrseer.getProcess("init").orElseThrow();
    await().atMost(Duration.ofSeconds(20)).until(() -> init.logger().getLogs().contains("working"));

    ovrseer.stop();

    assertThat(catchThrowableOfType(CompletionException.class, starting::join))
        .cause()
        .isInstanceOf(OvrseerStartException.class)
        .hasMessage("Ovrseer start was interrupted: stop() was called while starting");
    ovrseer.awaitEventsDelivered();
    assertThat(seen).doesNotContain("spawn db");
    assertThat(init.isRunning()).isFalse();
    assertThat(ovrseer.getOptions().crashReporter().getReports()).isEmpty();
  }

  private static ProcessUnit ready(ProcessUnit.Builder builder) {
    return builder.readyCheck(ReadyCheck.logPattern("READY", Duration.ofSeconds(20))).build();
  }

  private static String exitOf(OvrseerEvent event) {
    ProcessExit exit = (ProcessExit) event;
    return exit.signal() != null ? exit.signal() : String.valueOf(exit.exitCode());
  }
}
