package io.ovrseer.junit;

import static io.ovrseer.junit.TestKit.STEPS;
import static org.assertj.core.api.Assertions.assertThat;

import io.ovrseer.junit.OvrseerEnvironment.Scope;
import io.ovrseer.testing.NoLeftoverProcesses;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A test thread whose interrupt status test code left set (JUnit clears it only once the test or
 * class finished, after the extension's callbacks) neither fails the environment's start nor cuts
 * its stop short: the cleanup processes run to their end. The status is set again afterwards, for
 * the code that set it.
 */
@ExtendWith(NoLeftoverProcesses.class)
class InterruptStatusTest {

  @Test
  void aTestThatLeavesItsThreadInterruptedStillGetsItsCleanupRun() {
    TestKit.Captured run = TestKit.runCapturing(InterruptedTest.class);

    TestKit.assertSucceeded(run.results());
    assertThat(run.out())
        .contains("of InterruptedTest stopped in")
        .contains("(cleanup: backup completed)");
  }

  @Test
  void anAfterAllMethodThatLeavesItsThreadInterruptedStillGetsTheCleanupRun() {
    TestKit.Captured run = TestKit.runCapturing(InterruptedAfterAll.class);

    TestKit.assertSucceeded(run.results());
    assertThat(run.out()).contains("(cleanup: backup completed)");
  }

  @Test
  void anInterruptStatusLeftByBeforeAllDoesNotFailTheStartOfAMethodScopeEnvironment() {
    InterruptedBeforeAll.stillInterrupted.clear();

    TestKit.assertSucceeded(TestKit.run(InterruptedBeforeAll.class));

    assertThat(InterruptedBeforeAll.stillInterrupted)
        .as("the interrupt status is set again for the test")
        .containsExactly(true);
  }

  @OnlyInTestKit
  @OvrseerEnvironment(scope = Scope.METHOD)
  @MainProcess(
      id = "api",
      command = {"${java}", "-cp", "${classpath}", STEPS, "out", "READY", "hang"},
      ready = @Ready(log = "READY"))
  @CleanupProcess(
      id = "backup",
      command = {"${java}", "-cp", "${classpath}", STEPS, "out", "backing up", "exit", "0"})
  static class InterruptedTest {
    @Test
    void leavesItsThreadInterrupted() {
      Thread.currentThread().interrupt();
    }
  }

  @OnlyInTestKit
  @OvrseerEnvironment
  @MainProcess(
      id = "api",
      command = {"${java}", "-cp", "${classpath}", STEPS, "out", "READY", "hang"},
      ready = @Ready(log = "READY"))
  @CleanupProcess(
      id = "backup",
      command = {"${java}", "-cp", "${classpath}", STEPS, "out", "backing up", "exit", "0"})
  static class InterruptedAfterAll {
    @AfterAll
    static void leavesItsThreadInterrupted() {
      Thread.currentThread().interrupt();
    }

    @Test
    void passes() {}
  }

  @OnlyInTestKit
  @OvrseerEnvironment(scope = Scope.METHOD)
  @Dependency(
      id = "db",
      command = {"${java}", "-cp", "${classpath}", STEPS, "out", "READY", "hang"},
      ready = @Ready(log = "READY"))
  static class InterruptedBeforeAll {
    static final List<Boolean> stillInterrupted = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void leavesItsThreadInterrupted() {
      Thread.currentThread().interrupt();
    }

    @Test
    void runs() {
      stillInterrupted.add(Thread.interrupted()); // and cleared, for this test's own stop
    }
  }
}
