package io.ovrseer;

import static io.ovrseer.fixtures.Fixtures.steps;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import io.ovrseer.crash.CrashReporter;
import io.ovrseer.crash.CrashType;
import io.ovrseer.event.ProcessSpawn;
import io.ovrseer.process.ProcessState;
import io.ovrseer.process.ProcessUnit;
import io.ovrseer.process.ReadyCheck;
import io.ovrseer.testing.NoLeftoverProcesses;
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
