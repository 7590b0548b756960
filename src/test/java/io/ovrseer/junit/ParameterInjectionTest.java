package io.ovrseer.junit;

import static io.ovrseer.junit.TestKit.STEPS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.testkit.engine.EventConditions.container;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedSuccessfully;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import io.ovrseer.Ovrseer;
import io.ovrseer.ProcessType;
import io.ovrseer.crash.CrashReport;
import io.ovrseer.junit.OvrseerEnvironment.Scope;
import io.ovrseer.process.ProcessUnit;
import io.ovrseer.services.PostgresProcess;
import io.ovrseer.testing.NoLeftoverProcesses;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/**
 * Requirement 4: Ovrseer, @ProcessId ProcessUnit, @Port int/Integer and List<CrashReport>
 * parameters.
 */
@ExtendWith(NoLeftoverProcesses.class)
class ParameterInjectionTest {

  @Test
  void anIntWithoutPortOfAComposedTestAnnotationsTestIsExplainedToo() {
    // It got JUnit's "No ParameterResolver registered for parameter [int arg0]": only a method
    // annotated @Test itself was recognised, not one with a composed annotation that holds it.
    TestKit.run(Injected.class)
        .testEvents()
        .assertThatEvents()
        .haveExactly(
            1,
            event(
                test("portWithoutPortInAComposedTest"),
                finishedWithFailure(
                    instanceOf(ParameterResolutionException.class),
                    message(
                        m ->
                            m.endsWith(
                                "of portWithoutPortInAComposedTest() needs @Port(\"NAME\") to say"
                                    + " which port; known: [api, db]")))));
  }

  @Test
  void injectsTheEnvironmentItsProcessesPortsAndCrashReports() {
    EngineExecutionResults results = TestKit.run(Injected.class);

    results
        .testEvents()
        .assertThatEvents()
        .haveExactly(1, event(test("everyKind"), finishedSuccessfully()))
        .haveExactly(
            1,
            event(
                test("unknownProcessId"),
                finishedWithFailure(
                    instanceOf(ParameterResolutionException.class),
                    message(
                        "@ProcessId [apy] names no process; did you mean [api]? known: [api,"
                            + " db]"))))
        .haveExactly(
            1,
            event(
                test("unknownPort"),
                finishedWithFailure(
                    instanceOf(ParameterResolutionException.class),
                    message("@Port [nope] names no port of this environment; known: [api, db]"))))
        .haveExactly(
            1,
            event(
                test("unitWithoutProcessId"),
                finishedWithFailure(
                    instanceOf(ParameterResolutionException.class),
                    message(
                        m ->
                            m.startsWith("parameter [io.ovrseer.process.ProcessUnit ")
                                && m.endsWith(
                                    "of unitWithoutProcessId() needs @ProcessId(\"ID\") to say"
                                        + " which process; known: [api, db]")))))
        .haveExactly(
            1,
            event(
                test("portWithoutPort"),
                finishedWithFailure(
                    instanceOf(ParameterResolutionException.class),
                    message(
                        m ->
                            m.endsWith(
                                "of portWithoutPort() needs @Port(\"NAME\") to say which port;"
                                    + " known: [api, db]")))))
        .haveExactly(
            1,
            event(
                test("portOfAnotherType"),
                finishedWithFailure(
                    instanceOf(ParameterResolutionException.class),
                    message(
                        m ->
                            m.startsWith("parameter [long ")
                                && m.endsWith(
                                    "of portOfAnotherType(): @Port gives an int: declare it int or"
                                        + " Integer")))))
        .haveExactly(
            1,
            event(
                test("processIdOnAnotherType"),
                finishedWithFailure(
                    instanceOf(ParameterResolutionException.class),
                    message(
                        m ->
                            m.startsWith("parameter [java.lang.Process ")
                                && m.endsWith(
                                    "of processIdOnAnotherType(): @ProcessId gives a ProcessUnit:"
                                        + " declare it ProcessUnit (or a service's own type, such"
                                        + " as PostgresProcess)")))))
        .haveExactly(
            1,
            event(
                test("plainProcessAsAService"),
                finishedWithFailure(
                    instanceOf(ParameterResolutionException.class),
                    message("@ProcessId [db] is a ProcessUnit, not a PostgresProcess"))));
    results.containerEvents().assertStatistics(stats -> stats.failed(0));
    assertThat(Injected.beforeAllSawRunning).isTrue();
  }

  @Test
  void aParameterAnotherExtensionResolvesIsLeftToIt() {
    TestKit.assertSucceeded(TestKit.run(WithAnotherResolver.class));

    assertThat(WithAnotherResolver.seen).containsExactly(4, 4);
  }

  @Test
  void crashReportsBelongToOneTest() {
    EngineExecutionResults results = TestKit.run(CrashReportsInBeforeAll.class);

    results
        .containerEvents()
        .assertThatEvents()
        .haveExactly(
            1,
            event(
                container(CrashReportsInBeforeAll.class),
                finishedWithFailure(
                    instanceOf(ParameterResolutionException.class),
                    message(
                        m ->
                            m.startsWith(
                                "List<CrashReport> holds the crash reports of one test: declare it"
                                    + " on a test method")))));
  }

  @Test
  void withMethodScopeThereIsNoEnvironmentInBeforeAll() {
    EngineExecutionResults results = TestKit.run(MethodScopeBeforeAll.class);

    results
        .containerEvents()
        .assertThatEvents()
        .haveExactly(
            1,
            event(
                container(MethodScopeBeforeAll.class),
                finishedWithFailure(
                    instanceOf(ParameterResolutionException.class),
                    message(
                        m ->
                            m.contains("no Ovrseer environment is running")
                                && m.contains(
                                    "with scope METHOD an environment exists only for each"
                                        + " test")))));
  }

  @Test
  void aNestedClassWithItsOwnEnvironmentHasItsOwnPortsAndReachesTheEnclosingOnesAsProperties() {
    TestKit.assertSucceeded(TestKit.run(EnclosingPorts.class));
  }

  @Test
  void aNestedClassWithItsOwnEnvironmentAskingForAnEnclosingProcessOrPortIsToldWhoseTheyAre() {
    EngineExecutionResults results = TestKit.run(AsksTheEnclosingOnes.class);

    results
        .testEvents()
        .assertThatEvents()
        .haveExactly(
            1,
            event(
                test("process"),
                finishedWithFailure(
                    instanceOf(ParameterResolutionException.class),
                    message(
                        m ->
                            m.startsWith("@ProcessId [db] names no process; known: [client]")
                                && m.contains(
                                    "[db] is a process of the environment of the enclosing"
                                        + " class AsksTheEnclosingOnes")))))
        .haveExactly(
            1,
            event(
                test("port"),
                finishedWithFailure(
                    instanceOf(ParameterResolutionException.class),
                    message(
                        m ->
                            m.startsWith(
                                    "@Port [db] names no port of this environment; known:"
                                        + " [client]")
                                && m.contains(
                                    "[db] is a port of the environment of the enclosing class"
                                        + " AsksTheEnclosingOnes")))));
  }

  @OnlyInTestKit
  @OvrseerEnvironment
  @Dependency(
      id = "db",
      command = {"sh", "-c", "exec sleep 600", "db", "${port:db}"})
  static class AsksTheEnclosingOnes {
    @Nested
    @OvrseerEnvironment
    @Dependency(
        id = "client",
        command = {"sh", "-c", "exec sleep 600", "client", "${port:client}"})
    class Own {
      @Test
      void process(@ProcessId("db") ProcessUnit db) {}

      @Test
      void port(@Port("db") int db) {}
    }
  }

  @Test
  void withMethodScopeThereIsNoEnvironmentInTheConstructor() {
    TestKit.run(MethodScopeConstructor.class)
        .testEvents()
        .assertThatEvents()
        .haveExactly(
            1,
            event(
                test("test"),
                finishedWithFailure(
                    instanceOf(ParameterResolutionException.class),
                    message(
                        m ->
                            m.contains("no Ovrseer environment is running")
                                && m.contains("MethodScopeConstructor(int)")
                                && m.contains(
                                    "with scope METHOD an environment exists only for each"
                                        + " test")))));
  }

  @OnlyInTestKit
  @OvrseerEnvironment
  @MainProcess(
      id = "api",
      command = {"sh", "-c", "exec sleep 600", "api", "${port:api}"})
  static class EnclosingPorts {
    final int apiPort;

    EnclosingPorts(@Port("api") int apiPort) {
      this.apiPort = apiPort;
    }

    @Nested
    @OvrseerEnvironment
    @MainProcess(
        id = "client",
        command = {
          "sh",
          "-c",
          "exec sleep 600",
          "client",
          "${port:api}",
          "${sys:ovrseer.port.api}"
        })
    class Own {
      @Test
      void test(@ProcessId("client") ProcessUnit client, @Port("api") int ownApiPort) {
        assertThat(client.args())
            .containsExactly(
                "-c",
                "exec sleep 600",
                "client",
                String.valueOf(ownApiPort),
                String.valueOf(apiPort));
        assertThat(ownApiPort).isNotEqualTo(apiPort);
      }
    }
  }

  @OnlyInTestKit
  @OvrseerEnvironment(scope = Scope.METHOD)
  @MainProcess(
      id = "api",
      command = {"sh", "-c", "exec sleep 600", "api", "${port:api}"})
  static class MethodScopeConstructor {
    MethodScopeConstructor(@Port("api") int apiPort) {}

    @Test
    void test() {}
  }

  @OnlyInTestKit
  @OvrseerEnvironment
  @Dependency(
      id = "db",
      command = {"${java}", "-cp", "${classpath}", STEPS, "out", "db ${port:db}", "hang"})
  @MainProcess(
      id = "api",
      command = {"${java}", "-cp", "${classpath}", STEPS, "out", "api ${port:api}", "hang"})
  static class Injected {
    static boolean beforeAllSawRunning;

    @BeforeAll
    static void beforeAll(Ovrseer ovrseer) {
      beforeAllSawRunning = ovrseer.isRunning();
    }

    @Test
    void everyKind(
        Ovrseer ovrseer,
        @ProcessId("db") ProcessUnit db,
        @ProcessId("api") ProcessUnit api,
        @Port("db") int dbPort,
        @Port("api") Integer apiPort,
        List<CrashReport> crashes) {
      assertThat(ovrseer.getProcess("db", ProcessType.DEPENDENCY)).containsSame(db);
      assertThat(ovrseer.getProcess("api", ProcessType.MAIN)).containsSame(api);
      assertThat(db.args()).contains("db " + dbPort);
      assertThat(api.args()).contains("api " + apiPort);
      assertThat(crashes).isEmpty();
    }

    @Test
    void unknownProcessId(@ProcessId("apy") ProcessUnit api) {}

    @Test
    void unknownPort(@Port("nope") int port) {}

    @Test
    void unitWithoutProcessId(ProcessUnit api) {}

    @Test
    void portWithoutPort(int apiPort) {}

    @ComposedTest
    void portWithoutPortInAComposedTest(int apiPort) {}

    @Test
    void portOfAnotherType(@Port("api") long apiPort) {}

    @Test
    void processIdOnAnotherType(@ProcessId("api") Process api) {}

    @Test
    void plainProcessAsAService(@ProcessId("db") PostgresProcess db) {}
  }

  /** A test annotation of the user's own, as JUnit's guide shows composed annotations. */
  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.METHOD)
  @Test
  @interface ComposedTest {}

  /** A parameter annotation of another extension, as JUnit's guide shows with {@code @Random}. */
  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.PARAMETER)
  @interface Random {}

  /** Resolves every {@code @Random} parameter to 4. */
  static final class RandomResolver implements ParameterResolver {
    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
      return parameter.isAnnotated(Random.class);
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
      return 4;
    }
  }

  @OnlyInTestKit
  @OvrseerEnvironment
  @ExtendWith(RandomResolver.class)
  @Dependency(
      id = "db",
      command = {"${java}", "-cp", "${classpath}", STEPS, "hang"})
  static class WithAnotherResolver {
    static final List<Object> seen = new java.util.concurrent.CopyOnWriteArrayList<>();

    @Test
    void anInt(@Random int seed, @ProcessId("db") ProcessUnit db) {
      seen.add(seed);
    }

    @Test
    void anInteger(@Random Integer seed, Ovrseer ovrseer) {
      seen.add(seed);
    }
  }

  @OnlyInTestKit
  @OvrseerEnvironment
  @MainProcess(
      id = "api",
      command = {"${java}", "-cp", "${classpath}", STEPS, "hang"})
  static class CrashReportsInBeforeAll {
    @BeforeAll
    static void beforeAll(List<CrashReport> crashes) {}

    @Test
    void test() {}
  }

  @OnlyInTestKit
  @OvrseerEnvironment(scope = Scope.METHOD)
  @MainProcess(
      id = "api",
      command = {"${java}", "-cp", "${classpath}", STEPS, "hang"})
  static class MethodScopeBeforeAll {
    @BeforeAll
    static void beforeAll(Ovrseer ovrseer) {}

    @Test
    void test() {}
  }
}
