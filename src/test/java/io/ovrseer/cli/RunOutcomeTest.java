package io.ovrseer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ovrseer.Ovrseer;
import io.ovrseer.OvrseerOptions;
import io.ovrseer.crash.CrashReporter;
import io.ovrseer.internal.ProcessTree;
import io.ovrseer.process.ProcessUnit;
import io.ovrseer.process.ReadyCheck;
import io.ovrseer.testing.NoLeftoverProcesses;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** How a run of {@code ovrseer up} ends, told from what happened to the environment. */
@ExtendWith(NoLeftoverProcesses.class)
class RunOutcomeTest {
  @TempDir Path reports;

  /**
   * A process left running by the stop: the child of the dependency "keeper", which this JVM may
   * not signal ({@linkplain ProcessTree#protect protected}, as a process of another user would be
   * to a CLI that is not root). The stop waits out the 5 s that it keeps sending SIGKILL.
   */
  @Test
  void aStopThatLeavesAProcessRunningEndsTheRunWithExitCode4AndSaysWhich() {
    Ovrseer ovrseer =
        new Ovrseer(OvrseerOptions.builder().crashReporter(new CrashReporter(reports)).build());
    ovrseer.addDependency(
        "keeper",
        ProcessUnit.builder("sh", "-c", "sleep 600 & echo READY; wait")
            .readyCheck(ReadyCheck.logPattern("READY", Duration.ofSeconds(20)))
            .stopTimeout(Duration.ofMillis(100))
            .build());
    RunOutcome outcome = RunOutcome.of(ovrseer);
    ovrseer.start();
    ProcessHandle child =
        ProcessHandle.of(ovrseer.getProcess("keeper").orElseThrow().getPid().orElseThrow())
            .orElseThrow()
            .children()
            .findFirst()
            .orElseThrow();
    ProcessTree.protect(child);
    try {
      outcome.stopping();
      ovrseer.stop();
      ovrseer.awaitEventsDelivered();

      assertThat(outcome.exitCode()).isEqualTo(ExitCode.STOP_FAILED);
      assertThat(outcome.reasons())
          .singleElement()
          .asString()
          .startsWith("the stop went wrong: error in dependencies phase: could not stop all of")
          .contains("keeper")
          .contains("after SIGKILL");
    } finally {
      child.destroyForcibly();
      child.onExit().join();
    }
  }
}
