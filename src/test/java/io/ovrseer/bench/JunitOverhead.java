package io.ovrseer.bench;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.ovrseer.junit.Dependency;
import io.ovrseer.junit.MainProcess;
import io.ovrseer.junit.OvrseerEnvironment;
import io.ovrseer.junit.Ready;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.engine.discovery.ClassSelector;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/** Fixture classes for the JUnit overhead benchmark, run through EngineTestKit only. */
final class JunitOverhead {
  static final String PARAMETER = "ovrseer.bench.fixtures";
  static final String STEPS = "io.ovrseer.fixtures.Steps";
  static final List<String> TINY = List.of("sh", "-c", "echo READY; exec sleep 600");

  private JunitOverhead() {}

  /** Runs the classes in one launcher run and returns its wall time; fails if any test failed. */
  static long time(Class<?>... classes) {
    long began = System.nanoTime();
    EngineExecutionResults results =
        EngineTestKit.engine("junit-jupiter")
            .configurationParameter(PARAMETER, "true")
            .selectors(
                Arrays.stream(classes).map(c -> selectClass(c)).toArray(ClassSelector[]::new))
            .execute();
    long took = System.nanoTime() - began;
    if (results.allEvents().failed().count() > 0
        || results.testEvents().succeeded().count() != classes.length) {
      throw new AssertionError("benchmark fixtures failed: " + results.allEvents().failed().list());
    }
    return took;
  }

  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.TYPE)
  @ExtendWith(Fixture.Condition.class)
  @interface Fixture {
    final class Condition implements ExecutionCondition {
      @Override
      public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        return context.getConfigurationParameter(PARAMETER).map(Boolean::parseBoolean).orElse(false)
            ? ConditionEvaluationResult.enabled("benchmark run")
            : ConditionEvaluationResult.disabled("benchmark fixture");
      }
    }
  }

  @Fixture
  @OvrseerEnvironment
  @Dependency(
      id = "db",
      command = {"sh", "-c", "echo READY; exec sleep 600"},
      ready = @Ready(log = "READY"))
  @MainProcess(
      id = "api",
      command = {"sh", "-c", "echo READY; exec sleep 600"},
      ready = @Ready(log = "READY"))
  static class WithOvrseer {
    @Test
    void test() {}
  }

  @Fixture
  static class ByHand {
    static final List<Process> PROCESSES = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
      for (int i = 0; i < 2; i++) {
        Process process = new ProcessBuilder(TINY).start();
        PROCESSES.add(process);
        new BufferedReader(new InputStreamReader(process.getInputStream())).readLine();
      }
    }

    @AfterAll
    static void stop() throws Exception {
      PROCESSES.forEach(Process::destroy);
      for (Process process : PROCESSES) {
        process.waitFor();
      }
      PROCESSES.clear();
    }

    @Test
    void test() {}
  }

  /**
   * By hand, with what Ovrseer guarantees and ByHand does not (see {@link HandWritten}): each
   * process in its own session, the main's tree stopped and gone before the dependency's is
   * stopped.
   */
  @Fixture
  static class ByHandWithGuarantees {
    static final List<Process> PROCESSES = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
      for (int i = 0; i < 2; i++) {
        Process process = HandWritten.startInOwnSession(TINY);
        PROCESSES.add(process);
        HandWritten.awaitFirstLines(List.of(process));
      }
    }

    @AfterAll
    static void stop() throws Exception {
      for (int i = PROCESSES.size() - 1; i >= 0; i--) {
        HandWritten.stopTrees(List.of(PROCESSES.get(i)));
      }
      PROCESSES.clear();
    }

    @Test
    void test() {}
  }

  static final Class<?>[] GLOBAL = {
    G0.class, G1.class, G2.class, G3.class, G4.class, G5.class, G6.class, G7.class, G8.class,
    G9.class
  };
  static final Class<?>[] CLASS = {
    C0.class, C1.class, C2.class, C3.class, C4.class, C5.class, C6.class, C7.class, C8.class,
    C9.class
  };

  // Ten classes declaring the same environment (a JVM dependency, as a database would be), once
  // with GLOBAL scope and once with CLASS scope, through two composed annotations.
  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.TYPE)
  @OvrseerEnvironment(scope = OvrseerEnvironment.Scope.GLOBAL)
  @Dependency(
      id = "db",
      command = {"${java}", "-cp", "${classpath}", STEPS, "out", "READY", "hang"},
      ready = @Ready(log = "READY"))
  @interface SharedDb {}

  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.TYPE)
  @OvrseerEnvironment
  @Dependency(
      id = "db",
      command = {"${java}", "-cp", "${classpath}", STEPS, "out", "READY", "hang"},
      ready = @Ready(log = "READY"))
  @interface OwnDb {}

  @Fixture
  @SharedDb
  static class G0 {
    @Test
    void test() {}
  }

  @Fixture
  @SharedDb
  static class G1 {
    @Test
    void test() {}
  }

  @Fixture
  @SharedDb
  static class G2 {
    @Test
    void test() {}
  }

  @Fixture
  @SharedDb
  static class G3 {
    @Test
    void test() {}
  }

  @Fixture
  @SharedDb
  static class G4 {
    @Test
    void test() {}
  }

  @Fixture
  @SharedDb
  static class G5 {
    @Test
    void test() {}
  }

  @Fixture
  @SharedDb
  static class G6 {
    @Test
    void test() {}
  }

  @Fixture
  @SharedDb
  static class G7 {
    @Test
    void test() {}
  }

  @Fixture
  @SharedDb
  static class G8 {
    @Test
    void test() {}
  }

  @Fixture
  @SharedDb
  static class G9 {
    @Test
    void test() {}
  }

  @Fixture
  @OwnDb
  static class C0 {
    @Test
    void test() {}
  }

  @Fixture
  @OwnDb
  static class C1 {
    @Test
    void test() {}
  }

  @Fixture
  @OwnDb
  static class C2 {
    @Test
    void test() {}
  }

  @Fixture
  @OwnDb
  static class C3 {
    @Test
    void test() {}
  }

  @Fixture
  @OwnDb
  static class C4 {
    @Test
    void test() {}
  }

  @Fixture
  @OwnDb
  static class C5 {
    @Test
    void test() {}
  }

  @Fixture
  @OwnDb
  static class C6 {
    @Test
    void test() {}
  }

  @Fixture
  @OwnDb
  static class C7 {
    @Test
    void test() {}
  }

  @Fixture
  @OwnDb
  static class C8 {
    @Test
    void test() {}
  }

  @Fixture
  @OwnDb
  static class C9 {
    @Test
    void test() {}
  }
}
