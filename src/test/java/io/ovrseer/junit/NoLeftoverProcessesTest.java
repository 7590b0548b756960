package io.ovrseer.junit;

import static org.awaitility.Awaitility.await;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import io.ovrseer.internal.ProcessTree;
import io.ovrseer.testing.NoLeftoverProcesses;
import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.testkit.engine.EngineTestKit;

/** The guard every test class uses: a class that leaves a process fails, and the process ends. */
@ExtendWith(NoLeftoverProcesses.class)
class NoLeftoverProcessesTest {
  static volatile long leftPid;

  @Test
  void aClassThatLeavesAProcessFailsAndTheProcessIsKilled() {
    EngineTestKit.engine("junit-jupiter")
        .configurationParameter(OnlyInTestKit.PARAMETER, "true")
        .selectors(selectClass(LeavesASleeper.class))
        .execute()
        .containerEvents()
        .assertThatEvents()
        .haveExactly(
            1, finishedWithFailure(message(m -> m.contains("no leftover child processes"))));

    await().until(() -> ProcessTree.isDead(leftPid));
  }

  @OnlyInTestKit
  @ExtendWith(NoLeftoverProcesses.class)
  static class LeavesASleeper {
    @Test
    void leavesIt() throws IOException {
      leftPid = new ProcessBuilder("sleep", "600").start().pid();
    }
  }
}
