package io.ovrseer;

import static org.assertj.core.api.Assertions.assertThat;

import io.ovrseer.fixtures.HostJvm;
import io.ovrseer.internal.ProcessTree;
import io.ovrseer.testing.NoLeftoverProcesses;
import java.nio.file.Path;
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
