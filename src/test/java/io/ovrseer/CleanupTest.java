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
import io.ovrseer.testing.Backends;
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
  void aCleanupThatFailsIsReportedWhenItExitsNotWhenTheCleanupsBeforeItEnd() throws Exception {
    // "drain", added first, runs until the test lets it go; "backup" fails at once. Its report
    // (and process:crash) must come when it exits, not once "drain" is done or killed at the
    // cleanup timeout: the report's time, its place among the reports, and the report itself if
    // the JVM ends meanwhile depend on it.
    Path gate = dir.resolve("drain-runs");
    Files.createFile(gate);
    Ovrseer ovrseer = ovrseer(Duration.ofSeconds(60));
    List<String> seen = new CopyOnWriteArrayList<>();
    ovrseer.on(ProcessExit.class, e -> seen.add("exit " + e.name()));
    ovrseer.on(ProcessCrash.class, e -> seen.add("crash " + e.name()));
    ovrseer.addMainProcess("api", steps("hang").build());
    ovrseer.addCleanupProcess(
        "drain",
        ProcessUnit.builder(
                "sh", "-c", "while [ -e \"$1\" ]; do sleep 0.1; done", "sh", gate.toString())
            .build());
    ovrseer.addCleanupProcess("backup", ProcessUnit.builder("sh", "-c", "exit 7").build());
    ovrseer.start();

    java.util.concurrent.CompletableFuture<Void> stop =
        java.util.concurrent.CompletableFuture.runAsync(ovrseer::stop);
    try {
      await().atMost(Duration.ofSeconds(20)).until(() -> seen.contains("crash backup"));
    } finally {
      Files.deleteIfExists(gate);
      stop.join();
    }

    assertThat(seen).containsSubsequence("crash backup", "exit drain");
    assertThat(ovrseer.getOptions().crashReporter().getReports())
        .singleElement()
        .satisfies(report -> assertThat(report.processId()).isEqualTo("backup"));
  }

  @Test
  void whatACleanupProcessThatExitedZeroLeftRunningIsStoppedByTheStop() throws Exception {
    Backends.assumeLinux("a child that outlived its parent is found in its session");
    Ovrseer ovrseer = ovrseer(Duration.ofSeconds(20));
    Path daemonPid = dir.resolve("daemon.pid");
    ovrseer.addMainProcess("api", steps("hang").build());
    ovrseer.addCleanupProcess(
        "flush",
        ProcessUnit.builder(
                "sh",
                "-c",
                "sleep 600 </dev/null >/dev/null 2>&1 & echo $! > \"$0.tmp\"; mv \"$0.tmp\" \"$0\"",
                daemonPid.toString())
            .build());
    ovrseer.start();

    ovrseer.stop();

    // The daemon is no child of this JVM once its shell exited: NoLeftoverProcesses cannot see it.
    long pid = Long.parseLong(Files.readString(daemonPid).trim());
    try {
      assertThat(ProcessTree.isDead(pid)).as("daemon of the cleanup process is gone").isTrue();
    } finally {
      ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
    }
    assertThat(ovrseer.getOptions().crashReporter().getReports()).isEmpty();
  }

  @Test
  void aCleanupProcessRunByHandIsStoppedAndRunAgainByTheCleanupPhase() {
    Ovrseer ovrseer = ovrseer(Duration.ofSeconds(20));
    List<String> spawns = new CopyOnWriteArrayList<>();
    ovrseer.on(ProcessSpawn.class, e -> spawns.add(e.name()));
    Path ranOnce = dir.resolve("ran-once");
    // Run by hand, it hangs; run by the cleanup phase, it finishes.
    ProcessUnit flush =
        ProcessUnit.builder(
                "sh",
                "-c",
                "if [ -f \"$0\" ]; then echo flushed; exit 0; fi; touch \"$0\"; exec sleep 600",
                ranOnce.toString())
            .build();
    ovrseer.addMainProcess("api", steps("hang").build());
    ovrseer.addCleanupProcess("flush", flush);
    ovrseer.start();
    ovrseer.restartProcess("flush");
    await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(ranOnce));

    ovrseer.stop();

    assertThat(flush.isRunning()).isFalse();
    assertThat(flush.logger().getLogs()).containsExactly("flushed");
    assertThat(spawns).containsExactly("api", "flush", "flush");
    assertThat(ovrseer.getOptions().crashReporter().getReports()).isEmpty();
  }

  @Test
  void aCleanupProcessRunByHandThatFailsIsReportedAsTheCleanupPhaseWouldReportIt() {
    Ovrseer ovrseer = ovrseer(Duration.ofSeconds(20));
    List<ProcessCrash> crashes = new CopyOnWriteArrayList<>();
    ovrseer.on(ProcessCrash.class, crashes::add);
    ovrseer.addMainProcess("api", steps("hang").build());
    ovrseer.addCleanupProcess(
        "backup", ProcessUnit.builder("sh", "-c", "echo disk full >&2; exit 7").build());
    ovrseer.start();
    try {
      ovrseer.restartProcess("backup");

      await().atMost(Duration.ofSeconds(10)).until(() -> !crashes.isEmpty());
      assertThat(CrashReporter.readReports(dir.resolve("reports")))
          .singleElement()
          .satisfies(
              report -> {
                assertThat(report.type()).isEqualTo(CrashType.CLEANUP_FAILED);
                assertThat(report.exitCode()).isEqualTo(7);
                assertThat(report.message())
                    .isEqualTo("cleanup process \"backup\" exited with exit code 7");
                assertThat(report.lastLogs()).containsExactly("disk full");
              });
    } finally {
      ovrseer.stop();
    }
    // The cleanup phase ran it again, and reported that run once.
    assertThat(ovrseer.getOptions().crashReporter().getReports()).hasSize(2);
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
