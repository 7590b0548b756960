package io.ovrseer.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.ovrseer.testing.NoLeftoverProcesses;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@ExtendWith(NoLeftoverProcesses.class)
class ProcessTableTest {

  @Test
  void pidsAllocatedSinceAViewAreCountedAroundTheWrap() {
    assertThat(ProcessTable.allocatedBetween(101, 100, 200)).isTrue();
    assertThat(ProcessTable.allocatedBetween(200, 100, 200)).isTrue();
    assertThat(ProcessTable.allocatedBetween(100, 100, 200)).isFalse();
    assertThat(ProcessTable.allocatedBetween(50, 100, 200)).isFalse();
    // pid_max was reached after 32000: allocation went on from the bottom up to 400.
    assertThat(ProcessTable.allocatedBetween(32500, 32000, 400)).isTrue();
    assertThat(ProcessTable.allocatedBetween(350, 32000, 400)).isTrue();
    assertThat(ProcessTable.allocatedBetween(500, 32000, 400)).isFalse();
    assertThat(ProcessTable.allocatedBetween(31000, 32000, 400)).isFalse();
    assertThat(ProcessTable.allocatedBetween(7, 100, 100)).isFalse();
  }

  @Test
  void theKernelsTaskCountBoundsThePidsAllocatedSinceAView() throws Exception {
    long before = ProcessTable.forkCount();
    org.junit.jupiter.api.Assumptions.assumeTrue(before > 0, "/proc/stat has a processes line");
    new ProcessBuilder("true").start().waitFor();

    assertThat(ProcessTable.forkCount()).isGreaterThan(before);
    ProcessTable view = ProcessTable.snapshot();
    assertThat(view.fewPidsAllocatedBy(ProcessTable.forkCount())).isTrue();
    // As many tasks as there are pids since: the allocator may have gone round them all.
    long pidMax = 4_194_304; // the most Linux allows
    assertThat(view.fewPidsAllocatedBy(ProcessTable.forkCount() + pidMax)).isFalse();
  }

  /**
   * A stop extends the last view taken; once a view was prepared for it, the pids of processes
   * created (and gone) before are not looked at again.
   */
  @Test
  void aViewPreparedForAStopLeavesItOnlyWhatIsCreatedAfter() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(
        java.nio.file.Files.isReadable(java.nio.file.Path.of("/proc/sys/kernel/ns_last_pid")),
        "views are extended only where the last allocated pid can be read");
    ProcessTable before = ProcessTable.fresh();
    for (int i = 0; i < 20; i++) {
      new ProcessBuilder("true").start().waitFor();
    }

    ProcessTree.prepareStop().join();
    ProcessTable atStop = ProcessTable.fresh();

    assertThat(before.extended().pidsExamined()).isGreaterThanOrEqualTo(20);
    assertThat(atStop.pidsExamined()).isLessThan(20);
  }

  @Test
  void startTicksAreField22OfStat() throws Exception {
    long self = ProcessHandle.current().pid();
    String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/" + self + "/stat"));
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");

    assertThat(ProcessTable.startTicks(self)).hasValue(Long.parseLong(fields[19]));
    assertThat(ProcessTable.startTicks(Long.MAX_VALUE)).isEmpty();
  }

  /**
   * A few new pids are looked up one by one, many by listing /proc: the shell forks {@code
   * children} short-lived processes before its grandchild, so both ways are taken. The root is
   * recorded as our own child, as every spawn does, so its entry comes from that record while it
   * lives.
   */
  @ParameterizedTest
  @ValueSource(ints = {0, 100})
  void anExtendedViewFindsProcessesForkedSinceAndDropsTheDead(int children) throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(
        java.nio.file.Files.isReadable(java.nio.file.Path.of("/proc/sys/kernel/ns_last_pid")),
        "views are extended only where the last allocated pid can be read");
    ProcessTable before = ProcessTable.snapshot();
    Process root =
        new ProcessBuilder(
                "setsid",
                "sh",
                "-c",
                "i=0; while [ $i -lt "
                    + children
                    + " ]; do /bin/true; i=$((i+1)); done;"
                    + " sleep 60 & echo $!; wait")
            .start();
    ProcessTable.ownChild(root, true);
    try {
      long grandchild =
          Long.parseLong(
              new BufferedReader(new InputStreamReader(root.getInputStream())).readLine().trim());

      ProcessTable extended = before.extended();
      // Long after the view: the extension is made only once the kernel's task count allows it.
      ProcessTable counted = before.extendedIfSound(Long.MAX_VALUE);

      assertThat(extended.fullPassAt()).isEqualTo(before.fullPassAt());
      assertThat(extended.tree(root.pid(), true)).containsExactlyInAnyOrder(root.pid(), grandchild);
      assertThat(counted).isNotNull();
      assertThat(counted.fullPassAt()).isEqualTo(before.fullPassAt());
      assertThat(counted.tree(root.pid(), true)).containsExactlyInAnyOrder(root.pid(), grandchild);

      ProcessTree.terminate(root.pid(), true, java.time.Duration.ofSeconds(5));
      root.waitFor();
      assertThat(extended.extended().tree(root.pid(), true)).isEmpty();
    } finally {
      root.destroyForcibly();
      root.waitFor();
    }
  }
}
