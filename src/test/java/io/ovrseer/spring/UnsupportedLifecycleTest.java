package io.ovrseer.spring;

import static io.ovrseer.spring.SpringKit.NAMES;
import static org.assertj.core.api.Assertions.assertThat;

import io.ovrseer.junit.Dependency;
import io.ovrseer.junit.OvrseerEnvironment;
import io.ovrseer.junit.OvrseerEnvironment.Scope;
import io.ovrseer.junit.Ready;
import io.ovrseer.testing.NoLeftoverProcesses;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.junit.jupiter.SpringJUnitConfig;

/**
 * METHOD scope and the PER_CLASS lifecycle would load the context before (or apart from) the
 * environment it needs: both fail the class with a message that says why and what to use.
 */
@ExtendWith(NoLeftoverProcesses.class)
class UnsupportedLifecycleTest {

  @Test
  void methodScopeFailsTheClassNamingTheScopesThatWork() {
    List<Throwable> failures = SpringKit.failures(SpringKit.run(PerMethodScope.class));

    assertThat(failures).hasSize(1);
    assertThat(SpringKit.messages(failures.get(0)))
        .contains("@OvrseerEnvironment(scope = METHOD) on [" + PerMethodScope.class.getName())
        .contains("Use scope GLOBAL");
  }

  @Test
  void perClassLifecycleFailsTheClassNamingTheDefaultLifecycle() {
    List<Throwable> failures = SpringKit.failures(SpringKit.run(PerClassLifecycle.class));

    assertThat(failures).hasSize(1);
    assertThat(SpringKit.messages(failures.get(0)))
        .contains("@TestInstance(PER_CLASS) on [" + PerClassLifecycle.class.getName())
        .contains("Use the default lifecycle PER_METHOD");
  }

  @SpringKit.Fixture
  @SpringJUnitConfig(Names.Wiring.class)
  @OvrseerEnvironment(scope = Scope.METHOD)
  @Dependency(
      id = "names",
      command = {"${java}", "-cp", "${classpath}", NAMES, "${port:names}", "per-method"},
      ready = @Ready(log = "listening"))
  static class PerMethodScope {
    @Autowired Names.Client names;

    @Test
    void neverRuns() {}
  }

  @SpringKit.Fixture
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  @SpringJUnitConfig(Names.Wiring.class)
  @OvrseerEnvironment
  @Dependency(
      id = "names",
      command = {"${java}", "-cp", "${classpath}", NAMES, "${port:names}", "per-class"},
      ready = @Ready(log = "listening"))
  static class PerClassLifecycle {
    @Autowired Names.Client names;

    @Test
    void neverRuns() {}
  }
}
