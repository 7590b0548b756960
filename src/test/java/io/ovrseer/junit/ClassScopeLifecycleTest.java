package io.ovrseer.junit;

import static io.ovrseer.junit.TestKit.STEPS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.testkit.engine.EventConditions.container;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import io.ovrseer.Ovrseer;
import io.ovrseer.event.ProcessExit;
import io.ovrseer.event.ProcessSpawn;
import io.ovrseer.process.ProcessState;
import io.ovrseer.process.ProcessUnit;
import io.ovrseer.testing.NoLeftoverProcesses;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/**
 * Requirement 1: with the default CLASS scope the environment lives exactly as long as the class.
 */
@ExtendWith(NoLeftoverProcesses.class)
class ClassScopeLifecycleTest {

  @Test
  void everyProcessIsReadyBeforeTheFirstTestAndStopsInOrderAfterTheLast() {
    TestKit.Captured run = TestKit.runCapturing(Healthy.class);

    run.results().testEvents().assertStatistics(stats -> stats.started(2).succeeded(2));
    run.results().containerEvents().assertStatistics(stats -> stats.failed(0));
    assertThat(Healthy.statesAtFirstTest).containsExactly("db READY", "api READY");
    assertThat(Healthy.pidsPerTest).containsOnlyKeys("first", "second");
    assertThat(Healthy.pidsPerTest.get("first"))
        .as("one environment for both tests")
        .isEqualTo(Healthy.pidsPerTest.get("second"));
    assertThat(Healthy.stopOrder)
        .containsExactly("exit api", "spawn backup", "exit backup", "exit db");
    assertThat(run.out())
        .containsPattern(
            "ovrseer: environment \\w{12} \\[db, api, backup] of Healthy ready in \\d+ ms: db ready after \\d+ ms, api"
                + " ready after \\d+ ms")
        .containsPattern(
            "ovrseer: environment \\w{12} \\[db, api, backup] of Healthy stopped in \\d+ ms \\(cleanup: backup"
                + " completed\\)");
  }

  @Test
  void withThePerClassLifecycleTheEnvironmentIsUpBeforeTheTestInstanceIsCreated() {
    EngineExecutionResults results = TestKit.run(PerClass.class);

    results.testEvents().assertStatistics(stats -> stats.started(2).succeeded(2));
    results.containerEvents().assertStatistics(stats -> stats.failed(0));
    assertThat(PerClass.seen)
        .containsExactly("constructor READY", "beforeAll same db", "test same db", "test same db");
    assertThat(ProcessHandle.of(PerClass.pid).map(ProcessHandle::isAlive))
        .as("the db after the class")
        .isNotEqualTo(java.util.Optional.of(true));
  }

  @Test
  void aFailingTestStillStopsEverything() {
    EngineExecutionResults results = TestKit.run(WithAFailingTest.class);

    results
        .testEvents()
        .assertThatEvents()
        .haveExactly(1, event(finishedWithFailure(message("deliberate"))));
    results.containerEvents().assertStatistics(stats -> stats.failed(0));
    assertThat(WithAFailingTest.pid).isPositive();
    assertThat(ProcessHandle.of(WithAFailingTest.pid).map(ProcessHandle::isAlive))
        .isNotEqualTo(java.util.Optional.of(true));
  }

  @Test
  void aThrowingBeforeAllStillStopsEverything() {
    EngineExecutionResults results = TestKit.run(ThrowingBeforeAll.class);

    results
        .containerEvents()
        .assertThatEvents()
        .haveExactly(
            1,
            event(
                container(ThrowingBeforeAll.class),
                finishedWithFailure(
                    instanceOf(IllegalStateException.class), message("setup failed"))));
    results.testEvents().assertStatistics(stats -> stats.started(0));
    assertThat(ThrowingBeforeAll.pid).isPositive();
  }

  @Test
  void crashReportsGoToTargetInAMavenBuildUnlessConfiguredOtherwise(@TempDir Path elsewhere) {
    TestKit.assertSucceeded(TestKit.run(ReportsDirectory.class));
    TestKit.assertSucceeded(
        TestKit.run(
            Map.of(OvrseerEnvironment.CRASH_REPORTS_DIRECTORY_PROPERTY, elsewhere.toString()),
            ReportsDirectory.class));

    assertThat(ReportsDirectory.seen)
        .containsExactly(
            Path.of("target", "ovrseer", "crash-reports").toAbsolutePath(),
            elsewhere.toAbsolutePath());
  }

  @Test
  @SuppressWarnings("deprecation")
  void itsStoreValuesCloseOnEveryJUnitVersion() {
    for (Class<?> value : List.of(EnvironmentHandle.class, CrashSink.class)) {
      assertThat(AutoCloseable.class).isAssignableFrom(value);
      assertThat(ExtensionContext.Store.CloseableResource.class).isAssignableFrom(value);
    }
  }

  @OnlyInTestKit
  @OvrseerEnvironment(retries = 0, retryDelay = "100ms")
  @Dependency(
      id = "db",
      command = {"${java}", "-cp", "${classpath}", STEPS, "out", "db up", "hang"},
      ready = @Ready(log = "db up", timeout = "20s"))
  @MainProcess(
      id = "api",
      command = {"${java}", "-cp", "${classpath}", STEPS, "sleep", "300", "out", "api up", "hang"},
      ready = @Ready(log = "api up", timeout = "20s"))
  @CleanupProcess(
      id = "backup",
      command = {"${java}", "-cp", "${classpath}", STEPS, "out", "backed up"})
  static class Healthy {
    static final List<String> statesAtFirstTest = new ArrayList<>();
    static final Map<String, List<Long>> pidsPerTest = new ConcurrentHashMap<>();
    static final List<String> stopOrder = Collections.synchronizedList(new ArrayList<>());

    @BeforeAll
    static void listen(Ovrseer ovrseer) {
      ovrseer.on(ProcessExit.class, e -> stopOrder.add("exit " + e.name()));
      ovrseer.on(ProcessSpawn.class, e -> stopOrder.add("spawn " + e.name()));
    }

    @Test
    void first(@ProcessId("db") ProcessUnit db, @ProcessId("api") ProcessUnit api) {
      statesAtFirstTest.add("db " + db.getState());
      statesAtFirstTest.add("api " + api.getState());
      pidsPerTest.put("first", List.of(db.getPid().orElseThrow(), api.getPid().orElseThrow()));
    }

    @Test
    void second(@ProcessId("db") ProcessUnit db, @ProcessId("api") ProcessUnit api) {
      assertThat(api.getState()).isEqualTo(ProcessState.READY);
      pidsPerTest.put("second", List.of(db.getPid().orElseThrow(), api.getPid().orElseThrow()));
    }
  }

  /** Its test instance is created before its @BeforeAll callbacks, with the environment up. */
  @OnlyInTestKit
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  @OvrseerEnvironment
  @Dependency(
      id = "db",
      command = {"${java}", "-cp", "${classpath}", STEPS, "out", "db up", "hang"},
      ready = @Ready(log = "db up", timeout = "20s"))
  static class PerClass {
    static final List<String> seen = Collections.synchronizedList(new ArrayList<>());
    static long pid;

    PerClass(@ProcessId("db") ProcessUnit db) {
      seen.add("constructor " + db.getState());
      pid = db.getPid().orElseThrow();
    }

    @BeforeAll
    void beforeAll(@ProcessId("db") ProcessUnit db) {
      seen.add("beforeAll " + (db.getPid().orElseThrow() == pid ? "same db" : "another db"));
    }

    @Test
    void first(@ProcessId("db") ProcessUnit db) {
      seen.add("test " + (db.getPid().orElseThrow() == pid ? "same db" : "another db"));
    }

    @Test
    void second(@ProcessId("db") ProcessUnit db) {
      seen.add("test " + (db.getPid().orElseThrow() == pid ? "same db" : "another db"));
    }
  }

  @OnlyInTestKit
  @OvrseerEnvironment
  static class ReportsDirectory {
    static final List<Path> seen = Collections.synchronizedList(new ArrayList<>());

    @Test
    void recordsTheDirectory(Ovrseer ovrseer) {
      seen.add(ovrseer.getOptions().crashReporter().getReportsDir());
    }
  }

  @OnlyInTestKit
  @OvrseerEnvironment
  @MainProcess(
      id = "api",
      command = {"${java}", "-cp", "${classpath}", STEPS, "out", "api up", "hang"})
  static class WithAFailingTest {
    static long pid;

    @Test
    void fails(@ProcessId("api") ProcessUnit api) {
      pid = api.getPid().orElseThrow();
      throw new AssertionError("deliberate");
    }
  }

  @OnlyInTestKit
  @OvrseerEnvironment
  @Dependency(
      id = "db",
      command = {"${java}", "-cp", "${classpath}", STEPS, "hang"})
  static class ThrowingBeforeAll {
    static long pid;

    @BeforeAll
    static void boom(@ProcessId("db") ProcessUnit db) {
      pid = db.getPid().orElseThrow();
      throw new IllegalStateException("setup failed");
    }

    @Test
    void neverRuns() {}
  }
}
