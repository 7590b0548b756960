package io.ovrseer.junit;

import static io.ovrseer.junit.TestKit.STEPS;
import static org.assertj.core.api.Assertions.assertThat;

import io.ovrseer.Ovrseer;
import io.ovrseer.OvrseerOptions;
import io.ovrseer.ProcessType;
import io.ovrseer.RegisteredProcess;
import io.ovrseer.log.FlagColor;
import io.ovrseer.process.ProcessUnit;
import io.ovrseer.spec.Durations;
import io.ovrseer.spec.ReadySpec;
import io.ovrseer.testing.NoLeftoverProcesses;
import java.lang.annotation.Annotation;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The annotations' shape and defaults, durations, and inheritance from superclasses. */
@ExtendWith(NoLeftoverProcesses.class)
class AnnotationContractTest {

  @Test
  void ovrseerEnvironmentRegistersTheExtensionAndIsInherited() {
    assertThat(OvrseerEnvironment.class.getAnnotation(ExtendWith.class).value())
        .containsExactly(OvrseerExtension.class);
    assertThat(OvrseerEnvironment.class.isAnnotationPresent(Inherited.class)).isTrue();
  }

  @Test
  void processAnnotationsAreRepeatableAndInheritedWithTheirContainers() {
    Map<Class<? extends Annotation>, Class<? extends Annotation>> containers =
        Map.of(
            SetupProcess.class, SetupProcesses.class,
            Dependency.class, Dependencies.class,
            MainProcess.class, MainProcesses.class,
            CleanupProcess.class, CleanupProcesses.class);
    containers.forEach(
        (annotation, container) -> {
          assertThat(annotation.getAnnotation(Repeatable.class).value()).isEqualTo(container);
          assertThat(annotation.isAnnotationPresent(Inherited.class)).isTrue();
          assertThat(container.isAnnotationPresent(Inherited.class)).isTrue();
        });
  }

  @Test
  void defaultsAreThoseOfTheCoreApi() throws Exception {
    OvrseerEnvironment environment = Defaults.class.getAnnotation(OvrseerEnvironment.class);
    assertThat(environment.retries()).isEqualTo(OvrseerOptions.DEFAULT_RETRIES);
    assertThat(Durations.parse(environment.retryDelay()).orElseThrow())
        .isEqualTo(OvrseerOptions.DEFAULT_RETRY_DELAY);
    assertThat(Durations.parse(environment.cleanupTimeout()).orElseThrow())
        .isEqualTo(OvrseerOptions.DEFAULT_CLEANUP_TIMEOUT);
    assertThat(environment.failOnCrash()).isTrue();
    assertThat(environment.scope()).isEqualTo(OvrseerEnvironment.Scope.CLASS);
    MainProcess main = Defaults.class.getAnnotation(MainProcess.class);
    assertThat(Durations.parse(main.stopTimeout()).orElseThrow())
        .isEqualTo(ProcessUnit.DEFAULT_STOP_TIMEOUT);
    assertThat(main.env()).isEmpty();
    assertThat(main.workingDirectory()).isEmpty();
    Ready ready = main.ready();
    assertThat(List.of(ready.log(), ready.tcpPort(), ready.http())).containsOnly("");
    assertThat(ready.command()).isEmpty();
    assertThat(ready.times()).isEqualTo(1);
    assertThat(ready.passIfNotFound()).isFalse();
    LogFlag flag = main.flags()[0];
    assertThat(flag.color()).isEqualTo(FlagColor.RED);
    assertThat(flag.targetCount()).isEqualTo(LogFlag.NO_TARGET);
    assertThat(flag.contextWindowSize()).isZero();
    assertThat(AllowCrash.class.getMethod("value").getDefaultValue()).isEqualTo(new String[0]);
  }

  @ParameterizedTest
  @CsvSource({
    "500ms, PT0.5S",
    "30s, PT30S",
    "2m, PT2M",
    "1h, PT1H",
    "0s, PT0S",
    "PT5S, PT5S",
    "pt1.5s, PT1.5S"
  })
  void durationsAreWrittenShortOrInIso8601(String text, Duration expected) {
    assertThat(Durations.parse(text)).contains(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"5 sec", "5", "ms", "1.5s", "PT", "P1D2"})
  void malformedDurationsAreRejected(String text) {
    assertThat(Durations.parse(text)).isEmpty();
  }

  @Test
  void theReadyTimeoutDefaultIsTheModels() {
    assertThat(Durations.parse(Ready.DEFAULT_TIMEOUT)).contains(ReadySpec.DEFAULT_TIMEOUT);
  }

  @Test
  void aSubclassAddsToTheProcessesOfItsSuperclassAndOfComposedAnnotations() {
    TestKit.assertSucceeded(TestKit.run(Sub.class));

    assertThat(Sub.seen)
        .containsExactly(
            Map.entry("db", ProcessType.DEPENDENCY),
            Map.entry("cache", ProcessType.DEPENDENCY),
            Map.entry("api", ProcessType.MAIN),
            Map.entry("worker", ProcessType.MAIN));
  }

  @Test
  void anEnvironmentDeclaredOnATestInterfaceIsTheImplementingClasssToo() {
    TestKit.assertSucceeded(TestKit.run(WithInterface.class));

    assertThat(WithInterface.seen)
        .containsExactly(
            Map.entry("db", ProcessType.DEPENDENCY),
            Map.entry("cache", ProcessType.DEPENDENCY),
            Map.entry("api", ProcessType.MAIN));
  }

  @OvrseerEnvironment
  @MainProcess(id = "api", command = "api", flags = @LogFlag(name = "errors", pattern = "ERROR"))
  static class Defaults {}

  /**
   * A test interface, as JUnit has them: its {@code @ExtendWith} applies to implementing classes.
   */
  @OvrseerEnvironment(retries = 0)
  @Dependency(
      id = "db",
      command = {"${java}", "-cp", "${classpath}", STEPS, "hang"})
  interface DatabaseTest {}

  @WithCache
  interface CacheTest extends DatabaseTest {}

  @OnlyInTestKit
  @MainProcess(
      id = "api",
      command = {"${java}", "-cp", "${classpath}", STEPS, "hang"})
  static class WithInterface implements CacheTest, DatabaseTest {
    static final Map<String, ProcessType> seen = new LinkedHashMap<>();

    @Test
    void seesEveryProcess(Ovrseer ovrseer) {
      for (Map.Entry<String, RegisteredProcess> e : ovrseer.getAllProcesses().entrySet()) {
        seen.put(e.getKey(), e.getValue().type());
      }
    }
  }

  /** A composed annotation: a reusable dependency declaration. */
  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.TYPE)
  @Dependency(
      id = "cache",
      command = {"${java}", "-cp", "${classpath}", STEPS, "hang"})
  @interface WithCache {}

  @OvrseerEnvironment(retries = 0)
  @Dependency(
      id = "db",
      command = {"${java}", "-cp", "${classpath}", STEPS, "hang"})
  abstract static class Base {}

  @OnlyInTestKit
  @WithCache
  @MainProcess(
      id = "api",
      command = {"${java}", "-cp", "${classpath}", STEPS, "hang"})
  @MainProcess(
      id = "worker",
      command = {"${java}", "-cp", "${classpath}", STEPS, "hang"})
  static class Sub extends Base {
    static final Map<String, ProcessType> seen = new LinkedHashMap<>();

    @Test
    void seesEveryProcess(Ovrseer ovrseer) {
      for (Map.Entry<String, RegisteredProcess> e : ovrseer.getAllProcesses().entrySet()) {
        seen.put(e.getKey(), e.getValue().type());
      }
    }
  }
}
