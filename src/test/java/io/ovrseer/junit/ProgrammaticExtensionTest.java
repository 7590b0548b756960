package io.ovrseer.junit;

import static io.ovrseer.junit.FailOnCrashTest.crashAndAwaitRestart;
import static io.ovrseer.junit.FailOnCrashTest.exit;
import static io.ovrseer.junit.TestKit.CONTROLLED;
import static io.ovrseer.junit.TestKit.STEPS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.platform.testkit.engine.EventConditions.container;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedSuccessfully;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import io.ovrseer.Ovrseer;
import io.ovrseer.crash.CrashReport;
import io.ovrseer.junit.OvrseerEnvironment.Scope;
import io.ovrseer.process.ProcessState;
import io.ovrseer.process.ProcessUnit;
import io.ovrseer.process.ReadyCheck;
import io.ovrseer.spec.Ports;
import io.ovrseer.testing.NoLeftoverProcesses;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/** Requirement 9: a registered, built OvrseerExtension behaves as the annotations do. */
@ExtendWith(NoLeftoverProcesses.class)
class ProgrammaticExtensionTest {
  static final Map<String, Long> PIDS = new ConcurrentHashMap<>();

  @Test
  void aBuiltEnvironmentStartsInjectsFailsOnCrashesAndStops() {
    TestKit.Captured run = TestKit.runCapturing(Built.class);

    run.results()
        .testEvents()
        .assertThatEvents()
        .haveExactly(1, event(test("injectsWhatTheBuilderDeclared"), finishedSuccessfully()))
        .haveExactly(
            1,
            event(
                test("crashFailsTheTest"),
                finishedWithFailure(
                    instanceOf(AssertionError.class),
                    message(
                        m ->
                            m.startsWith("process \"api\" crashed during this test;")
                                && m.contains("exit code 5")))))
        .haveExactly(1, event(test("allowedCrash"), finishedSuccessfully()))
        .haveExactly(1, event(test("nestedClassesShareTheEnvironment"), finishedSuccessfully()));
    run.results().containerEvents().assertStatistics(stats -> stats.failed(0));
    assertThat(PIDS.get("nested")).isEqualTo(PIDS.get("db"));
    assertThat(run.out())
        .containsOnlyOnce("[db, api, backup] of Built ready")
        .contains("[db, api, backup] of Built stopped", "(cleanup: backup completed)");
  }

  @Test
  void classesRegisteringTheSameGlobalInstanceShareOneEnvironment() {
    TestKit.assertSucceeded(TestKit.run(GlobalA.class, GlobalB.class));

    assertThat(PIDS.get("GlobalA")).isEqualTo(PIDS.get("GlobalB"));
  }

  @Test
  void builderMistakesFailTheClassAsAnnotationMistakesDo() {
    EngineExecutionResults duplicate = TestKit.run(DuplicateId.class);
    duplicate
        .containerEvents()
        .assertThatEvents()
        .haveExactly(
            1,
            event(
                container(DuplicateId.class),
                finishedWithFailure(
                    instanceOf(ExtensionConfigurationException.class),
                    message(
                        "mainProcess(\"db\") [db] is declared twice; ids must be unique across"
                            + " setup, dependencies, main and cleanup processes"))));

    EngineExecutionResults throwing = TestKit.run(ThrowingFactory.class);
    throwing
        .containerEvents()
        .assertThatEvents()
        .haveExactly(
            1,
            event(
                container(ThrowingFactory.class),
                finishedWithFailure(
                    instanceOf(ExtensionConfigurationException.class),
                    message(
                        "mainProcess(\"api\") could not be built: readiness URL [localhost:80] must"
                            + " be an absolute http:// or https:// URL with a host"))));

    EngineExecutionResults unknown = TestKit.run(UnknownDependsOn.class);
    unknown
        .containerEvents()
        .assertThatEvents()
        .haveExactly(
            1,
            event(
                container(UnknownDependsOn.class),
                finishedWithFailure(
                    instanceOf(ExtensionConfigurationException.class),
                    message(
                        "mainProcess(\"api\").dependsOn [dbb] names no process; did you mean"
                            + " [db]? known: [api, db]"))));
  }

  @Test
  void builderDurationsLongerThanAYearAreRejectedAsInTheAnnotationsAndYaml() {
    // ChronoUnit.FOREVER as "no limit" made the cleanup phase overflow its deadline: the class
    // failed with 'cleanup process "c" could not be spawned: long overflow', though it ran.
    Duration forever = ChronoUnit.FOREVER.getDuration();
    OvrseerExtension.Builder builder = OvrseerExtension.builder();

    assertThatThrownBy(() -> builder.cleanupTimeout(forever))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("cleanupTimeout must be 8760h (365 days) or shorter but was " + forever);
    assertThatThrownBy(() -> builder.retryDelay(Duration.ofDays(366)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("retryDelay must be 8760h (365 days) or shorter but was PT8784H");
    assertThatThrownBy(() -> builder.setupProcess("init", forever, ports -> null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("timeout must be 8760h (365 days) or shorter but was " + forever);
    builder.cleanupTimeout(Duration.ofDays(365)).retryDelay(Duration.ofDays(365));
  }

  static ProcessUnit.Builder java(Ports ports, String mainClass, String... args) {
    return ProcessUnit.builder(
            ports.resolve("${java}"), "-cp", ports.resolve("${classpath}"), mainClass)
        .args(args);
  }

  @OnlyInTestKit
  @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
  static class Built {
    @RegisterExtension
    static final OvrseerExtension OVRSEER =
        OvrseerExtension.builder()
            .retries(3)
            .retryDelay(Duration.ofMillis(50))
            .cleanupTimeout(Duration.ofSeconds(10))
            .dependency(
                "db",
                ports ->
                    java(ports, STEPS, "listen", String.valueOf(ports.get("db")))
                        .readyCheck(ReadyCheck.tcpPort(ports.get("db"), Duration.ofSeconds(20)))
                        .build())
            .mainProcess(
                "api",
                ports ->
                    java(ports, CONTROLLED, "api up", "db at " + ports.get("db"))
                        .readyCheck(ReadyCheck.logPattern("api up", Duration.ofSeconds(20)))
                        .build())
            .cleanupProcess("backup", ports -> java(ports, STEPS, "out", "backed up").build())
            .build();

    @Test
    @Order(1)
    void injectsWhatTheBuilderDeclared(
        Ovrseer ovrseer,
        @ProcessId("api") ProcessUnit api,
        @Port("db") int db,
        List<CrashReport> crashes) {
      assertThat(ovrseer.isRunning()).isTrue();
      assertThat(api.getState()).isEqualTo(ProcessState.READY);
      // Printed after the readiness condition holds: it may still be on its way.
      org.awaitility.Awaitility.await().until(() -> api.logger().getLogs().contains("db at " + db));
      assertThat(System.getProperty("ovrseer.port.db")).isEqualTo(String.valueOf(db));
      assertThat(crashes).isEmpty();
      PIDS.put("db", ovrseer.getProcess("db").orElseThrow().getPid().orElseThrow());
    }

    @Test
    @Order(2)
    void crashFailsTheTest(@ProcessId("api") ProcessUnit api) {
      crashAndAwaitRestart(api, exit(api, 5));
    }

    @Test
    @Order(3)
    @AllowCrash("api")
    void allowedCrash(@ProcessId("api") ProcessUnit api, List<CrashReport> crashes) {
      crashAndAwaitRestart(api, exit(api, 6));
      assertThat(crashes).singleElement().extracting(CrashReport::exitCode).isEqualTo(6);
    }

    @Nested
    class Inner {
      @Test
      void nestedClassesShareTheEnvironment(@ProcessId("db") ProcessUnit db) {
        PIDS.put("nested", db.getPid().orElseThrow());
      }
    }
  }

  static final OvrseerExtension SHARED =
      OvrseerExtension.builder()
          .scope(Scope.GLOBAL)
          .mainProcess("shared", ports -> java(ports, STEPS, "hang").build())
          .build();

  @OnlyInTestKit
  static class GlobalA {
    @RegisterExtension static final OvrseerExtension OVRSEER = SHARED;

    @Test
    void recordsPid(@ProcessId("shared") ProcessUnit shared) {
      PIDS.put("GlobalA", shared.getPid().orElseThrow());
    }
  }

  @OnlyInTestKit
  static class GlobalB {
    @RegisterExtension static final OvrseerExtension OVRSEER = SHARED;

    @Test
    void recordsPid(@ProcessId("shared") ProcessUnit shared) {
      PIDS.put("GlobalB", shared.getPid().orElseThrow());
    }
  }

  @OnlyInTestKit
  static class DuplicateId {
    @RegisterExtension
    static final OvrseerExtension OVRSEER =
        OvrseerExtension.builder()
            .dependency("db", ports -> ProcessUnit.builder("db").build())
            .mainProcess("db", ports -> ProcessUnit.builder("api").build())
            .build();

    @Test
    void t() {}
  }

  @OnlyInTestKit
  static class UnknownDependsOn {
    @RegisterExtension
    static final OvrseerExtension OVRSEER =
        OvrseerExtension.builder()
            .dependency("db", ports -> ProcessUnit.builder("db").build())
            .mainProcess("api", ports -> ProcessUnit.builder("api").dependsOn("dbb").build())
            .build();

    @Test
    void t() {}
  }

  @OnlyInTestKit
  static class ThrowingFactory {
    @RegisterExtension
    static final OvrseerExtension OVRSEER =
        OvrseerExtension.builder()
            .mainProcess(
                "api",
                ports ->
                    ProcessUnit.builder("api")
                        .readyCheck(ReadyCheck.http("localhost:80", Duration.ofSeconds(1)))
                        .build())
            .build();

    @Test
    void t() {}
  }
}
