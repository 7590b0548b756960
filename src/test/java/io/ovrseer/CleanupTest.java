package io.ovrseer;

import static io.ovrseer.fixtures.Fixtures.steps;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ovrseer.crash.CrashReport;
import io.ovrseer.crash.CrashReporter;
import io.ovrseer.crash.CrashType;
import io.ovrseer.event.OvrseerEvent;
import io.ovrseer.event.ProcessCrash;
import io.ovrseer.event.ProcessExit;
import io.ovrseer.event.ProcessSpawn;
import io.ovrseer.internal.ProcessTree;
import io.ovrseer.process.ProcessUnit;
import io.ovrseer.testing.NoLeftoverProcesses;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(NoLeftoverProcesses.class)
class CleanupTest {
  @TempDir Path dir;

  private Ovrseer ovrseer(Duration cleanupTimeout) {
    return new Ovrseer(
        OvrseerOptions.builder()
            .cleanupTimeout(cleanupTimeout)
            .crashReporter(new CrashReporter(dir.resolve("reports")))
            .build());
  }

  @Test
  void cleanupProcessesRunInParallelAfterTheMainsExited() {
    Ovrseer ovrseer = ovrseer(Duration.ofSeconds(20));
    List<String> seen = new CopyOnWriteArrayList<>();
    ovrseer.on(ProcessSpawn.class, e -> seen.add("spawn " + e.name()));
    ovrseer.on(ProcessExit.class, e -> seen.add("exit " + e.name()));
    ovrseer.addMainProcess("api", steps("hang").build());
    ovrseer.addCleanupProcess("flush", steps("sleep", "500", "out", "flushed").build());
    ovrseer.addCleanupProcess("backup", steps("sleep", "500", "out", "backed up").build());
    ovrseer.start();

    ovrseer.stop();

    int apiExit = seen.indexOf("exit api");
    int firstCleanupExit = Math.min(seen.indexOf("exit flush"), seen.indexOf("exit backup"));
    assertThat(seen.indexOf("spawn flush")).isGreaterThan(apiExit).isLessThan(firstCleanupExit);
    assertThat(seen.indexOf("spawn backup")).isGreaterThan(apiExit).isLessThan(firstCleanupExit);
    assertThat(ovrseer.getProcess("backup").orElseThrow().logger().getLogs())
        .containsExactly("backed up");
    assertThat(ovrseer.getOptions().crashReporter().getReports()).isEmpty();
  }

  @Test
  void aCleanupWhoseKillFailsIsReportedAndTheDependenciesStillStop() {
    Ovrseer ovrseer = ovrseer(Duration.ofMillis(500));
    // A kill that ends the process but says its tree outlived SIGKILL, as a member this JVM may not
    // signal would make it.
    ProcessUnit hanging = org.mockito.Mockito.spy(steps("hang").build());
    org.mockito.Mockito.doAnswer(
            call -> {
              call.callRealMethod();
              throw new IllegalStateException("its tree was still there 5 s after SIGKILL");
            })
        .when(hanging)
        .kill();
    ProcessUnit db = steps("out", "READY", "hang").build();
    ovrseer.addDependency("db", db);
    ovrseer.addMainProcess("api", steps("hang").build());
    ovrseer.addCleanupProcess("flush", hanging);
    ovrseer.start();

    ovrseer.stop();

    assertThat(db.isRunning()).isFalse();
    List<CrashReport> reports = ovrseer.getOptions().crashReporter().getReports();
    assertThat(reports).hasSize(1);
    assertThat(reports.get(0).type()).isEqualTo(CrashType.CLEANUP_FAILED);
    assertThat(reports.get(0).message())
        .contains("killing its process tree failed: its tree was still there");
  }

  @Test
  void aHangingCleanupIsKilledWithItsTreeAtTheTimeoutAndReported() throws Exception {
    Ovrseer ovrseer = ovrseer(Duration.ofSeconds(4));
    List<OvrseerEvent> crashes = new CopyOnWriteArrayList<>();
    ovrseer.on(ProcessCrash.class, crashes::add);
    Path childPid = dir.resolve("child.pid");
    ovrseer.addMainProcess("api", steps("hang").build());
    ovrseer.addCleanupProcess(
        "backup",
        steps("out", "backing up", "child", "pidfile", childPid.toString(), "hang").build());
    ovrseer.addCleanupProcess("quick", steps("out", "done").build());
    ovrseer.start();

    ovrseer.stop();

    assertThat(childPid).exists();
    assertThat(ProcessTree.isDead(Long.parseLong(Files.readString(childPid)))).isTrue();
    List<CrashReport> reports = ovrseer.getOptions().crashReporter().getReports();
    assertThat(reports).hasSize(1);
    assertThat(reports.get(0).processId()).isEqualTo("backup");
    assertThat(reports.get(0).type()).isEqualTo(CrashType.CLEANUP_FAILED);
    assertThat(reports.get(0).message()).contains("4 s").contains("killed");
    assertThat(reports.get(0).lastLogs()).contains("backing up");
    assertThat(crashes).hasSize(1);
    assertThat(ovrseer.getProcess("quick").orElseThrow().logger().getLogs())
        .containsExactly("done");
  }

  @Test
  void aCleanupThatExitsNonZeroIsReported() {
    Ovrseer ovrseer = ovrseer(Duration.ofSeconds(20));
    ovrseer.addMainProcess("api", steps("hang").build());
    ovrseer.addCleanupProcess("backup", steps("err", "disk full", "exit", "7").build());
    ovrseer.start();

    ovrseer.stop();

    List<CrashReport> reports = CrashReporter.readReports(dir.resolve("reports"));
    assertThat(reports)
        .singleElement()
        .satisfies(
            report -> {
              assertThat(report.type()).isEqualTo(CrashType.CLEANUP_FAILED);
              assertThat(report.exitCode()).isEqualTo(7);
              assertThat(report.processType()).isEqualTo(ProcessType.CLEANUP);
              assertThat(report.lastLogs()).containsExactly("disk full");
            });
  }

  @Test
  void cleanupProcessesAreNeverRestarted() {
    Ovrseer ovrseer = ovrseer(Duration.ofSeconds(20));
    List<String> spawns = new CopyOnWriteArrayList<>();
    ovrseer.on(ProcessSpawn.class, e -> spawns.add(e.name()));
    ovrseer.addMainProcess("api", steps("hang").build());
    ovrseer.addCleanupProcess("backup", steps("exit", "2").build());
    ovrseer.start();

    ovrseer.stop();

    await().during(Duration.ofMillis(300)).until(() -> spawns.equals(List.of("api", "backup")));
  }
}
