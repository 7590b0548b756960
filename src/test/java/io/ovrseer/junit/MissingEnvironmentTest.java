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
import io.ovrseer.testing.NoLeftoverProcesses;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/**
 * Process annotations on a class that has no {@code @OvrseerEnvironment}, neither its own nor an
 * enclosing class's: they register the extension themselves, which fails the class saying what is
 * missing, instead of its tests running without the processes.
 */
@ExtendWith(NoLeftoverProcesses.class)
class MissingEnvironmentTest {
  static final Map<String, Set<String>> SEEN = new ConcurrentHashMap<>();

  @ParameterizedTest
  @ValueSource(
      classes = {
        DependencyOnly.class,
        PerClassLifecycle.class,
        RepeatedMainProcesses.class,
        SetupAndCleanupOnly.class,
        ServicesOnly.class,
        ComposedAnnotationOnly.class,
        InheritedFromASuperclass.class
      })
  void processAnnotationsWithoutAnEnvironmentFailTheClassBeforeAnyTest(Class<?> fixture) {
    EngineExecutionResults results = TestKit.run(fixture);

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
                    message(needsAnEnvironment(fixture)))));
  }

  @Test
  void aNestedClassUnderAClassWithoutAnEnvironmentFailsAlone() {
    EngineExecutionResults results = TestKit.run(NoEnvironmentAnywhere.class);

    results
        .containerEvents()
        .assertThatEvents()
        .haveExactly(
            1,
            event(
                container("Inner"),
                finishedWithFailure(
                    instanceOf(ExtensionConfigurationException.class),
                    message(needsAnEnvironment(NoEnvironmentAnywhere.Inner.class)))));
    results.testEvents().assertStatistics(stats -> stats.started(1).succeeded(1));
  }

  @Test
  void processAnnotationsBesideARegisteredExtensionAreADeclarationTwice() {
    // The registered instance ran its own environment, and the annotations were silently ignored.
    EngineExecutionResults results = TestKit.run(AnnotationsAndRegistered.class);

    results.testEvents().assertStatistics(stats -> stats.started(0));
    results
        .containerEvents()
        .assertThatEvents()
        .haveExactly(
            1,
            event(
                container(AnnotationsAndRegistered.class),
                finishedWithFailure(
                    instanceOf(ExtensionConfigurationException.class),
                    message(
                        "["
                            + AnnotationsAndRegistered.class.getName()
                            + "] declares its Ovrseer environment twice (process annotations and"
                            + " a registered OvrseerExtension); declare it once: with the"
                            + " annotations or with one registered OvrseerExtension"))));
  }

  @Test
  void withTheEnvironmentTheAnnotationsRunOneEnvironmentAsBefore() {
    // Each annotation registers the extension type; JUnit makes one instance of it for the class.
    TestKit.assertSucceeded(TestKit.run(WithEnvironment.class, OnlyANestedEnvironment.class));

    assertThat(SEEN)
        .containsEntry("outer", Set.of("db", "api"))
        .containsEntry("nested", Set.of("db", "api"))
        .containsEntry("own", Set.of("nestedDb"))
        .containsEntry("only nested", Set.of("db"))
        .containsEntry("sibling", Set.of());
  }

  @Test
  void aRegisteredExtensionAloneIsUnchanged() {
    TestKit.run(RegisteredOnly.class)
        .testEvents()
        .assertThatEvents()
        .haveExactly(1, event(test("t"), finishedSuccessfully()));
    assertThat(SEEN).containsEntry("registered", Set.of("db"));
  }

  private static String needsAnEnvironment(Class<?> fixture) {
    return "@SetupProcess, @Dependency, @MainProcess, @CleanupProcess and service annotations on ["
        + fixture.getName()
        + "] need @OvrseerEnvironment on that class (a @Nested class without them uses the"
        + " environment of its enclosing class)";
  }

  // Fixtures. The commands of those that fail never run.

  @OnlyInTestKit
  @Dependency(
      id = "db",
      command = {"${java}", "-cp", "${classpath}", STEPS, "hang"})
  static class DependencyOnly {
    @Test
    void t(@Port("db") int port) {}
  }

  @OnlyInTestKit
  @TestInstance(Lifecycle.PER_CLASS)
  @Dependency(id = "db", command = "db")
  static class PerClassLifecycle {
    @Test
    void t() {}
  }

  @OnlyInTestKit
  @MainProcess(id = "api", command = "api")
  @MainProcess(id = "worker", command = "worker")
  static class RepeatedMainProcesses {
    @Test
    void t() {}
  }

  @OnlyInTestKit
  @SetupProcess(id = "migrate", command = "migrate")
  @CleanupProcess(id = "backup", command = "backup")
  static class SetupAndCleanupOnly {
    @Test
    void t() {}
  }

  @OnlyInTestKit
  @PostgresService(id = "pg")
  @PostgresService(id = "pg2")
  @RedisService(id = "cache")
  @KafkaService(id = "kafka")
  @WireMockService(id = "mock")
  static class ServicesOnly {
    @Test
    void t() {}
  }

  /** A team's composed annotation: the processes every test class of theirs runs against. */
  @Retention(RetentionPolicy.RUNTIME)
  @Dependency(id = "db", command = "db")
  @interface Stack {}

  @OnlyInTestKit
  @Stack
  static class ComposedAnnotationOnly {
    @Test
    void t() {}
  }

  @Dependency(id = "db", command = "db")
  abstract static class WithDatabase {}

  @OnlyInTestKit
  static class InheritedFromASuperclass extends WithDatabase {
    @Test
    void t() {}
  }

  @OnlyInTestKit
  static class NoEnvironmentAnywhere {
    @Test
    void t() {}

    @Nested
    @Dependency(id = "db", command = "db")
    class Inner {
      @Test
      void t() {}
    }
  }

  @OnlyInTestKit
  @Dependency(id = "db", command = "db")
  static class AnnotationsAndRegistered {
    @RegisterExtension
    static final OvrseerExtension OVRSEER =
        OvrseerExtension.builder()
            .mainProcess(
                "api",
                ports ->
                    io.ovrseer.process.ProcessUnit.builder(
                            ports.resolve("${java}"),
                            "-cp",
                            ports.resolve("${classpath}"),
                            STEPS,
                            "hang")
                        .build())
            .build();

    @Test
    void t() {}
  }

  @OnlyInTestKit
  static class RegisteredOnly {
    @RegisterExtension
    static final OvrseerExtension OVRSEER =
        OvrseerExtension.builder()
            .dependency(
                "db",
                ports ->
                    io.ovrseer.process.ProcessUnit.builder(
                            ports.resolve("${java}"),
                            "-cp",
                            ports.resolve("${classpath}"),
                            STEPS,
                            "hang")
                        .build())
            .build();

    @Test
    void t(Ovrseer ovrseer) {
      SEEN.put("registered", ovrseer.getAllProcesses().keySet());
    }
  }

  @OnlyInTestKit
  @OvrseerEnvironment
  @Dependency(
      id = "db",
      command = {"${java}", "-cp", "${classpath}", STEPS, "hang"})
  @MainProcess(
      id = "api",
      command = {"${java}", "-cp", "${classpath}", STEPS, "hang"})
  static class WithEnvironment {
    @Test
    void t(Ovrseer ovrseer) {
      SEEN.put("outer", ovrseer.getAllProcesses().keySet());
    }

    @Nested
    class UsesTheEnclosingEnvironment {
      @Test
      void t(Ovrseer ovrseer) {
        SEEN.put("nested", ovrseer.getAllProcesses().keySet());
      }
    }

    @Nested
    @OvrseerEnvironment
    @Dependency(
        id = "nestedDb",
        command = {"${java}", "-cp", "${classpath}", STEPS, "hang"})
    class OwnEnvironment {
      @Test
      void t(Ovrseer ovrseer) {
        SEEN.put("own", ovrseer.getAllProcesses().keySet());
      }
    }
  }

  /** As in the sample project: the environment is a nested class's, its sibling runs without. */
  @OnlyInTestKit
  static class OnlyANestedEnvironment {
    @Nested
    @OvrseerEnvironment
    @Dependency(
        id = "db",
        command = {"${java}", "-cp", "${classpath}", STEPS, "hang"})
    class WithRunningServices {
      @Test
      void t(Ovrseer ovrseer) {
        SEEN.put("only nested", ovrseer.getAllProcesses().keySet());
      }
    }

    @Nested
    class Afterwards {
      @Test
      void t() {
        SEEN.put("sibling", Set.of());
      }
    }
  }
}
