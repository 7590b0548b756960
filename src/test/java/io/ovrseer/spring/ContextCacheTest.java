package io.ovrseer.spring;

import static io.ovrseer.spring.SpringEnvironmentTest.assertWiredToThisEnvironment;
import static io.ovrseer.spring.SpringKit.NAMES;
import static org.assertj.core.api.Assertions.assertThat;

import io.ovrseer.junit.Dependency;
import io.ovrseer.junit.OvrseerEnvironment;
import io.ovrseer.junit.OvrseerEnvironment.Scope;
import io.ovrseer.junit.Port;
import io.ovrseer.junit.Ready;
import io.ovrseer.testing.NoLeftoverProcesses;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.junit.jupiter.SpringJUnitConfig;

/**
 * Spring's context cache follows the environments: one context per GLOBAL environment, never a
 * context wired to another (or a stopped) environment.
 */
@ExtendWith(NoLeftoverProcesses.class)
class ContextCacheTest {

  @Test
  void classesOfOneGlobalEnvironmentShareOneContext() {
    SpringKit.runSucceeding(SharedA.class, SharedB.class);

    assertThat(Names.CONTEXTS.get("SharedB")).isSameAs(Names.CONTEXTS.get("SharedA"));
  }

  @Test
  void classesOfTwoGlobalEnvironmentsEachTalkToTheirOwnServer() {
    SpringKit.runSucceeding(Red.class, Blue.class);

    assertThat(Names.CONTEXTS.get("Blue")).isNotSameAs(Names.CONTEXTS.get("Red"));
  }

  @Test
  void classesWithClassScopeGetTheirOwnContextClosedAfterTheClass() {
    SpringKit.runSucceeding(TwinOne.class, TwinTwo.class);

    assertThat(Names.CONTEXTS.get("TwinTwo")).isNotSameAs(Names.CONTEXTS.get("TwinOne"));
    assertThat(Names.CONTEXTS.get("TwinOne").isActive()).as("TwinOne's context open").isFalse();
    assertThat(Names.CONTEXTS.get("TwinTwo").isActive()).as("TwinTwo's context open").isFalse();
  }

  @Test
  void aCachedContextIsNotReusedOnceItsGlobalEnvironmentStopped() {
    SpringKit.runSucceeding(Rerun.class);
    ConfigurableApplicationContext first = Names.CONTEXTS.get("Rerun");

    // A second run (a new JUnit root) starts the GLOBAL environment anew, with a new port.
    SpringKit.runSucceeding(Rerun.class);

    assertThat(Names.CONTEXTS.get("Rerun")).isNotSameAs(first);
    assertThat(first.isActive()).as("the stale context open").isFalse();
  }

  /** The fixtures record their context; each checks it talks to its own server. */
  abstract static class Recording {
    @Autowired ConfigurableApplicationContext context;
  }

  @SpringKit.Fixture
  @SpringJUnitConfig(Names.Wiring.class)
  @OvrseerEnvironment(scope = Scope.GLOBAL)
  @Dependency(
      id = "names",
      command = {"${java}", "-cp", "${classpath}", NAMES, "${port:names}", "shared"},
      ready = @Ready(log = "listening"))
  static class SharedA extends Recording {
    @Test
    void talksToTheSharedServer(@Port("names") int port) {
      assertWiredToThisEnvironment(this, context, "shared", port);
    }
  }

  @SpringKit.Fixture
  @SpringJUnitConfig(Names.Wiring.class)
  @OvrseerEnvironment(scope = Scope.GLOBAL)
  @Dependency(
      id = "names",
      command = {"${java}", "-cp", "${classpath}", NAMES, "${port:names}", "shared"},
      ready = @Ready(log = "listening"))
  static class SharedB extends Recording {
    @Test
    void talksToTheSharedServer(@Port("names") int port) {
      assertWiredToThisEnvironment(this, context, "shared", port);
    }
  }

  @SpringKit.Fixture
  @SpringJUnitConfig(Names.Wiring.class)
  @OvrseerEnvironment(scope = Scope.GLOBAL)
  @Dependency(
      id = "names",
      command = {"${java}", "-cp", "${classpath}", NAMES, "${port:names}", "red"},
      ready = @Ready(log = "listening"))
  static class Red extends Recording {
    @Test
    void talksToTheRedServer(@Port("names") int port) {
      assertWiredToThisEnvironment(this, context, "red", port);
    }
  }

  @SpringKit.Fixture
  @SpringJUnitConfig(Names.Wiring.class)
  @OvrseerEnvironment(scope = Scope.GLOBAL)
  @Dependency(
      id = "names",
      command = {"${java}", "-cp", "${classpath}", NAMES, "${port:names}", "blue"},
      ready = @Ready(log = "listening"))
  static class Blue extends Recording {
    @Test
    void talksToTheBlueServer(@Port("names") int port) {
      assertWiredToThisEnvironment(this, context, "blue", port);
    }
  }

  @SpringKit.Fixture
  @SpringJUnitConfig(Names.Wiring.class)
  @OvrseerEnvironment(scope = Scope.CLASS)
  @Dependency(
      id = "names",
      command = {"${java}", "-cp", "${classpath}", NAMES, "${port:names}", "twin"},
      ready = @Ready(log = "listening"))
  static class TwinOne extends Recording {
    @Test
    void talksToItsOwnTwin(@Port("names") int port) {
      assertWiredToThisEnvironment(this, context, "twin", port);
    }
  }

  @SpringKit.Fixture
  @SpringJUnitConfig(Names.Wiring.class)
  @OvrseerEnvironment(scope = Scope.CLASS)
  @Dependency(
      id = "names",
      command = {"${java}", "-cp", "${classpath}", NAMES, "${port:names}", "twin"},
      ready = @Ready(log = "listening"))
  static class TwinTwo extends Recording {
    @Test
    void talksToItsOwnTwin(@Port("names") int port) {
      assertWiredToThisEnvironment(this, context, "twin", port);
    }
  }

  @SpringKit.Fixture
  @SpringJUnitConfig(Names.Wiring.class)
  @OvrseerEnvironment(scope = Scope.GLOBAL)
  @Dependency(
      id = "names",
      command = {"${java}", "-cp", "${classpath}", NAMES, "${port:names}", "rerun"},
      ready = @Ready(log = "listening"))
  static class Rerun extends Recording {
    @Test
    void talksToTheServerOfThisRun(@Port("names") int port) {
      assertWiredToThisEnvironment(this, context, "rerun", port);
    }
  }
}
