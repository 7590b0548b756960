package io.ovrseer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ovrseer.fixtures.HostJvm;
import io.ovrseer.internal.OrphanGuard;
import io.ovrseer.internal.ProcessTree;
import io.ovrseer.testing.NoLeftoverProcesses;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(NoLeftoverProcesses.class)
class ShutdownHookTest {
  @TempDir Path dir;

  @Test
  void sigtermToTheJvmRunsStopWithTheCleanupPhaseAndLeavesNoChild() throws Exception {
    try (HostJvm host = HostJvm.start(dir)) {
      List<Long> pids = host.startedPids();
      assertThat(pids).noneMatch(ProcessTree::isDead);

      host.process().destroy();

      assertThat(host.process().waitFor()).isEqualTo(143);
      assertThat(dir.resolve("cleanup.pid")).exists();
      assertThat(pids).allMatch(ProcessTree::isDead);
    }
  }

  /**
   * Once the hook stopped everything, nothing is recorded: the JVM removes its orphan registry
   * directory, and its watchdog exits without booting a JVM. The orphan guard's hook, run alongside
   * the stopping one, found the processes still recorded and kept the directory for the watchdog
   * (or, with nothing recorded yet, removed it before the cleanup process was spawned).
   */
  @Test
  void afterTheHookStoppedEverythingTheRegistryDirectoryIsRemoved() throws Exception {
    try (HostJvm host = HostJvm.start(dir)) {
      Path registry = OrphanGuard.directoryOf(host.process().pid());
      await().until(() -> OrphanGuard.watchdogPid(registry).isPresent());
      long watchdog = OrphanGuard.watchdogPid(registry).orElseThrow();

      host.process().destroy();

      assertThat(host.process().waitFor()).isEqualTo(143);
      assertThat(registry).doesNotExist();
      await().atMost(Duration.ofSeconds(5)).until(() -> ProcessTree.isDead(watchdog));
    }
  }

  /**
   * restartProcess after stop() spawns the process again (stop() stops it, see RestartProcessTest);
   * the hook left it running, as it stopped only orchestrators between start() and stop(). The
   * watchdog is off here: it would kill the leftovers of the dead JVM a little later.
   */
  @Test
  void theHookStopsAProcessRestartedAfterStop() throws Exception {
    Process host =
        new ProcessBuilder(
                ProcessHandle.current().info().command().orElseThrow(),
                "-Dovrseer.watchdog.disabled=true",
                "-cp",
                System.getProperty("java.class.path"),
                io.ovrseer.fixtures.OvrseerHost.class.getName(),
                "--restart-after-stop",
                dir.toString())
            .redirectErrorStream(true)
            .start();
    List<Long> pids = List.of();
    try {
      assertThat(new String(host.getInputStream().readNBytes("HOST READY".length())))
          .isEqualTo("HOST READY");
      // The run restartProcess spawned writes both (stop() had ended the first run's writes).
      await().until(() -> java.nio.file.Files.exists(dir.resolve("grandchild.pid")));
      await().until(() -> java.nio.file.Files.exists(dir.resolve("api.pid")));
      pids =
          List.of(
              Long.parseLong(java.nio.file.Files.readString(dir.resolve("api.pid")).trim()),
              Long.parseLong(java.nio.file.Files.readString(dir.resolve("grandchild.pid")).trim()));
      assertThat(pids).noneMatch(ProcessTree::isDead);

      host.destroy();

      assertThat(host.waitFor()).isEqualTo(143);
      assertThat(pids).allMatch(ProcessTree::isDead);
    } finally {
      host.destroyForcibly().waitFor();
      pids.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
    }
  }

  /**
   * System.exit from a listener waits for the shutdown hook, whose stop() waited for the delivery
   * of its events, behind that very listener: the JVM exited only after the 30 s bound on that
   * wait, printing "event listeners are still busy after 30 s".
   */
  @Test
  void systemExitFromAListenerStopsEverythingWithoutWaitingForThatListener() throws Exception {
    Process host =
        new ProcessBuilder(
                ProcessHandle.current().info().command().orElseThrow(),
                "-cp",
                System.getProperty("java.class.path"),
                io.ovrseer.fixtures.OvrseerHost.class.getName(),
                "--exit-from-listener",
                dir.toString())
            .redirectErrorStream(true)
            .start();
    try {
      java.io.BufferedReader out =
          new java.io.BufferedReader(new java.io.InputStreamReader(host.getInputStream()));
      assertThat(out.readLine()).isEqualTo("HOST READY");
      await().until(() -> java.nio.file.Files.exists(dir.resolve("grandchild.pid")));
      List<Long> pids = HostJvm.startedPids(dir);

      host.getOutputStream().write('\n');
      host.getOutputStream().flush();

      String rest = out.lines().collect(java.util.stream.Collectors.joining("\n"));
      assertThat(host.waitFor()).isEqualTo(3);
      assertThat(rest).doesNotContain("still busy");
      assertThat(dir.resolve("cleanup.pid")).exists();
      assertThat(pids).allMatch(ProcessTree::isDead);
    } finally {
      host.destroyForcibly().waitFor();
    }
  }

  @Test
  void theHookStopsEveryOrchestratorOfTheJvmEachWithItsCleanup() throws Exception {
    Path first = java.nio.file.Files.createDirectory(dir.resolve("first"));
    Path second = java.nio.file.Files.createDirectory(dir.resolve("second"));
    try (HostJvm host = HostJvm.start(first, second)) {
      List<Long> pids = new java.util.ArrayList<>(HostJvm.startedPids(first));
      pids.addAll(HostJvm.startedPids(second));
      assertThat(pids).noneMatch(ProcessTree::isDead);

      host.process().destroy();

      assertThat(host.process().waitFor()).isEqualTo(143);
      assertThat(first.resolve("cleanup.pid")).exists();
      assertThat(second.resolve("cleanup.pid")).exists();
      assertThat(pids).allMatch(ProcessTree::isDead);
    }
  }
}
