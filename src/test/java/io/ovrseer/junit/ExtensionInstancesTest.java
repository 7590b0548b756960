package io.ovrseer.junit;

import static io.ovrseer.junit.TestKit.STEPS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.testkit.engine.EventConditions.container;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import io.ovrseer.Ovrseer;
import io.ovrseer.junit.OvrseerEnvironment.Scope;
import io.ovrseer.process.ProcessUnit;
import io.ovrseer.testing.NoLeftoverProcesses;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/**
 * More than one {@link OvrseerExtension} instance for a class: a {@code @Nested} class's own
 * environment, registered otherwise than its enclosing class's, and two declarations on one class.
 */
@ExtendWith(NoLeftoverProcesses.class)
class ExtensionInstancesTest {
  static final Map<String, Set<String>> SEEN = new ConcurrentHashMap<>();

  @Test
  void aNestedClassesOwnAnnotationsStartItsEnvironmentUnderARegisteredExtension() {
    TestKit.assertSucceeded(TestKit.run(RegisteredOuter.class));

    assertThat(SEEN)
        .containsEntry("outer", Set.of("db"))
        .containsEntry("nested", Set.of("nestedDb"));
  }

  @Test
  void aNestedClassesRegisteredExtensionRunsItsEnvironmentAloneUnderAnnotations() {
    // Its enclosing class's instance is registered for it too: it neither answers the parameters
    // nor starts a second copy of each test's environment (which no store would have stopped).
    TestKit.assertSucceeded(TestKit.run(AnnotatedOuter.class));

    assertThat(SEEN)
        .containsEntry("outer", Set.of("db"))
        .containsEntry("nested", Set.of("nestedDb"));
  }

  @Test
  void annotationsAndARegisteredExtensionOnOneClassFailItSayingSo() {
    assertFailsDeclaredTwice(
        TestKit.run(AnnotationsAndRegistered.class),
        AnnotationsAndRegistered.class,
        "(@OvrseerEnvironment and a registered OvrseerExtension)");
  }

  @Test
  void twoRegisteredExtensionsOnOneClassFailItSayingSo() {
    assertFailsDeclaredTwice(
        TestKit.run(TwoRegistered.class),
        TwoRegistered.class,
        "(two registered OvrseerExtension instances)");
  }

  @Test
  void anExtensionOnAnInstanceFieldFailsTheTestsInsteadOfRunningThemWithoutEnvironment() {
    EngineExecutionResults results = TestKit.run(OnAnInstanceField.class);

    results
        .testEvents()
        .assertThatEvents()
        .haveExactly(
            1,
            event(
                test("needsNoParameter"),
                finishedWithFailure(
                    instanceOf(ExtensionConfigurationException.class),
                    message(
                        "the OvrseerExtension registered on an instance field of ["
                            + OnAnInstanceField.class.getName()
                            + "] starts no environment, as JUnit calls its beforeAll only on a"
                            + " static field: make the @RegisterExtension field static (also with"
                            + " scope METHOD)"))));
  }

  @Test
  void anExtensionOnAnInstanceFieldBesideAnnotationsFailsTheTestsInsteadOfBeingIgnored() {
    // The annotations' environment ran, and the instance field's "api" was silently not there.
    TestKit.run(AnnotatedAndOnAnInstanceField.class)
        .testEvents()
        .assertThatEvents()
        .haveExactly(
            1,
            event(
                test("needsNoParameter"),
                finishedWithFailure(
                    instanceOf(ExtensionConfigurationException.class),
                    message(
                        m ->
                            m.startsWith(
                                "the OvrseerExtension registered on an instance field of ["
                                    + AnnotatedAndOnAnInstanceField.class.getName()
                                    + "] starts no environment")))));
  }

  private static void assertFailsDeclaredTwice(
      EngineExecutionResults results, Class<?> fixture, String which) {
    results.testEvents().assertStatistics(stats -> stats.started(0));
    results
        .containerEvents()
        .assertThatEvents()
        .haveExactly(
            1,
            event(
                container(fixture),
                finishedWithFailure(
                    instanceOf(ExtensionConfigurationException.class),
                    message(
                        "["
                            + fixture.getName()
                            + "] declares its Ovrseer environment twice "
                            + which
                            + "; declare it once: with the annotations or with one registered"
                            + " OvrseerExtension"))));
  }

  private static ProcessUnit hang(io.ovrseer.spec.Ports ports) {
    return ProcessUnit.builder(
            ports.resolve("${java}"), "-cp", ports.resolve("${classpath}"), STEPS, "hang")
        .build();
  }

  @OnlyInTestKit
  static class RegisteredOuter {
    @RegisterExtension
    static final OvrseerExtension OVRSEER =
        OvrseerExtension.builder().dependency("db", ExtensionInstancesTest::hang).build();

    @Test
    void outer(Ovrseer ovrseer) {
      SEEN.put("outer", ovrseer.getAllProcesses().keySet());
    }

    @Nested
    @OvrseerEnvironment
    @Dependency(
        id = "nestedDb",
        command = {"${java}", "-cp", "${classpath}", STEPS, "hang"})
    class OwnEnvironment {
      @Test
      void nested(Ovrseer ovrseer) {
        SEEN.put("nested", ovrseer.getAllProcesses().keySet());
      }
    }
  }

  @OnlyInTestKit
  @OvrseerEnvironment
  @Dependency(
      id = "db",
      command = {"${java}", "-cp", "${classpath}", STEPS, "hang"})
  static class AnnotatedOuter {
    @Test
    void outer(Ovrseer ovrseer) {
      SEEN.put("outer", ovrseer.getAllProcesses().keySet());
    }

    @Nested
    class OwnEnvironment {
      @RegisterExtension
      static final OvrseerExtension OVRSEER =
          OvrseerExtension.builder()
              .scope(Scope.METHOD)
              .dependency("nestedDb", ExtensionInstancesTest::hang)
              .build();

      @Test
      void nested(Ovrseer ovrseer) {
        SEEN.put("nested", ovrseer.getAllProcesses().keySet());
      }
    }
  }

  @OnlyInTestKit
  @OvrseerEnvironment
  @Dependency(
      id = "db",
      command = {"${java}", "-cp", "${classpath}", STEPS, "hang"})
  static class AnnotationsAndRegistered {
    @RegisterExtension
    static final OvrseerExtension OVRSEER =
        OvrseerExtension.builder().mainProcess("api", ExtensionInstancesTest::hang).build();

    @Test
    void neverRuns() {}
  }

  @OnlyInTestKit
  static class TwoRegistered {
    @RegisterExtension
    static final OvrseerExtension DB =
        OvrseerExtension.builder().dependency("db", ExtensionInstancesTest::hang).build();

    @RegisterExtension
    static final OvrseerExtension API =
        OvrseerExtension.builder().mainProcess("api", ExtensionInstancesTest::hang).build();

    @Test
    void neverRuns() {}
  }

  @OnlyInTestKit
  @OvrseerEnvironment
  @Dependency(
      id = "db",
      command = {"${java}", "-cp", "${classpath}", STEPS, "hang"})
  static class AnnotatedAndOnAnInstanceField {
    @RegisterExtension
    final OvrseerExtension ovrseer =
        OvrseerExtension.builder().mainProcess("api", ExtensionInstancesTest::hang).build();

    @Test
    void needsNoParameter() {}
  }

  @OnlyInTestKit
  static class OnAnInstanceField {
    @RegisterExtension
    final OvrseerExtension ovrseer =
        OvrseerExtension.builder()
            .scope(Scope.METHOD)
            .dependency("db", ExtensionInstancesTest::hang)
            .build();

    @Test
    void needsNoParameter() {}
  }
}
