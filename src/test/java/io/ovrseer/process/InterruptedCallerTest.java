package io.ovrseer.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.ovrseer.internal.OrphanGuard;
import io.ovrseer.internal.ProcessTree;
import io.ovrseer.testing.NoLeftoverProcesses;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A thread whose interrupt status is set still stops what it stops in full, and does not break the
 * orphan guard for the rest of the JVM.
 */
@ExtendWith(NoLeftoverProcesses.class)
class InterruptedCallerTest {

  @AfterEach
  void clearInterrupt() {
    Thread.interrupted();
  }

  /** A shell that ignores SIGTERM, ready once it printed READY; only SIGKILL ends it. */
  private static ProcessUnit ignoringSigterm(Duration stopTimeout) {
    return ProcessUnit.builder("sh", "-c", "trap '' TERM; echo READY; while :; do sleep 0.1; done")
        .stopTimeout(stopTimeout)
        .readyCheck(ReadyCheck.logPattern("READY", Duration.ofSeconds(20)))
        .build();
  }

  @Test
  void anInterruptedStopWaitsOutItsGraceWithoutSpinningAndReturnsOnceTheProcessIsStopped() {
    Duration grace = Duration.ofSeconds(3);
    ProcessUnit stubborn = ignoringSigterm(grace);
    stubborn.start();
    stubborn.ready().join();
    long pid = stubborn.getPid().orElseThrow();
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long cpuBefore = threads.getCurrentThreadCpuTime();

    Thread.currentThread().interrupt();
    stubborn.stop();

    Duration cpu = Duration.ofNanos(threads.getCurrentThreadCpuTime() - cpuBefore);
    assertThat(Thread.currentThread().isInterrupted())
        .as("the interrupt status is kept for the caller")
        .isTrue();
    assertThat(stubborn.getState()).isEqualTo(ProcessState.STOPPED);
    assertThat(stubborn.exit()).isCompletedWithValue(new ExitStatus(null, "SIGKILL"));
    assertThat(ProcessTree.isDead(pid)).isTrue();
    // An interrupted wait returns at once: without waits that ignore the interrupt, the stop's
    // thread looks at the tree again and again for the whole grace period.
    assertThat(cpu)
        .as("CPU time of the stopping thread during a %s grace", grace)
        .isLessThan(grace.dividedBy(3));
  }

  @Test
  void processesSpawnedAndStoppedByAnInterruptedThreadLeaveTheOrphanJournalWorking() {
    ProcessUnit first = ignoringSigterm(Duration.ZERO);
    Thread.currentThread().interrupt();
    first.start();
    first.ready().join();
    first.stop();
    assertThat(Thread.interrupted()).isTrue();

    ProcessUnit second = ignoringSigterm(Duration.ZERO);
    second.start();
    try {
      second.ready().join();
      // A FileChannel written by an interrupted thread is closed for good: had the journal been
      // written so, this later spawn could not be recorded.
      assertThat(OrphanGuard.get().registered()).contains(second.getPid().orElseThrow());
    } finally {
      second.stop();
    }
    assertThat(OrphanGuard.get().registered()).doesNotContain(second.getPid().orElseThrow());
  }
}
