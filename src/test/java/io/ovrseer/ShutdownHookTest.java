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
