package io.ovrseer.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.ovrseer.testing.NoLeftoverProcesses;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.discovery.ClassSelector;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * Runs {@link Fixture} classes on the Jupiter engine in this JVM (as the JUnit package's TestKit
 * does for its fixtures) and checks that no child process survived the run.
 */
final class SpringKit {
  /** The main class of the {@code NameServer} fixture. */
  static final String NAMES = "io.ovrseer.fixtures.NameServer";

  private static final String PARAMETER = "ovrseer.test.fixtures.enabled";
  private static final String CLASS_ORDER = "junit.jupiter.testclass.order.default";

  private SpringKit() {}

  /** Runs {@code classes} and waits until none of their processes is left. */
  static EngineExecutionResults run(Class<?>... classes) {
    return run(Map.of(), classes);
  }

  /**
   * Runs {@code classes} in the order of their {@code @Order} annotations, and fails with the
   * fixtures' own failures unless all succeeded.
   */
  static EngineExecutionResults runSucceedingInOrder(Class<?>... classes) {
    return succeeded(
        run(Map.of(CLASS_ORDER, ClassOrderer.OrderAnnotation.class.getName()), classes));
  }

  /**
   * Runs {@code classes} two at a time, each class on its own thread, and fails with the fixtures'
   * own failures unless all succeeded.
   */
  static EngineExecutionResults runSucceedingConcurrently(Class<?>... classes) {
    return succeeded(
        run(
            Map.of(
                "junit.jupiter.execution.parallel.enabled", "true",
                "junit.jupiter.execution.parallel.mode.default", "same_thread",
                "junit.jupiter.execution.parallel.mode.classes.default", "concurrent",
                "junit.jupiter.execution.parallel.config.strategy", "fixed",
                "junit.jupiter.execution.parallel.config.fixed.parallelism", "2"),
            classes));
  }

  private static EngineExecutionResults run(Map<String, String> parameters, Class<?>... classes) {
    EngineExecutionResults results =
        EngineTestKit.engine("junit-jupiter")
            .configurationParameter(PARAMETER, "true")
            .configurationParameters(parameters)
            .selectors(
                Arrays.stream(classes).map(c -> selectClass(c)).toArray(ClassSelector[]::new))
            .execute();
    await("no processes left after the fixture run")
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(20))
        .untilAsserted(() -> assertThat(NoLeftoverProcesses.liveDescendants()).isEmpty());
    return results;
  }

  /** Runs {@code classes} and fails with the fixtures' own failures unless all succeeded. */
  static EngineExecutionResults runSucceeding(Class<?>... classes) {
    return succeeded(run(classes));
  }

  private static EngineExecutionResults succeeded(EngineExecutionResults results) {
    List<Throwable> failures = failures(results);
    if (!failures.isEmpty()) {
      AssertionError error =
          new AssertionError(
              failures.size() + " fixture failures, the first: " + failures.get(0),
              failures.get(0));
      failures.stream().skip(1).forEach(error::addSuppressed);
      throw error;
    }
    results.testEvents().assertStatistics(stats -> stats.failed(0).aborted(0));
    return results;
  }

  /** The throwables of every failed test or container. */
  static List<Throwable> failures(EngineExecutionResults results) {
    return results.allEvents().failed().stream()
        .map(
            e ->
                e.getPayload(TestExecutionResult.class)
                    .flatMap(TestExecutionResult::getThrowable)
                    .orElse(new AssertionError("failed without a throwable: " + e)))
        .toList();
  }

  /** The messages of {@code error} and its causes, one per line. */
  static String messages(Throwable error) {
    StringBuilder all = new StringBuilder();
    for (Throwable t = error; t != null; t = t.getCause()) {
      all.append(t).append('\n');
    }
    return all.toString();
  }

  /**
   * Marks a fixture class that runs only inside {@link SpringKit#run}; elsewhere it is disabled.
   */
  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.TYPE)
  @ExtendWith(Fixture.Condition.class)
  @interface Fixture {
    /** Enables the class only when SpringKit runs it. */
    final class Condition implements ExecutionCondition {
      @Override
      public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        Optional<Boolean> enabled =
            context.getConfigurationParameter(PARAMETER).map(Boolean::parseBoolean);
        return enabled.orElse(false)
            ? ConditionEvaluationResult.enabled("run by SpringKit")
            : ConditionEvaluationResult.disabled("fixture: runs only through SpringKit");
      }
    }
  }
}
