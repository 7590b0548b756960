package io.ovrseer.spring;

import static io.ovrseer.spring.SpringKit.NAMES;
import static org.assertj.core.api.Assertions.assertThat;

import io.ovrseer.junit.Dependency;
import io.ovrseer.junit.Ready;
import io.ovrseer.testing.NoLeftoverProcesses;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.junit.jupiter.SpringJUnitConfig;

/**
 * A Spring test class with process annotations but no {@code @OvrseerEnvironment} fails saying so,
 * before its context loads (which would have failed on a property the environment was to publish).
 */
@ExtendWith(NoLeftoverProcesses.class)
class ProcessesWithoutEnvironmentTest {

  @Test
  void processAnnotationsWithoutTheEnvironmentFailTheClassBeforeTheContextLoads() {
    for (Class<?> fixture : List.of(Forgotten.class, ForgottenPerClass.class)) {
      List<Throwable> failures = SpringKit.failures(SpringKit.run(fixture));

      assertThat(failures).hasSize(1);
      assertThat(failures.get(0))
          .isInstanceOf(ExtensionConfigurationException.class)
          .hasMessageStartingWith(
              "@SetupProcess, @Dependency, @MainProcess, @CleanupProcess and service annotations"
                  + " on ["
                  + fixture.getName()
                  + "] need @OvrseerEnvironment on that class");
    }
  }

  @SpringKit.Fixture
  @SpringJUnitConfig(Names.Wiring.class)
  @Dependency(
      id = "names",
      command = {"${java}", "-cp", "${classpath}", NAMES, "${port:names}", "forgotten"},
      ready = @Ready(log = "listening"))
  static class Forgotten {
    @Autowired Names.Client names;

    @Test
    void neverRuns() {}
  }

  /** Spring loads the context when it prepares the test instance, here before any test. */
  @SpringKit.Fixture
  @TestInstance(Lifecycle.PER_CLASS)
  @SpringJUnitConfig(Names.Wiring.class)
  @Dependency(
      id = "names",
      command = {"${java}", "-cp", "${classpath}", NAMES, "${port:names}", "forgotten"},
      ready = @Ready(log = "listening"))
  static class ForgottenPerClass {
    @Autowired Names.Client names;

    @Test
    void neverRuns() {}
  }
}
