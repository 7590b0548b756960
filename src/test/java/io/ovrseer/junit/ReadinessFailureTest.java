package io.ovrseer.junit;

import static io.ovrseer.junit.TestKit.STEPS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.testkit.engine.EventConditions.container;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import io.ovrseer.OvrseerStartException;
import io.ovrseer.junit.OvrseerEnvironment.Scope;
import io.ovrseer.testing.NoLeftoverProcesses;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/** Requirement 6: an environment that cannot become ready fails the class with the reason. */
@ExtendWith(NoLeftoverProcesses.class)
class ReadinessFailureTest {

  @Test
  void aDependencyThatIsNeverReadyFailsTheClassWithTheCheckAndItsLastLogLines() {
    EngineExecutionResults results = TestKit.run(DependencyNeverReady.class);

    results.testEvents().assertStatistics(stats -> stats.started(0));
    results
        .containerEvents()
        .assertThatEvents()
        .haveExactly(
            1,
            event(
                container(DependencyNeverReady.class),
                finishedWithFailure(
                    instanceOf(OvrseerStartException.class),
                    message(
                        m ->
                            m.contains("dependency \"db\"")
                                && m.contains("log line matching /accepting connections/")
                                && m.contains("db is warming up")))));
  }

  @Test
  void aMainProcessThatExitsBeforeItIsReadyFailsTheClassWithItsReadinessError() {
    EngineExecutionResults results = TestKit.run(MainExitsBeforeReady.class);

    results.testEvents().assertStatistics(stats -> stats.started(0));
    results
        .containerEvents()
        .assertThatEvents()
        .haveExactly(
            1,
            event(
                container(MainExitsBeforeReady.class),
                finishedWithFailure(
                    instanceOf(OvrseerStartException.class),
                    message(
                        m ->
                            m.startsWith(
                                    "Ovrseer could not start: main process \"api\" did not become"
                                        + " ready: ")
                                && m.contains("exit code 4")
                                && m.contains("api cannot find its config")))));
  }

  @Test
  void aSharedEnvironmentThatCannotStartFailsEveryClassDeclaringItButIsTriedOnce() {
    TestKit.Captured run = TestKit.runCapturing(SharedNeverReadyA.class, SharedNeverReadyB.class);

    for (Class<?> fixture : new Class<?>[] {SharedNeverReadyA.class, SharedNeverReadyB.class}) {
      run.results()
          .containerEvents()
          .assertThatEvents()
          .haveExactly(
              1,
              event(
                  container(fixture),
                  finishedWithFailure(
                      instanceOf(OvrseerStartException.class),
                      message(m -> m.contains("dependency \"flaky\"")))));
    }
    assertThat(
            Pattern.compile("environment \\w{12} \\[flaky] of \\w+ could not start; stopped")
                .matcher(run.out())
                .results()
                .count())
        .isEqualTo(1);
  }

  @OnlyInTestKit
  @OvrseerEnvironment(retries = 0)
  @Dependency(
      id = "db",
      command = {"${java}", "-cp", "${classpath}", STEPS, "out", "db is warming up", "hang"},
      ready = @Ready(log = "accepting connections", timeout = "500ms"))
  @MainProcess(
      id = "api",
      command = {"${java}", "-cp", "${classpath}", STEPS, "hang"})
  static class DependencyNeverReady {
    @Test
    void neverRuns() {}
  }

  @OnlyInTestKit
  @OvrseerEnvironment(retries = 0)
  @MainProcess(
      id = "api",
      command = {
        "${java}",
        "-cp",
        "${classpath}",
        STEPS,
        "out",
        "api cannot find its config",
        "exit",
        "4"
      },
      ready = @Ready(log = "listening", timeout = "20s"))
  static class MainExitsBeforeReady {
    @Test
    void neverRuns() {}
  }

  @Test
  void withMethodScopeEveryTestFailsWithTheReadinessError() {
    EngineExecutionResults results = TestKit.run(MethodScopeNeverReady.class);

    results.testEvents().assertStatistics(stats -> stats.started(2).failed(2));
    results
        .testEvents()
        .assertThatEvents()
        .haveExactly(
            2,
            event(
                finishedWithFailure(
                    instanceOf(OvrseerStartException.class),
                    message(m -> m.contains("dependency \"db\"")))));
    results.containerEvents().assertStatistics(stats -> stats.failed(0));
  }

  @OnlyInTestKit
  @OvrseerEnvironment(retries = 0, scope = Scope.METHOD)
  @Dependency(
      id = "db",
      command = {"${java}", "-cp", "${classpath}", STEPS, "hang"},
      ready = @Ready(log = "never printed", timeout = "300ms"))
  static class MethodScopeNeverReady {
    @Test
    void first() {}

    @Test
    void second() {}
  }

  @OnlyInTestKit
  @OvrseerEnvironment(retries = 0, scope = Scope.GLOBAL)
  @Dependency(
      id = "flaky",
      command = {"${java}", "-cp", "${classpath}", STEPS, "hang"},
      ready = @Ready(log = "never printed", timeout = "300ms"))
  static class SharedNeverReadyA {
    @Test
    void neverRuns() {}
  }

  @OnlyInTestKit
  @OvrseerEnvironment(retries = 0, scope = Scope.GLOBAL)
  @Dependency(
      id = "flaky",
      command = {"${java}", "-cp", "${classpath}", STEPS, "hang"},
      ready = @Ready(log = "never printed", timeout = "300ms"))
  static class SharedNeverReadyB {
    @Test
    void neverRuns() {}
  }
}
