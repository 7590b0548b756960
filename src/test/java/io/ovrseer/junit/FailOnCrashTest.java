package io.ovrseer.junit;

import static io.ovrseer.junit.TestKit.CONTROLLED;
import static io.ovrseer.junit.TestKit.STEPS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.platform.testkit.engine.EventConditions.container;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedSuccessfully;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import io.ovrseer.crash.CrashReport;
import io.ovrseer.crash.CrashType;
import io.ovrseer.junit.OvrseerEnvironment.Scope;
import io.ovrseer.process.ProcessState;
import io.ovrseer.process.ProcessUnit;
import io.ovrseer.testing.NoLeftoverProcesses;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EventType;

/** Requirement 5: a test during which a process crashed fails, unless it allows the crash. */
@ExtendWith(NoLeftoverProcesses.class)
class FailOnCrashTest {

  @Test
  void aCrashFailsTheTestDuringWhichItHappenedEvenAfterASuccessfulRestart() {
    EngineExecutionResults results = TestKit.run(Crashing.class);

    results
        .testEvents()
        .assertThatEvents()
        .haveExactly(
            1,
            event(
                test("crashWithoutAllowance"),
                finishedWithFailure(
                    instanceOf(AssertionError.class),
                    message(
                        m ->
                            m.startsWith(
                                    "process \"api\" crashed during this test; if that is expected,"
                                        + " mark the test @AllowCrash(\"api\"). 1 crash report:\n"
                                        + "process \"api\" (main) CRASH, exit code 3, retries used: 0"
                                        + " of 5: main process \"api\" exited with exit code 3;")
                                && m.contains(
                                    "last log lines:\n  | api up\n  | about to exit 3")))))
        .haveExactly(1, event(test("crashAllowedForThisProcess"), finishedSuccessfully()))
        .haveExactly(
            1,
            event(
                test("crashAllowedForAnotherProcessOnly"),
                finishedWithFailure(
                    instanceOf(AssertionError.class),
                    message(
                        m ->
                            m.startsWith("process \"api\" crashed during this test")
                                && m.contains("signal SIGKILL")))))
        .haveExactly(
            1, event(test("laterTestDoesNotInheritEarlierCrashes"), finishedSuccessfully()));
    results.containerEvents().assertStatistics(stats -> stats.failed(0));
    assertThat(Crashing.allowedReports)
        .singleElement()
        .satisfies(
            report -> {
              assertThat(report.processId()).isEqualTo("api");
              assertThat(report.type()).isEqualTo(CrashType.CRASH);
              assertThat(report.exitCode()).isEqualTo(7);
            });
  }

  @Test
  void aCrashIsCountedForTheTestThatAwaitedTheProcesssExit() {
    KilledAndExitAwaited.seen.clear();

    EngineExecutionResults results = TestKit.run(KilledAndExitAwaited.class);

    results.testEvents().assertStatistics(stats -> stats.started(8).succeeded(8));
    results.containerEvents().assertStatistics(stats -> stats.failed(0));
    // Each repetition saw its own crash: the exit it waited for was handled before it ended.
    assertThat(KilledAndExitAwaited.seen).hasSize(8).containsOnly(1);
  }

  @Test
  void aCrashOfARunTheTestsOwnRestartStartedFailsTheTestDuringWhichItHappened() {
    RestartedByATest.seen.clear();

    EngineExecutionResults results = TestKit.run(RestartedByATest.class);

    results
        .testEvents()
        .assertThatEvents()
        .haveExactly(1, event(test("restartsIt"), finishedSuccessfully()))
        .haveExactly(
            1,
            event(
                test("itCrashesLater"),
                finishedWithFailure(
                    instanceOf(AssertionError.class),
                    message(m -> m.startsWith("process \"worker\" crashed during this test")))));
    results.containerEvents().assertStatistics(stats -> stats.failed(0));
    // Restarted and killed in the same test: each repetition saw its own crash.
    assertThat(RestartedByATest.seen).hasSize(10).containsOnly(1);
  }

  @Test
  void failOnCrashFalseOnlyReportsCrashes() {
    EngineExecutionResults results = TestKit.run(NotFailing.class);

    results.testEvents().assertStatistics(stats -> stats.started(1).succeeded(1));
    assertThat(NotFailing.seen).containsExactly(1);
  }

  @Test
  void aCleanupProcessThatFailsWhileTheEnvironmentStopsFailsTheClass() {
    EngineExecutionResults results = TestKit.run(FailingCleanup.class);

    assertOnlyTheClassFailed(
        results,
        FailingCleanup.class,
        m ->
            m.startsWith(
                    "process \"backup\" crashed outside of the tests of"
                        + " FailOnCrashTest$FailingCleanup (while the environment started or"
                        + " stopped, in @BeforeAll or @AfterAll, or between tests); if that is"
                        + " expected, mark the class"
                        + " @AllowCrash(\"backup\"). 1 crash report:\n")
                && m.contains("CLEANUP_FAILED, exit code 2")
                && m.contains("| backup failed"));
  }

  @Test
  void aCrashInBeforeAllFailsTheClassNotItsTests() {
    EngineExecutionResults results = TestKit.run(CrashInBeforeAll.class);

    assertOnlyTheClassFailed(
        results,
        CrashInBeforeAll.class,
        m ->
            m.startsWith(
                    "process \"api\" crashed outside of the tests of"
                        + " FailOnCrashTest$CrashInBeforeAll")
                && m.contains("exit code 9"));
  }

  @Test
  void aCrashWhileTheEnvironmentStartsFailsTheClassThatStartedIt() throws Exception {
    java.nio.file.Files.deleteIfExists(java.nio.file.Path.of(CrashWhileStarting.MARKER));
    EngineExecutionResults results = TestKit.run(CrashWhileStarting.class);

    assertOnlyTheClassFailed(
        results,
        CrashWhileStarting.class,
        m ->
            m.startsWith(
                    "process \"db\" crashed outside of the tests of"
                        + " FailOnCrashTest$CrashWhileStarting (while the environment started")
                && m.contains("exit code 4"));
    java.nio.file.Files.deleteIfExists(java.nio.file.Path.of(CrashWhileStarting.MARKER));
  }

  /**
   * Its one test passed, and the class failed with an {@code AssertionError} whose message is so.
   */
  private static void assertOnlyTheClassFailed(
      EngineExecutionResults results,
      Class<?> testClass,
      java.util.function.Predicate<String> message) {
    results.testEvents().assertStatistics(stats -> stats.started(1).succeeded(1));
    results
        .containerEvents()
        .assertThatEvents()
        .haveExactly(
            1,
            event(
                container(testClass),
                finishedWithFailure(instanceOf(AssertionError.class), message(message))));
  }

  @Test
  void aCrashOfTheEnclosingEnvironmentFailsTheTestOfANestedClassWithItsOwnDuringWhichItHappened() {
    // The enclosing environment had no test open: its crash was "outside of the tests" of the
    // enclosing class, which it failed, and the failed test's logs left out its processes.
    EngineExecutionResults results = TestKit.run(EnclosingCrashes.class);

    results
        .testEvents()
        .assertThatEvents()
        .haveExactly(
            1,
            event(
                test("crashesTheEnclosingWorker"),
                finishedWithFailure(
                    instanceOf(AssertionError.class),
                    message(
                        m ->
                            m.startsWith(
                                    "process \"worker\" crashed during this test, in the"
                                        + " environment of FailOnCrashTest$EnclosingCrashes; if"
                                        + " that is expected, mark the test"
                                        + " @AllowCrash(\"worker\").")
                                && m.contains("exit code 3")))))
        .haveExactly(1, event(test("allowsIt"), finishedSuccessfully()));
    results.containerEvents().assertStatistics(stats -> stats.failed(0));
    assertThat(
            results.allEvents().stream()
                .filter(e -> e.getType() == EventType.REPORTING_ENTRY_PUBLISHED)
                .flatMap(
                    e ->
                        e
                            .getRequiredPayload(ReportEntry.class)
                            .getKeyValuePairs()
                            .keySet()
                            .stream()))
        .containsExactlyInAnyOrder("ovrseer.log.api", "ovrseer.log.worker");
  }

  @Test
  void aCrashOutsideTheTestsOfANestedClassIsThatClasssAndItsAllowCrashCoversIt() {
    // It failed the enclosing class ("crashed outside of the tests of ..$CrashInNestedBeforeAll"),
    // whatever @AllowCrash the nested class had: the nested class opened no sink of its own.
    EngineExecutionResults allowed = TestKit.run(CrashInNestedBeforeAll.class);

    allowed.testEvents().assertStatistics(stats -> stats.started(2).succeeded(2));
    allowed.containerEvents().assertStatistics(stats -> stats.failed(0));

    EngineExecutionResults notAllowed = TestKit.run(CrashInNestedBeforeAllNotAllowed.class);

    notAllowed.testEvents().assertStatistics(stats -> stats.started(2).succeeded(2));
    notAllowed
        .containerEvents()
        .assertThatEvents()
        .haveExactly(
            1,
            event(
                container("nested-class:Inner"),
                finishedWithFailure(
                    instanceOf(AssertionError.class),
                    message(
                        m ->
                            m.startsWith(
                                    "process \"api\" crashed outside of the tests of Inner (in its"
                                        + " @BeforeAll or @AfterAll, or between its tests), in the"
                                        + " environment of"
                                        + " FailOnCrashTest$CrashInNestedBeforeAllNotAllowed; if"
                                        + " that is expected, mark the class"
                                        + " @AllowCrash(\"api\"). 1 crash report:\n")
                                && m.contains("exit code 9")))))
        .haveExactly(
            1, event(container(CrashInNestedBeforeAllNotAllowed.class), finishedSuccessfully()));

    // The same for a nested class with an environment of its own: the enclosing one's crash.
    EngineExecutionResults ownEnvironment = TestKit.run(CrashInBeforeAllOfNestedWithItsOwn.class);

    ownEnvironment.testEvents().assertStatistics(stats -> stats.started(2).succeeded(2));
    ownEnvironment.containerEvents().assertStatistics(stats -> stats.failed(0));
    EngineExecutionResults perMethod = TestKit.run(CrashInBeforeAllOfNestedWithItsOwnPerTest.class);
    perMethod.testEvents().assertStatistics(stats -> stats.started(2).succeeded(2));
    perMethod.containerEvents().assertStatistics(stats -> stats.failed(0));
  }

  @Test
  void aCrashOutsideTheTestsOfANestedClassWithItsOwnEnvironmentSaysWhichEnvironmentItWasOf() {
    // Both environments have a "worker": the message said "(while the environment started or
    // stopped, ...)" without saying whose worker crashed.
    EngineExecutionResults results =
        TestKit.run(CrashInBeforeAllOfNestedWithItsOwnNotAllowed.class);

    results.testEvents().assertStatistics(stats -> stats.started(2).succeeded(2));
    results
        .containerEvents()
        .assertThatEvents()
        .haveExactly(
            1,
            event(
                container("nested-class:Inner"),
                finishedWithFailure(
                    instanceOf(AssertionError.class),
                    message(
                        m ->
                            m.startsWith(
                                    "process \"worker\" crashed outside of the tests of Inner (in"
                                        + " its @BeforeAll or @AfterAll, while its own environment"
                                        + " started or stopped, or between its tests), in the"
                                        + " environment of"
                                        + " FailOnCrashTest$CrashInBeforeAllOfNestedWithItsOwnNotAllowed;"
                                        + " if that is expected, mark the class"
                                        + " @AllowCrash(\"worker\"). 1 crash report:\n")
                                && m.contains("exit code 7")))))
        .haveExactly(
            1,
            event(
                container(CrashInBeforeAllOfNestedWithItsOwnNotAllowed.class),
                finishedSuccessfully()));
  }

  @Test
  void aFailingCleanupOfTheOwnEnvironmentOfANestedClassSaysItIsItsOwn() {
    EngineExecutionResults results = TestKit.run(FailingCleanupOfNestedWithItsOwn.class);

    results.testEvents().assertStatistics(stats -> stats.started(2).succeeded(2));
    results
        .containerEvents()
        .assertThatEvents()
        .haveExactly(
            1,
            event(
                container("nested-class:Inner"),
                finishedWithFailure(
                    instanceOf(AssertionError.class),
                    message(
                        m ->
                            m.startsWith(
                                    "process \"backup\" crashed outside of the tests of Inner"
                                        + " (in its @BeforeAll or @AfterAll, while its own"
                                        + " environment started or stopped, or between its tests),"
                                        + " in the environment of Inner; if that is expected, mark"
                                        + " the class"
                                        + " @AllowCrash(\"backup\").")
                                && m.contains("CLEANUP_FAILED, exit code 2")))))
        .haveExactly(
            1, event(container(FailingCleanupOfNestedWithItsOwn.class), finishedSuccessfully()));
  }

  @Test
  void allowCrashOnTheClassCoversItsTestsAndTheCrashesOutsideThem() {
    EngineExecutionResults results = TestKit.run(AllowedOnClass.class);

    results.testEvents().assertStatistics(stats -> stats.started(1).succeeded(1));
    results.containerEvents().assertStatistics(stats -> stats.failed(0));
  }

  @Test
  void aSharedEnvironmentsFailingCleanupAtTheEndOfTheRunFailsTheRun() {
    TestKit.Captured run = TestKit.runCapturing(FailingCleanupGlobal.class);

    run.results().testEvents().assertStatistics(stats -> stats.started(1).succeeded(1));
    run.results()
        .containerEvents()
        .assertThatEvents()
        .haveExactly(
            1,
            event(
                org.junit.platform.testkit.engine.EventConditions.engine(),
                finishedWithFailure(
                    instanceOf(AssertionError.class),
                    message(
                        m ->
                            m.startsWith(
                                    "process \"backup\" crashed after the last test using the"
                                        + " environment ")
                                && m.contains(" [api, backup] of FailingCleanupGlobal;")))));
    assertThat(run.err())
        .contains("ovrseer: process \"backup\" crashed after the last test using the environment");

    EngineExecutionResults allowed = TestKit.run(FailingCleanupGlobalAllowed.class);
    allowed.containerEvents().assertStatistics(stats -> stats.failed(0));
  }

  @Test
  void withMethodScopeACleanupFailureFailsTheTestItBelongsTo() {
    EngineExecutionResults results = TestKit.run(FailingCleanupPerMethod.class);

    results
        .testEvents()
        .assertThatEvents()
        .haveExactly(
            1,
            event(
                test("test"),
                finishedWithFailure(
                    instanceOf(AssertionError.class),
                    message(
                        m ->
                            m.startsWith("process \"backup\" crashed during this test")
                                && m.contains("CLEANUP_FAILED")))));
  }

  /**
   * Makes {@code unit} exit with {@code code} after saying {@code last}, and waits for its restart.
   */
  static void crashAndAwaitRestart(ProcessUnit unit, Runnable crash) {
    long pid = unit.getPid().orElseThrow();
    crash.run();
    await("restart of " + unit.command())
        .atMost(Duration.ofSeconds(20))
        .until(() -> unit.getState() == ProcessState.READY && unit.getPid().orElse(pid) != pid);
  }

  static Runnable exit(ProcessUnit unit, int code) {
    return () -> {
      unit.sendStdin("say about to exit " + code);
      unit.sendStdin("exit " + code);
    };
  }

  @OnlyInTestKit
  @OvrseerEnvironment(retries = 5, retryDelay = "50ms")
  @MainProcess(
      id = "api",
      command = {"${java}", "-cp", "${classpath}", CONTROLLED, "api up"},
      ready = @Ready(log = "api up", timeout = "20s"))
  @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
  static class Crashing {
    static final List<CrashReport> allowedReports = Collections.synchronizedList(new ArrayList<>());

    @Test
    @Order(1)
    void crashWithoutAllowance(@ProcessId("api") ProcessUnit api) {
      crashAndAwaitRestart(api, exit(api, 3));
    }

    @Test
    @Order(2)
    @AllowCrash("api")
    void crashAllowedForThisProcess(@ProcessId("api") ProcessUnit api, List<CrashReport> crashes) {
      crashAndAwaitRestart(api, exit(api, 7));
      allowedReports.addAll(crashes);
    }

    @Test
    @Order(3)
    @AllowCrash("db")
    void crashAllowedForAnotherProcessOnly(@ProcessId("api") ProcessUnit api) {
      crashAndAwaitRestart(
          api, () -> ProcessHandle.of(api.getPid().orElseThrow()).orElseThrow().destroyForcibly());
    }

    @Test
    @Order(4)
    void laterTestDoesNotInheritEarlierCrashes(
        @ProcessId("api") ProcessUnit api, List<CrashReport> crashes) {
      assertThat(api.getState()).isEqualTo(ProcessState.READY);
      assertThat(crashes).isEmpty();
    }
  }

  @OnlyInTestKit
  @OvrseerEnvironment(retries = 5, retryDelay = "50ms")
  @Dependency(
      id = "worker",
      command = {"${java}", "-cp", "${classpath}", CONTROLLED, "worker up"},
      ready = @Ready(log = "worker up", timeout = "20s"))
  static class EnclosingCrashes {
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
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    class OwnEnvironment {
      @Test
      @Order(1)
      void crashesTheEnclosingWorker() {
        crashAndAwaitRestart(worker, exit(worker, 3));
      }

      @Test
      @Order(2)
      @AllowCrash("worker")
      void allowsIt() {
        crashAndAwaitRestart(worker, exit(worker, 4));
      }
    }
  }

  @OnlyInTestKit
  @OvrseerEnvironment(retries = 20, retryDelay = "50ms")
  @Dependency(
      id = "worker",
      command = {"sleep", "600"})
  static class KilledAndExitAwaited {
    static final List<Integer> seen = Collections.synchronizedList(new ArrayList<>());

    @RepeatedTest(8)
    @AllowCrash("worker")
    void killsAndAwaitsTheExit(@ProcessId("worker") ProcessUnit worker, List<CrashReport> crashes)
        throws Exception {
      // The restart after the previous repetition's kill.
      await().atMost(Duration.ofSeconds(20)).until(() -> worker.getState() == ProcessState.READY);
      ProcessHandle.of(worker.getPid().orElseThrow()).orElseThrow().destroyForcibly();
      worker.exit().get();
      seen.add(crashes.size());
    }
  }

  @OnlyInTestKit
  @OvrseerEnvironment(retries = 30, retryDelay = "50ms")
  @Dependency(
      id = "worker",
      command = {"sleep", "600"})
  @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
  static class RestartedByATest {
    static final List<Integer> seen = Collections.synchronizedList(new ArrayList<>());

    @Test
    @Order(1)
    void restartsIt(@ProcessId("worker") ProcessUnit worker) {
      worker.restart();
      worker.ready().join();
    }

    @Test
    @Order(2)
    void itCrashesLater(@ProcessId("worker") ProcessUnit worker) throws Exception {
      ProcessHandle.of(worker.getPid().orElseThrow()).orElseThrow().destroyForcibly();
      worker.exit().get();
    }

    @RepeatedTest(10)
    @Order(3)
    @AllowCrash("worker")
    void restartsAndKillsIt(@ProcessId("worker") ProcessUnit worker, List<CrashReport> crashes)
        throws Exception {
      await().atMost(Duration.ofSeconds(20)).until(() -> worker.getState() == ProcessState.READY);
      worker.restart();
      ProcessHandle.of(worker.getPid().orElseThrow()).orElseThrow().destroyForcibly();
      worker.exit().get();
      seen.add(crashes.size());
    }
  }

  @OnlyInTestKit
  @OvrseerEnvironment(retryDelay = "50ms", failOnCrash = false)
  @MainProcess(
      id = "api",
      command = {"${java}", "-cp", "${classpath}", CONTROLLED, "api up"},
      ready = @Ready(log = "api up", timeout = "20s"))
  static class NotFailing {
    static final List<Integer> seen = Collections.synchronizedList(new ArrayList<>());

    @Test
    void crashIsOnlyReported(@ProcessId("api") ProcessUnit api, List<CrashReport> crashes) {
      crashAndAwaitRestart(api, exit(api, 3));
      seen.add(crashes.size());
    }
  }

  @OnlyInTestKit
  @OvrseerEnvironment
  @MainProcess(
      id = "backup",
      command = {"${java}", "-cp", "${classpath}", STEPS, "hang"})
  static class FailingCleanupOfNestedWithItsOwn {
    @Test
    void outerTest() {}

    @Nested
    @OvrseerEnvironment(cleanupTimeout = "10s")
    @MainProcess(
        id = "api",
        command = {"${java}", "-cp", "${classpath}", STEPS, "hang"})
    @CleanupProcess(
        id = "backup",
        command = {"${java}", "-cp", "${classpath}", STEPS, "out", "backup failed", "exit", "2"})
    class Inner {
      @Test
      void innerTest() {}
    }
  }

  @OnlyInTestKit
  @OvrseerEnvironment(cleanupTimeout = "10s")
  @MainProcess(
      id = "api",
      command = {"${java}", "-cp", "${classpath}", STEPS, "hang"})
  @CleanupProcess(
      id = "backup",
      command = {"${java}", "-cp", "${classpath}", STEPS, "out", "backup failed", "exit", "2"})
  static class FailingCleanup {
    @Test
    void passes() {}
  }

  @OnlyInTestKit
  @OvrseerEnvironment(retryDelay = "50ms")
  @MainProcess(
      id = "api",
      command = {"${java}", "-cp", "${classpath}", CONTROLLED, "api up"},
      ready = @Ready(log = "api up", timeout = "20s"))
  static class CrashInBeforeAll {
    @BeforeAll
    static void crash(@ProcessId("api") ProcessUnit api) {
      crashAndAwaitRestart(api, exit(api, 9));
    }

    @Test
    void passes(List<CrashReport> crashes) {
      assertThat(crashes).isEmpty();
    }
  }

  @OnlyInTestKit
  @OvrseerEnvironment(retryDelay = "50ms")
  @MainProcess(
      id = "api",
      command = {"${java}", "-cp", "${classpath}", CONTROLLED, "api up"},
      ready = @Ready(log = "api up", timeout = "20s"))
  static class CrashInNestedBeforeAll {
    @Test
    void outerTest() {}

    @Nested
    @AllowCrash("api")
    @TestInstance(Lifecycle.PER_CLASS)
    class Inner {
      @BeforeAll
      void crash(@ProcessId("api") ProcessUnit api) {
        crashAndAwaitRestart(api, exit(api, 9));
      }

      @Test
      void innerTest() {}
    }
  }

  @OnlyInTestKit
  @OvrseerEnvironment(retryDelay = "50ms")
  @MainProcess(
      id = "api",
      command = {"${java}", "-cp", "${classpath}", CONTROLLED, "api up"},
      ready = @Ready(log = "api up", timeout = "20s"))
  static class CrashInNestedBeforeAllNotAllowed {
    @Test
    void outerTest() {}

    @Nested
    @TestInstance(Lifecycle.PER_CLASS)
    class Inner {
      @BeforeAll
      void crash(@ProcessId("api") ProcessUnit api) {
        crashAndAwaitRestart(api, exit(api, 9));
      }

      @Test
      void innerTest() {}
    }
  }

  @OnlyInTestKit
  @OvrseerEnvironment(retryDelay = "50ms")
  @Dependency(
      id = "worker",
      command = {"${java}", "-cp", "${classpath}", CONTROLLED, "worker up"},
      ready = @Ready(log = "worker up", timeout = "20s"))
  static class CrashInBeforeAllOfNestedWithItsOwn {
    static volatile ProcessUnit worker;

    @BeforeAll
    static void keep(@ProcessId("worker") ProcessUnit unit) {
      worker = unit;
    }

    @Test
    void outerTest() {}

    @Nested
    @OvrseerEnvironment
    @MainProcess(
        id = "api",
        command = {"sleep", "600"})
    @AllowCrash("worker")
    @TestInstance(Lifecycle.PER_CLASS)
    class Inner {
      @BeforeAll
      void crash() {
        crashAndAwaitRestart(worker, exit(worker, 7));
      }

      @Test
      void innerTest() {}
    }
  }

  @OnlyInTestKit
  @OvrseerEnvironment(retryDelay = "50ms")
  @Dependency(
      id = "worker",
      command = {"${java}", "-cp", "${classpath}", CONTROLLED, "worker up"},
      ready = @Ready(log = "worker up", timeout = "20s"))
  static class CrashInBeforeAllOfNestedWithItsOwnNotAllowed {
    static volatile ProcessUnit worker;

    @BeforeAll
    static void keep(@ProcessId("worker") ProcessUnit unit) {
      worker = unit;
    }

    @Test
    void outerTest() {}

    @Nested
    @OvrseerEnvironment
    @MainProcess(
        id = "worker",
        command = {"sleep", "600"})
    @TestInstance(Lifecycle.PER_CLASS)
    class Inner {
      @BeforeAll
      void crash() {
        crashAndAwaitRestart(worker, exit(worker, 7));
      }

      @Test
      void innerTest() {}
    }
  }

  @OnlyInTestKit
  @OvrseerEnvironment(retryDelay = "50ms")
  @Dependency(
      id = "worker",
      command = {"${java}", "-cp", "${classpath}", CONTROLLED, "worker up"},
      ready = @Ready(log = "worker up", timeout = "20s"))
  static class CrashInBeforeAllOfNestedWithItsOwnPerTest {
    static volatile ProcessUnit worker;

    @BeforeAll
    static void keep(@ProcessId("worker") ProcessUnit unit) {
      worker = unit;
    }

    @Test
    void outerTest() {}

    @Nested
    @OvrseerEnvironment(scope = Scope.METHOD)
    @MainProcess(
        id = "api",
        command = {"sleep", "600"})
    @AllowCrash("worker")
    @TestInstance(Lifecycle.PER_CLASS)
    class Inner {
      @BeforeAll
      void crash() {
        crashAndAwaitRestart(worker, exit(worker, 7));
      }

      @Test
      void innerTest() {}
    }
  }

  /** A dependency that exits 4 at its first run and is ready at its second. */
  @OnlyInTestKit
  @OvrseerEnvironment(retryDelay = "50ms")
  @Dependency(
      id = "db",
      command = {
        "sh",
        "-c",
        "if [ -f \"$0\" ]; then echo ready; exec sleep 600; fi; touch \"$0\"; exit 4",
        CrashWhileStarting.MARKER
      },
      ready = @Ready(log = "ready", timeout = "20s"))
  static class CrashWhileStarting {
    static final String MARKER = "target/ovrseer-crash-while-starting.marker";

    @Test
    void passes() {}
  }

  @OnlyInTestKit
  @OvrseerEnvironment(retryDelay = "50ms", cleanupTimeout = "10s")
  @MainProcess(
      id = "api",
      command = {"${java}", "-cp", "${classpath}", CONTROLLED, "api up"},
      ready = @Ready(log = "api up", timeout = "20s"))
  @CleanupProcess(
      id = "backup",
      command = {"${java}", "-cp", "${classpath}", STEPS, "out", "backup failed", "exit", "2"})
  @AllowCrash
  static class AllowedOnClass {
    @Test
    void crashes(@ProcessId("api") ProcessUnit api) {
      crashAndAwaitRestart(api, exit(api, 3));
    }
  }

  @OnlyInTestKit
  @OvrseerEnvironment(scope = Scope.GLOBAL, cleanupTimeout = "10s")
  @MainProcess(
      id = "api",
      command = {"${java}", "-cp", "${classpath}", STEPS, "hang"})
  @CleanupProcess(
      id = "backup",
      command = {"${java}", "-cp", "${classpath}", STEPS, "out", "backup failed", "exit", "2"})
  static class FailingCleanupGlobal {
    @Test
    void passes() {}
  }

  @OnlyInTestKit
  @OvrseerEnvironment(scope = Scope.GLOBAL, cleanupTimeout = "10s")
  @MainProcess(
      id = "api",
      command = {"${java}", "-cp", "${classpath}", STEPS, "hang"})
  @CleanupProcess(
      id = "backup",
      command = {"${java}", "-cp", "${classpath}", STEPS, "out", "backup failed", "exit", "2"})
  @AllowCrash("backup")
  static class FailingCleanupGlobalAllowed {
    @Test
    void passes() {}
  }

  @OnlyInTestKit
  @OvrseerEnvironment(scope = Scope.METHOD, cleanupTimeout = "10s")
  @MainProcess(
      id = "api",
      command = {"${java}", "-cp", "${classpath}", STEPS, "hang"})
  @CleanupProcess(
      id = "backup",
      command = {"${java}", "-cp", "${classpath}", STEPS, "out", "backup failed", "exit", "2"})
  static class FailingCleanupPerMethod {
    @Test
    void test() {}
  }
}
