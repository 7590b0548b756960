package io.ovrseer.junit;

import static io.ovrseer.junit.TestKit.STEPS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.testkit.engine.EventConditions.container;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import io.ovrseer.junit.OvrseerEnvironment.Scope;
import io.ovrseer.process.ProcessUnit;
import io.ovrseer.testing.NoLeftoverProcesses;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/** Requirement 2: METHOD gives each test a fresh environment; GLOBAL shares one across classes. */
@ExtendWith(NoLeftoverProcesses.class)
class ScopeTest {

  @Test
  void methodScopeStartsAFreshEnvironmentForEachTest() {
    TestKit.run(PerMethod.class)
        .testEvents()
        .assertStatistics(stats -> stats.started(2).succeeded(2));

    assertThat(PerMethod.pids).hasSize(2).doesNotHaveDuplicates();
    assertThat(PerMethod.firstAliveDuringSecond).containsExactly(false);
  }

  @Test
  void globalScopeSharesOneEnvironmentBetweenClassesWithTheIdenticalDeclaration() {
    TestKit.Captured run = TestKit.runCapturing(SharedA.class, SharedB.class, Different.class);

    run.results().testEvents().assertStatistics(stats -> stats.started(3).succeeded(3));
    assertThat(SHARED_PIDS).containsOnlyKeys("SharedA", "SharedB", "Different");
    assertThat(SHARED_PIDS.get("SharedA"))
        .as("same pid in both classes")
        .isEqualTo(SHARED_PIDS.get("SharedB"));
    assertThat(SHARED_PIDS.get("Different")).isNotEqualTo(SHARED_PIDS.get("SharedA"));
    assertThat(
            Pattern.compile("environment \\w{12} \\[shared] of Shared[AB] ready")
                .matcher(run.out())
                .results()
                .count())
        .as("the shared environment started once")
        .isEqualTo(1);
    // Stopped at the end of the run (root store), after both classes finished.
    assertThat(run.out().lastIndexOf("[shared] of SharedA stopped"))
        .isGreaterThan(run.out().lastIndexOf("[different] of Different ready"));
  }

  @Test
  void globalScopeSharesOneEnvironmentBetweenClassesThatDeclareTheSameProcessesInAnotherOrder() {
    TestKit.Captured run = TestKit.runCapturing(OneOrder.class, OtherOrder.class);

    TestKit.assertSucceeded(run.results());
    assertThat(ORDER_PIDS).containsOnlyKeys("OneOrder", "OtherOrder");
    assertThat(ORDER_PIDS.get("OneOrder"))
        .as("same pid of db in both classes")
        .isEqualTo(ORDER_PIDS.get("OtherOrder"));
    assertThat(
            Pattern.compile("environment \\w{12} \\[\\w+, \\w+] of \\w+Order ready")
                .matcher(run.out())
                .results()
                .count())
        .as("the shared environment started once")
        .isEqualTo(1);
  }

  static final Map<String, Long> ORDER_PIDS = new ConcurrentHashMap<>();

  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.TYPE)
  @Dependency(
      id = "db",
      command = {"${java}", "-cp", "${classpath}", STEPS, "hang"})
  @interface WithDb {}

  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.TYPE)
  @Dependency(
      id = "cache",
      command = {"${java}", "-cp", "${classpath}", STEPS, "hang"})
  @interface WithCache {}

  @OnlyInTestKit
  @OvrseerEnvironment(scope = Scope.GLOBAL)
  @WithDb
  @WithCache
  static class OneOrder {
    @Test
    void recordsPid(@ProcessId("db") ProcessUnit db) {
      ORDER_PIDS.put(getClass().getSimpleName(), db.getPid().orElseThrow());
    }
  }

  @OnlyInTestKit
  @OvrseerEnvironment(scope = Scope.GLOBAL)
  @WithCache
  @WithDb
  static class OtherOrder {
    @Test
    void recordsPid(@ProcessId("db") ProcessUnit db) {
      ORDER_PIDS.put(getClass().getSimpleName(), db.getPid().orElseThrow());
    }
  }

  @Test
  void aNestedClassWithItsOwnEnvironmentInAMethodScopedClassFailsInsteadOfRunningWithoutIt() {
    // Its tests ran with its own environment only: the enclosing class's, started around each of
    // that class's tests, was up for none of them, and nothing said so.
    EngineExecutionResults results = TestKit.run(MethodScopedOuter.class);

    results
        .containerEvents()
        .assertThatEvents()
        .haveExactly(
            1,
            event(
                container("nested-class:Inner"),
                finishedWithFailure(
                    instanceOf(ExtensionConfigurationException.class),
                    message(
                        "[Inner] declares an Ovrseer environment of its own inside"
                            + " [MethodScopedOuter], whose environment has scope METHOD:"
                            + " that one runs only around each test of a class without an"
                            + " environment of its own, so the tests of [Inner] would run without"
                            + " it; declare all their processes in one environment, or give the"
                            + " enclosing class scope CLASS"))));
    results
        .testEvents()
        .assertStatistics(stats -> stats.started(2).succeeded(2)); // outer() and plain()
    assertThat(MethodScopedOuter.seen).containsExactlyInAnyOrder("outer READY", "plain READY");
  }

  @Test
  void methodScopePublishesThePortPropertyForEachTestAndRemovesItAfter() {
    TestKit.run(PortPerMethod.class)
        .testEvents()
        .assertStatistics(stats -> stats.started(2).succeeded(2));

    // Seen in the test's @BeforeEach, the test and its @AfterEach, as @Port gives it; gone after.
    assertThat(PortPerMethod.seen).hasSize(2);
    PortPerMethod.seen.forEach(phases -> assertThat(phases).hasSize(4).containsOnly(phases.get(0)));
    assertThat(PortPerMethod.seen.get(0).get(0)).isNotEqualTo("null");
    assertThat(System.getProperty(PortPerMethod.PROPERTY)).isNull();
  }

  @Test
  void globalScopeKeepsThePortPropertyAcrossClassesAndRemovesItAtTheEndOfTheRun() {
    TestKit.run(GlobalPortA.class, GlobalPortB.class)
        .testEvents()
        .assertStatistics(stats -> stats.started(2).succeeded(2));

    assertThat(GLOBAL_PORTS).hasSize(2);
    assertThat(GLOBAL_PORTS.values()).doesNotContainNull().containsOnly("ok");
    assertThat(System.getProperty(GLOBAL_PORT_PROPERTY)).isNull();
  }

  static final String GLOBAL_PORT_PROPERTY = "ovrseer.port.scopeTestGlobal";
  static final Map<String, String> GLOBAL_PORTS = new ConcurrentHashMap<>();

  static void recordGlobalPort(Class<?> testClass, int port) {
    String property = System.getProperty(GLOBAL_PORT_PROPERTY);
    GLOBAL_PORTS.put(
        testClass.getSimpleName(),
        String.valueOf(port).equals(property) ? "ok" : "property " + property + ", port " + port);
  }

  @OnlyInTestKit
  @OvrseerEnvironment(scope = Scope.METHOD)
  @MainProcess(
      id = "api",
      command = {"${java}", "-cp", "${classpath}", STEPS, "out", "${port:scopeTestMethod}", "hang"})
  @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
  static class PortPerMethod {
    static final String PROPERTY = "ovrseer.port.scopeTestMethod";
    static final List<List<String>> seen = new CopyOnWriteArrayList<>();
    private final List<String> phases = new CopyOnWriteArrayList<>();

    @org.junit.jupiter.api.BeforeEach
    void before() {
      phases.add(property());
    }

    @Test
    @Order(1)
    void first(@Port("scopeTestMethod") int port) {
      phases.add(property());
      phases.add(String.valueOf(port));
    }

    @Test
    @Order(2)
    void second(@Port("scopeTestMethod") int port) {
      phases.add(property());
      phases.add(String.valueOf(port));
    }

    @org.junit.jupiter.api.AfterEach
    void after() {
      phases.add(property());
      seen.add(List.copyOf(phases));
    }

    private static String property() {
      return String.valueOf(System.getProperty(PROPERTY));
    }
  }

  @OnlyInTestKit
  @OvrseerEnvironment(scope = Scope.GLOBAL)
  @MainProcess(
      id = "shared",
      command = {"${java}", "-cp", "${classpath}", STEPS, "out", "${port:scopeTestGlobal}", "hang"})
  static class GlobalPortA {
    @Test
    void seesTheProperty(@Port("scopeTestGlobal") int port) {
      recordGlobalPort(getClass(), port);
    }
  }

  @OnlyInTestKit
  @OvrseerEnvironment(scope = Scope.GLOBAL)
  @MainProcess(
      id = "shared",
      command = {"${java}", "-cp", "${classpath}", STEPS, "out", "${port:scopeTestGlobal}", "hang"})
  static class GlobalPortB {
    @Test
    void seesTheProperty(@Port("scopeTestGlobal") int port) {
      recordGlobalPort(getClass(), port);
    }
  }

  static final Map<String, Long> SHARED_PIDS = new ConcurrentHashMap<>();

  @OnlyInTestKit
  @OvrseerEnvironment(scope = Scope.METHOD)
  @MainProcess(
      id = "api",
      command = {"${java}", "-cp", "${classpath}", STEPS, "hang"})
  @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
  static class PerMethod {
    static final List<Long> pids = new CopyOnWriteArrayList<>();
    static final List<Boolean> firstAliveDuringSecond = new CopyOnWriteArrayList<>();

    @Test
    @Order(1)
    void first(@ProcessId("api") ProcessUnit api) {
      pids.add(api.getPid().orElseThrow());
    }

    @Test
    @Order(2)
    void second(@ProcessId("api") ProcessUnit api) {
      pids.add(api.getPid().orElseThrow());
      firstAliveDuringSecond.add(
          ProcessHandle.of(pids.get(0)).map(ProcessHandle::isAlive).orElse(false));
    }
  }

  @OnlyInTestKit
  @OvrseerEnvironment(scope = Scope.GLOBAL)
  @MainProcess(
      id = "shared",
      command = {"${java}", "-cp", "${classpath}", STEPS, "hang"})
  static class SharedA {
    @Test
    void recordsPid(@ProcessId("shared") ProcessUnit shared) {
      SHARED_PIDS.put(getClass().getSimpleName(), shared.getPid().orElseThrow());
    }
  }

  @OnlyInTestKit
  @OvrseerEnvironment(scope = Scope.GLOBAL)
  @MainProcess(
      id = "shared",
      command = {"${java}", "-cp", "${classpath}", STEPS, "hang"})
  static class SharedB {
    @Test
    void recordsPid(@ProcessId("shared") ProcessUnit shared) {
      SHARED_PIDS.put(getClass().getSimpleName(), shared.getPid().orElseThrow());
    }
  }

  @OnlyInTestKit
  @OvrseerEnvironment(scope = Scope.GLOBAL)
  @MainProcess(
      id = "different",
      command = {"${java}", "-cp", "${classpath}", STEPS, "hang"})
  static class Different {
    @Test
    void recordsPid(@ProcessId("different") ProcessUnit different) {
      SHARED_PIDS.put(getClass().getSimpleName(), different.getPid().orElseThrow());
    }
  }

  @OnlyInTestKit
  @OvrseerEnvironment(scope = Scope.METHOD)
  @Dependency(
      id = "db",
      command = {"${java}", "-cp", "${classpath}", STEPS, "out", "db up", "hang"},
      ready = @Ready(log = "db up", timeout = "20s"))
  static class MethodScopedOuter {
    static final List<String> seen = new CopyOnWriteArrayList<>();

    @Test
    void outer(@ProcessId("db") ProcessUnit db) {
      seen.add("outer " + db.getState());
    }

    @Nested
    @OvrseerEnvironment
    @Dependency(
        id = "cache",
        command = {"${java}", "-cp", "${classpath}", STEPS, "out", "cache up", "hang"},
        ready = @Ready(log = "cache up", timeout = "20s"))
    class Inner {
      @Test
      void inner() {
        seen.add("inner");
      }
    }

    @Nested
    class InnerWithout {
      @Test
      void plain(@ProcessId("db") ProcessUnit db) {
        seen.add("plain " + db.getState());
      }
    }
  }
}
