package io.ovrseer.process;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.ovrseer.internal.OrphanGuard;
import io.ovrseer.internal.ProcessTree;
import io.ovrseer.testing.Backends;
import io.ovrseer.testing.NoLeftoverProcesses;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** One unit run again: what a run that ended leaves to the next. */
@ExtendWith(NoLeftoverProcesses.class)
class RunsTest {
  /**
   * Leaves a daemon and exits 0 once the daemon has executed its {@code sleep}: while a process is
   * in the middle of an exec its environment reads empty, so a run that exited then was taken for
   * one that left nothing (1 run in some hundreds, on Java 25 in CI).
   */
  private static final String DAEMON_THEN_EXIT_0 =
      "sleep 600 >/dev/null 2>&1 & d=$!;"
          + " until [ \"$(cat /proc/$d/comm)\" = sleep ]"
          + " && grep -q OVRSEER_TREE= /proc/$d/environ; do :; done;"
          + " echo $d; exit 0";

  @Test
  void aStateListenerCanStartTheNextRunWhenTheProcessExits() throws Exception {
    ProcessUnit unit = ProcessUnit.builder("sh", "-c", "echo run; exit 3").build();
    List<Throwable> failures = new CopyOnWriteArrayList<>();
    CompletableFuture<ExitStatus> secondExit = new CompletableFuture<>();
    unit.addStateListener(
        state -> {
          if (state == ProcessState.CRASHED && unit.logger().getLineCount() == 1) {
            try {
              unit.start();
              unit.exit().whenComplete((status, error) -> secondExit.complete(status));
            } catch (RuntimeException e) {
              failures.add(e);
              secondExit.complete(null);
            }
          }
        });
    unit.start();

    assertThat(secondExit.get(20, TimeUnit.SECONDS)).isEqualTo(ExitStatus.fromExitValue(3));
    assertThat(failures).isEmpty();
    assertThat(unit.logger().getLogs()).containsExactly("run", "run");
  }

  @Test
  void aStopEndsTheDaemonOfAnEarlierRunAfterTheNextStartFailed(@TempDir Path tmp) throws Exception {
    Backends.assumeLinux("a daemon whose parent exited is found in the run's session");
    // No longer a child of this JVM: it is looked for by its pid.
    Path directory = Files.createDirectory(tmp.resolve("app"));
    ProcessUnit unit =
        ProcessUnit.builder("sh", "-c", DAEMON_THEN_EXIT_0).workingDirectory(directory).build();
    unit.start();
    assertThat(unit.exit().get(20, TimeUnit.SECONDS).isSuccess()).isTrue();
    long daemon = Long.parseLong(unit.logger().getLogs().get(0));
    try {
      Files.delete(directory);
      assertThatThrownBy(unit::start).isInstanceOf(ProcessSpawnException.class);

      unit.stop();

      assertThat(ProcessTree.isDead(daemon)).as("the daemon, pid %d, is dead", daemon).isTrue();
    } finally {
      ProcessHandle.of(daemon).ifPresent(ProcessHandle::destroyForcibly);
    }
  }

  @Test
  void aStopEndsTheDaemonOfAnEarlierRunAfterTheNextStart() throws Exception {
    Backends.assumeLinux("a daemon whose parent exited is found in the run's session");
    ProcessUnit unit = ProcessUnit.builder("sh", "-c", DAEMON_THEN_EXIT_0).build();
    unit.start();
    assertThat(unit.exit().get(20, TimeUnit.SECONDS).isSuccess()).isTrue();
    unit.start();
    assertThat(unit.exit().get(20, TimeUnit.SECONDS).isSuccess()).isTrue();
    List<Long> daemons = unit.logger().getLogs().stream().map(Long::parseLong).toList();
    try {
      unit.stop();

      assertThat(daemons).hasSize(2).allMatch(ProcessTree::isDead);
    } finally {
      daemons.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
    }
  }

  @Test
  void aCrashLoopKeepsABoundedRecordOfItsRunsNotOnePerRun() throws Exception {
    // Each run's record stayed in the orphan journal (and the run in the unit) until the stop: a
    // process crash-looping for hours grew both by one per run.
    ProcessUnit unit = ProcessUnit.builder("sh", "-c", "exit 3").build();
    List<Long> pids = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      unit.start();
      pids.add(unit.getPid().orElseThrow());
      assertThat(unit.exit().get(20, TimeUnit.SECONDS).exitCode()).isEqualTo(3);
    }
    try {
      assertThat(OrphanGuard.get().registered())
          .as("runs of the unit still recorded for the orphan guard")
          .filteredOn(pids::contains)
          .hasSizeLessThanOrEqualTo(3);
    } finally {
      unit.stop();
    }
    assertThat(OrphanGuard.get().registered()).filteredOn(pids::contains).isEmpty();
  }

  @Test
  void aDaemonMissedByTheLookAtOneStartIsStillEndedByTheStopAfterLaterStarts(@TempDir Path tmp)
      throws Exception {
    Backends.assumeLinux("a child that outlived its parent is found in its session by its mark");
    Path settled = tmp.resolve("settled");
    Path go = tmp.resolve("go");
    // The first run leaves a daemon that carries no mark until go exists, as one caught in the
    // middle of its exec reads; the later runs exit at once.
    ProcessUnit unit =
        ProcessUnit.builder(
                "sh",
                "-c",
                "[ -e \"$0\" ] && exit 0;"
                    + " env -u OVRSEER_TREE sh -c ': > \"$0\"; until [ -e \"$1\" ]; do sleep 0.01;"
                    + " done; OVRSEER_TREE=$2 exec sleep 600' \"$0\" \"$1\" \"$OVRSEER_TREE\""
                    + " </dev/null >/dev/null 2>&1 &"
                    + " until [ -e \"$0\" ]; do sleep 0.01; done; echo $!; exit 0",
                settled.toString(),
                go.toString())
            .build();
    unit.start();
    assertThat(unit.exit().get(20, TimeUnit.SECONDS).isSuccess()).isTrue();
    long daemon = Long.parseLong(unit.logger().getLogs().get(0));
    try {
      // Its look finds nothing of the first run.
      unit.start();
      assertThat(unit.exit().get(20, TimeUnit.SECONDS).isSuccess()).isTrue();
      Files.createFile(go);
      await()
          .until(
              () ->
                  Files.readString(Path.of("/proc/" + daemon + "/environ"), ISO_8859_1)
                      .contains("OVRSEER_TREE="));
      // Its look finds the daemon.
      unit.start();
      assertThat(unit.exit().get(20, TimeUnit.SECONDS).isSuccess()).isTrue();

      unit.stop();

      assertThat(ProcessTree.isDead(daemon)).as("the daemon, pid %d, is dead", daemon).isTrue();
    } finally {
      ProcessHandle.of(daemon).ifPresent(ProcessHandle::destroyForcibly);
    }
  }

  @Test
  void aStateListenerThatStopsTheUnitIsRefusedAtOnceNotLeftWaitingForItself() throws Exception {
    // Told READY on the thread whose log line passed the check, with the unit's change still being
    // made: the stop waited for an exit that could not be handled until it returned.
    ProcessUnit unit =
        ProcessUnit.builder("sh", "-c", "echo hello; echo two; exec sleep 600")
            .readyCheck(ReadyCheck.logPattern("hello", Duration.ofSeconds(20)))
            .readyCheck(ReadyCheck.logPattern("two", Duration.ofSeconds(20)))
            .build();
    CompletableFuture<Throwable> refused = new CompletableFuture<>();
    unit.addStateListener(
        state -> {
          if (state == ProcessState.READY) {
            try {
              unit.stop();
              refused.complete(null);
            } catch (RuntimeException e) {
              refused.complete(e);
            }
          }
        });
    unit.start();
    try {
      assertThat(refused.get(20, TimeUnit.SECONDS))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage(
              "process [sh -c echo hello; echo two; exec sleep 600] cannot be stopped by its state"
                  + " listener, which is told of a change still being made; stop it from another"
                  + " thread, or from its exit() or ready() future");
      unit.ready().get(20, TimeUnit.SECONDS);
    } finally {
      unit.stop();
    }
    assertThat(unit.getState()).isEqualTo(ProcessState.STOPPED);
  }
}
