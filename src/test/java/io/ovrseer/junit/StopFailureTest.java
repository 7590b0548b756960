package io.ovrseer.junit;

import static io.ovrseer.junit.TestKit.CONTROLLED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.platform.testkit.engine.EventConditions.container;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import io.ovrseer.internal.ProcessTree;
import io.ovrseer.junit.OvrseerEnvironment.Scope;
import io.ovrseer.process.ProcessState;
import io.ovrseer.process.ProcessUnit;
import io.ovrseer.testing.NoLeftoverProcesses;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/**
 * An environment that cannot be stopped fails the class or test that stopped it, instead of only
 * printing a {@code lifecycle:error}; and the crashes of a test still decide its verdict then. The
 * process left running is a dependency's child that this JVM may not signal ({@linkplain
 * ProcessTree#protect protected}, as a process of another user would be to a JVM that is not root);
 * each stop waits out the 5 s that a stop keeps sending SIGKILL.
 */
@ExtendWith(NoLeftoverProcesses.class)
class StopFailureTest {

  @Test
  void aClassWhoseEnvironmentCannotBeStoppedFails() {
    EngineExecutionResults results = TestKit.run(LeftRunning.class);

    results.testEvents().assertStatistics(stats -> stats.started(1).succeeded(1));
    results
        .containerEvents()
        .assertThatEvents()
        .haveExactly(
            1,
            event(
                container(LeftRunning.class),
                finishedWithFailure(
                    instanceOf(IllegalStateException.class),
                    message(
                        m ->
                            m.startsWith("the Ovrseer environment ")
                                && m.contains(" did not stop cleanly: could not stop all of")
                                && m.contains("[keeper]")
                                && m.contains("its tree was still there 5 s after SIGKILL")))));
  }

  @Test
  void withMethodScopeATestDuringWhichAProcessCrashedFailsForTheCrashEvenIfTheStopFailed() {
    EngineExecutionResults results = TestKit.run(CrashThenLeftRunning.class);

    results
        .testEvents()
        .assertThatEvents()
        .haveExactly(
            1,
            event(
                test("crashes"),
                finishedWithFailure(
                    instanceOf(AssertionError.class),
                    message(m -> m.startsWith("process \"api\" crashed during this test")))));
    Throwable failure =
        results.testEvents().failed().stream()
            .findFirst()
            .orElseThrow()
            .getRequiredPayload(org.junit.platform.engine.TestExecutionResult.class)
            .getThrowable()
            .orElseThrow();
    assertThat(Arrays.asList(failure.getSuppressed()))
        .singleElement()
        .satisfies(
            stop ->
                assertThat(stop)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining(" did not stop cleanly: "));
  }

  /** Protects the child of the dependency "keeper", so that no stop can end it. */
  static void protectChildOf(ProcessUnit keeper) {
    ProcessHandle child =
        ProcessHandle.of(keeper.getPid().orElseThrow())
            .orElseThrow()
            .children()
            .findFirst()
            .orElseThrow();
    ProcessTree.protect(child);
    Release.kept = child;
  }

  /**
   * Kills the protected child once the Ovrseer extension gave up on it: registered before that
   * extension, so that its {@code afterAll} runs after that extension's.
   */
  static final class Release implements AfterAllCallback {
    static volatile ProcessHandle kept;

    @Override
    public void afterAll(ExtensionContext context) {
      ProcessHandle child = kept;
      if (child != null) {
        child.destroyForcibly();
        child.onExit().join();
        kept = null;
      }
    }
  }

  @OnlyInTestKit
  @ExtendWith(Release.class)
  @OvrseerEnvironment
  @Dependency(
      id = "keeper",
      command = {"sh", "-c", "sleep 600 & echo READY; wait"},
      stopTimeout = "100ms",
      ready = @Ready(log = "READY"))
  static class LeftRunning {
    @Test
    void passes(@ProcessId("keeper") ProcessUnit keeper) {
      protectChildOf(keeper);
    }
  }

  @OnlyInTestKit
  @ExtendWith(Release.class)
  @OvrseerEnvironment(scope = Scope.METHOD, retries = 0)
  @Dependency(
      id = "keeper",
      command = {"sh", "-c", "sleep 600 & echo READY; wait"},
      stopTimeout = "100ms",
      ready = @Ready(log = "READY"))
  @MainProcess(
      id = "api",
      command = {"${java}", "-cp", "${classpath}", CONTROLLED, "api up"},
      ready = @Ready(log = "api up", timeout = "20s"))
  static class CrashThenLeftRunning {
    @Test
    void crashes(@ProcessId("keeper") ProcessUnit keeper, @ProcessId("api") ProcessUnit api) {
      protectChildOf(keeper);
      api.sendStdin("exit 3");
      await().atMost(Duration.ofSeconds(20)).until(() -> api.getState() == ProcessState.FAILED);
    }
  }
}
