package io.ovrseer.junit;

import static io.ovrseer.junit.FailOnCrashTest.crashAndAwaitRestart;
import static io.ovrseer.junit.FailOnCrashTest.exit;
import static io.ovrseer.junit.TestKit.CONTROLLED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.testkit.engine.EventConditions.container;
import static org.junit.platform.testkit.engine.EventConditions.displayName;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedSuccessfully;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import io.ovrseer.process.ProcessUnit;
import io.ovrseer.testing.NoLeftoverProcesses;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.engine.reporting.FileEntry;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EventType;

/**
 * The dynamic tests of a {@code @TestFactory} are tests of their own: a crash during one fails that
 * one (not its siblings, not the factory), and one that fails gets the logs of its time.
 */
@ExtendWith(NoLeftoverProcesses.class)
class DynamicTestsTest {

  private static TestKit.Captured output;
  private static EngineExecutionResults results;

  @BeforeAll
  static void runFixture() {
    output = TestKit.runCapturing(Factory.class);
    results = output.results();
  }

  @Test
  void aCrashDuringADynamicTestFailsThatDynamicTestOnly() {
    results
        .allEvents()
        .assertThatEvents()
        .haveExactly(
            1,
            event(
                displayName("crashes"),
                finishedWithFailure(
                    instanceOf(AssertionError.class),
                    message(m -> m.startsWith("process \"api\" crashed during this test;")))))
        .haveExactly(1, event(displayName("before"), finishedSuccessfully()))
        .haveExactly(1, event(displayName("after"), finishedSuccessfully()))
        .haveExactly(1, event(container("crashesOnce"), finishedSuccessfully()));
  }

  @Test
  void aFailingDynamicTestPublishesTheLogsOfItsTime() {
    assertThat(output.err())
        .contains(
            "ovrseer: failsOnce() / fails of Factory failed; the last 20 log lines of each process"
                + " during it:");
    assertThat(
            results.allEvents().stream()
                .filter(e -> e.getType() == EventType.FILE_ENTRY_PUBLISHED)
                .filter(e -> e.getTestDescriptor().getDisplayName().equals("fails"))
                .map(e -> e.getRequiredPayload(FileEntry.class).getPath().getFileName().toString()))
        .containsExactly("ovrseer-api.log");
  }

  @Test
  void aCrashOfTheEnclosingEnvironmentFailsTheDynamicTestOfANestedClassDuringWhichItHappened() {
    EngineExecutionResults enclosing = TestKit.run(EnclosingFactory.class);
    enclosing.containerEvents().assertStatistics(stats -> stats.failed(0));
    enclosing
        .allEvents()
        .assertThatEvents()
        .haveExactly(
            1,
            event(
                displayName("crashesTheEnclosingWorker"),
                finishedWithFailure(
                    instanceOf(AssertionError.class),
                    message(
                        m ->
                            m.startsWith(
                                "process \"worker\" crashed during this test, in the environment"
                                    + " of DynamicTestsTest$EnclosingFactory;")))))
        .haveExactly(1, event(displayName("before"), finishedSuccessfully()))
        .haveExactly(1, event(displayName("after"), finishedSuccessfully()))
        .haveExactly(1, event(container("crashesOnce"), finishedSuccessfully()));
  }

  @OnlyInTestKit
  @OvrseerEnvironment(retries = 5, retryDelay = "50ms")
  @Dependency(
      id = "worker",
      command = {"${java}", "-cp", "${classpath}", CONTROLLED, "worker up"},
      ready = @Ready(log = "worker up", timeout = "20s"))
  static class EnclosingFactory {
    static volatile ProcessUnit worker;

    @BeforeAll
    static void keep(@ProcessId("worker") ProcessUnit unit) {
      worker = unit;
    }

    @Nested
    @OvrseerEnvironment
    @MainProcess(
        id = "api",
        command = {"sleep", "600"})
    class OwnEnvironment {
      @TestFactory
      Stream<DynamicTest> crashesOnce() {
        return Stream.of(
            DynamicTest.dynamicTest("before", () -> {}),
            DynamicTest.dynamicTest(
                "crashesTheEnclosingWorker", () -> crashAndAwaitRestart(worker, exit(worker, 3))),
            DynamicTest.dynamicTest("after", () -> {}));
      }
    }
  }

  @OnlyInTestKit
  @OvrseerEnvironment(retries = 5, retryDelay = "50ms")
  @MainProcess(
      id = "api",
      command = {"${java}", "-cp", "${classpath}", CONTROLLED, "api up"},
      ready = @Ready(log = "api up", timeout = "20s"))
  static class Factory {
    @TestFactory
    Stream<DynamicTest> crashesOnce(@ProcessId("api") ProcessUnit api) {
      return Stream.of(
          DynamicTest.dynamicTest("before", () -> {}),
          DynamicTest.dynamicTest("crashes", () -> crashAndAwaitRestart(api, exit(api, 3))),
          DynamicTest.dynamicTest("after", () -> {}));
    }

    @TestFactory
    Stream<DynamicTest> failsOnce() {
      return Stream.of(
          DynamicTest.dynamicTest(
              "fails",
              () -> {
                throw new AssertionError("the response was 500");
              }));
    }
  }
}
