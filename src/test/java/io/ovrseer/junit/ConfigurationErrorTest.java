package io.ovrseer.junit;

import static io.ovrseer.junit.TestKit.STEPS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.testkit.engine.EventConditions.container;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import io.ovrseer.testing.NoLeftoverProcesses;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Requirement 8: mistakes in a declaration fail the class before anything is spawned, with an
 * {@link ExtensionConfigurationException} naming the attribute and showing the value in brackets.
 */
@ExtendWith(NoLeftoverProcesses.class)
class ConfigurationErrorTest {
  static final String KNOWN =
      "${port:NAME}, ${java}, ${classpath}, ${env:VAR}, ${sys:prop}, ${KEY:ID} of a service";
  static final String DURATIONS = "use 500ms, 30s, 2m, 1h or ISO-8601 such as PT5S";

  static Stream<Arguments> mistakes() {
    return Stream.of(
        Arguments.of(
            DuplicateId.class,
            "@MainProcess(id=\"db\") [db] is declared twice; ids must be unique across setup,"
                + " dependencies, main and cleanup processes"),
        Arguments.of(
            RedeclaresTheSuperclasssDependency.class,
            "@Dependency(id=\"db\") [db] is declared twice; ids must be unique across setup,"
                + " dependencies, main and cleanup processes"),
        Arguments.of(BlankId.class, "@Dependency(id=\" \") [ ] is blank; give the process an id"),
        Arguments.of(
            EmptyCommand.class,
            "@MainProcess(id=\"api\").command [] is empty; name the program to run first"),
        Arguments.of(
            InvalidReadyRegex.class,
            "@Dependency(id=\"db\").ready.log [(unclosed] is not a valid regex: Unclosed group"),
        Arguments.of(
            InvalidFlagRegex.class,
            "@MainProcess(id=\"api\").flags[0].pattern [ERROR|*] is not a valid regex: Dangling"
                + " meta character '*'"),
        Arguments.of(
            MalformedReadyTimeout.class,
            "@Dependency(id=\"db\").ready.timeout [5 sec] is not a duration; " + DURATIONS),
        Arguments.of(
            MalformedRetryDelay.class,
            "@OvrseerEnvironment.retryDelay [1 second] is not a duration; " + DURATIONS),
        Arguments.of(
            MalformedStopTimeout.class,
            "@CleanupProcess(id=\"backup\").stopTimeout [5] is not a duration; " + DURATIONS),
        Arguments.of(NegativeRetries.class, "@OvrseerEnvironment.retries [-1] must be 0 or more"),
        Arguments.of(
            UnknownPlaceholder.class,
            "@MainProcess(id=\"api\").command[2] [${prot:db}] is not a known placeholder; did you"
                + " mean [${port:db}]? known: "
                + KNOWN),
        Arguments.of(
            EnvWithoutValue.class, "@MainProcess(id=\"api\").env[0] [DEBUG] must be KEY=VALUE"),
        Arguments.of(
            UnsetVariable.class,
            "@MainProcess(id=\"api\").command[1] [${env:OVRSEER_SURELY_UNSET_VARIABLE}]:"
                + " environment variable OVRSEER_SURELY_UNSET_VARIABLE is not set"),
        Arguments.of(
            NotAPort.class,
            "@Dependency(id=\"db\").ready.tcpPort [http] is not a port (1 to 65535) or HOST:PORT,"
                + " such as [${port:db}]"),
        Arguments.of(
            NotAUrl.class,
            "@MainProcess(id=\"api\").ready.http [localhost/health] is not an absolute http:// or"
                + " https:// URL with a host"),
        Arguments.of(
            DuplicateFlag.class,
            "@MainProcess(id=\"api\").flags[1].name [errors] is used twice; flag names must be"
                + " unique per process"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("mistakes")
  void failsTheClassBeforeAnythingIsSpawned(Class<?> fixture, String expected) {
    TestKit.Captured run = TestKit.runCapturing(fixture);

    run.results()
        .containerEvents()
        .assertThatEvents()
        .haveExactly(
            1,
            event(
                container(fixture),
                finishedWithFailure(
                    instanceOf(ExtensionConfigurationException.class), message(expected))));
    run.results().testEvents().assertStatistics(stats -> stats.started(0));
    assertThat(run.out()).doesNotContain("ovrseer: environment");
  }

  @Test
  void processAnnotationsNeedAnEnvironmentOnTheSameClass() {
    TestKit.Captured run = TestKit.runCapturing(EnvironmentOutside.class);

    run.results()
        .containerEvents()
        .assertThatEvents()
        .haveExactly(
            1,
            event(
                container("Inner"),
                finishedWithFailure(
                    instanceOf(ExtensionConfigurationException.class),
                    message(
                        "@SetupProcess, @Dependency, @MainProcess, @CleanupProcess and service annotations"
                            + " on ["
                            + EnvironmentOutside.Inner.class.getName()
                            + "] need @OvrseerEnvironment on that class (a @Nested class without"
                            + " them uses the environment of its enclosing class)"))));
    run.results().testEvents().assertStatistics(stats -> stats.started(1).succeeded(1));
  }

  // Fixtures, one mistake each. Their commands never run.

  @OnlyInTestKit
  @OvrseerEnvironment
  @Dependency(id = "db", command = "db")
  @MainProcess(id = "db", command = "api")
  static class DuplicateId {
    @Test
    void t() {}
  }

  @OvrseerEnvironment
  @Dependency(id = "db", command = "db")
  abstract static class WithDatabase {}

  /** A subclass cannot override a process of its superclass (docs/junit.md says so). */
  @OnlyInTestKit
  @Dependency(id = "db", command = "other-db")
  static class RedeclaresTheSuperclasssDependency extends WithDatabase {
    @Test
    void t() {}
  }

  @OnlyInTestKit
  @OvrseerEnvironment
  @Dependency(id = " ", command = "db")
  static class BlankId {
    @Test
    void t() {}
  }

  @OnlyInTestKit
  @OvrseerEnvironment
  @MainProcess(
      id = "api",
      command = {})
  static class EmptyCommand {
    @Test
    void t() {}
  }

  @OnlyInTestKit
  @OvrseerEnvironment
  @Dependency(id = "db", command = "db", ready = @Ready(log = "(unclosed"))
  static class InvalidReadyRegex {
    @Test
    void t() {}
  }

  @OnlyInTestKit
  @OvrseerEnvironment
  @MainProcess(id = "api", command = "api", flags = @LogFlag(name = "errors", pattern = "ERROR|*"))
  static class InvalidFlagRegex {
    @Test
    void t() {}
  }

  @OnlyInTestKit
  @OvrseerEnvironment
  @Dependency(id = "db", command = "db", ready = @Ready(log = "up", timeout = "5 sec"))
  static class MalformedReadyTimeout {
    @Test
    void t() {}
  }

  @OnlyInTestKit
  @OvrseerEnvironment(retryDelay = "1 second")
  @Dependency(id = "db", command = "db")
  static class MalformedRetryDelay {
    @Test
    void t() {}
  }

  @OnlyInTestKit
  @OvrseerEnvironment
  @CleanupProcess(id = "backup", command = "backup", stopTimeout = "5")
  static class MalformedStopTimeout {
    @Test
    void t() {}
  }

  @OnlyInTestKit
  @OvrseerEnvironment(retries = -1)
  @Dependency(id = "db", command = "db")
  static class NegativeRetries {
    @Test
    void t() {}
  }

  @OnlyInTestKit
  @OvrseerEnvironment
  @MainProcess(
      id = "api",
      command = {"api", "--db", "localhost:${prot:db}"})
  static class UnknownPlaceholder {
    @Test
    void t() {}
  }

  @OnlyInTestKit
  @OvrseerEnvironment
  @MainProcess(id = "api", command = "api", env = "DEBUG")
  static class EnvWithoutValue {
    @Test
    void t() {}
  }

  @OnlyInTestKit
  @OvrseerEnvironment
  @MainProcess(
      id = "api",
      command = {"api", "${env:OVRSEER_SURELY_UNSET_VARIABLE}"})
  static class UnsetVariable {
    @Test
    void t() {}
  }

  @OnlyInTestKit
  @OvrseerEnvironment
  @Dependency(id = "db", command = "db", ready = @Ready(tcpPort = "http"))
  static class NotAPort {
    @Test
    void t() {}
  }

  @OnlyInTestKit
  @OvrseerEnvironment
  @MainProcess(id = "api", command = "api", ready = @Ready(http = "localhost/health"))
  static class NotAUrl {
    @Test
    void t() {}
  }

  @OnlyInTestKit
  @OvrseerEnvironment
  @MainProcess(
      id = "api",
      command = "api",
      flags = {
        @LogFlag(name = "errors", pattern = "ERROR"),
        @LogFlag(name = "errors", pattern = "FATAL")
      })
  static class DuplicateFlag {
    @Test
    void t() {}
  }

  @OnlyInTestKit
  @OvrseerEnvironment
  @MainProcess(
      id = "api",
      command = {"${java}", "-cp", "${classpath}", STEPS, "hang"})
  static class EnvironmentOutside {
    @Test
    void t() {}

    @Nested
    @Dependency(id = "db", command = "db")
    class Inner {
      @Test
      void t() {}
    }
  }
}
