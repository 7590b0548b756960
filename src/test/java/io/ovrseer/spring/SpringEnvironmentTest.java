package io.ovrseer.spring;

import static io.ovrseer.spring.SpringKit.NAMES;
import static org.assertj.core.api.Assertions.assertThat;

import io.ovrseer.junit.Dependency;
import io.ovrseer.junit.OvrseerEnvironment;
import io.ovrseer.junit.Port;
import io.ovrseer.junit.Ready;
import io.ovrseer.testing.NoLeftoverProcesses;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.context.junit.jupiter.SpringJUnitConfig;

/**
 * The environment is up and in the context's {@code Environment} before the context loads,
 * whichever annotation comes first, also for {@code @Nested} classes.
 */
@ExtendWith(NoLeftoverProcesses.class)
class SpringEnvironmentTest {

  @Test
  void springListedFirstStillGetsTheRunningEnvironment() {
    SpringKit.runSucceeding(SpringFirst.class);

    assertThat(Names.CONTEXTS).containsKey("SpringFirst");
  }

  @Test
  void ovrseerListedFirstGetsTheRunningEnvironment() {
    SpringKit.runSucceeding(OvrseerFirst.class);

    assertThat(Names.CONTEXTS).containsKey("OvrseerFirst");
  }

  @Test
  void aNestedClassSharesTheEnvironmentAndTheContextOfItsEnclosingClass() {
    SpringKit.runSucceeding(Outer.class);

    assertThat(Names.CONTEXTS.get("Inner")).isSameAs(Names.CONTEXTS.get("Outer"));
  }

  @Test
  void aNestedClassMayUseThePerClassLifecycle() {
    SpringKit.runSucceeding(OuterOfPerClass.class);

    assertThat(Names.CONTEXTS).containsKey("PerClassInner");
  }

  @Test
  void inlinedTestPropertiesWinOverTheEnvironment() {
    SpringKit.runSucceeding(Overridden.class);
  }

  /** What every fixture checks: the context talks to this class's own server. */
  static void assertWiredToThisEnvironment(
      Object test, ConfigurableApplicationContext context, String name, int port) {
    Names.CONTEXTS.put(test.getClass().getSimpleName(), context);
    Names.Client names = context.getBean(Names.Client.class);
    assertThat(names.port()).isEqualTo(port);
    assertThat(names.ask()).isEqualTo(name);
    assertThat(context.getEnvironment().getPropertySources().contains(OvrseerPropertySource.NAME))
        .as("the Ovrseer property source")
        .isTrue();
    assertThat(
            context
                .getEnvironment()
                .getPropertySources()
                .get(OvrseerPropertySource.NAME)
                .getProperty("ovrseer.port.names"))
        .isEqualTo(String.valueOf(port));
  }

  @SpringKit.Fixture
  @SpringJUnitConfig(Names.Wiring.class)
  @OvrseerEnvironment
  @Dependency(
      id = "names",
      command = {"${java}", "-cp", "${classpath}", NAMES, "${port:names}", "spring-first"},
      ready = @Ready(log = "listening"))
  static class SpringFirst {
    @Autowired ConfigurableApplicationContext context;

    @Test
    void talksToItsServer(@Port("names") int port) {
      assertWiredToThisEnvironment(this, context, "spring-first", port);
    }
  }

  @SpringKit.Fixture
  @OvrseerEnvironment
  @Dependency(
      id = "names",
      command = {"${java}", "-cp", "${classpath}", NAMES, "${port:names}", "ovrseer-first"},
      ready = @Ready(log = "listening"))
  @SpringJUnitConfig(Names.Wiring.class)
  static class OvrseerFirst {
    @Autowired ConfigurableApplicationContext context;

    @Test
    void talksToItsServer(@Port("names") int port) {
      assertWiredToThisEnvironment(this, context, "ovrseer-first", port);
    }
  }

  @SpringKit.Fixture
  @SpringJUnitConfig(Names.Wiring.class)
  @OvrseerEnvironment
  @Dependency(
      id = "names",
      command = {"${java}", "-cp", "${classpath}", NAMES, "${port:names}", "outer"},
      ready = @Ready(log = "listening"))
  static class Outer {
    @Autowired ConfigurableApplicationContext context;

    @Test
    void talksToItsServer(@Port("names") int port) {
      assertWiredToThisEnvironment(this, context, "outer", port);
    }

    @Nested
    class Inner {
      @Autowired ConfigurableApplicationContext innerContext;

      @Test
      void talksToTheServerOfTheEnclosingClass(@Port("names") int port) {
        assertWiredToThisEnvironment(this, innerContext, "outer", port);
      }
    }
  }

  @SpringKit.Fixture
  @SpringJUnitConfig(Names.Wiring.class)
  @OvrseerEnvironment
  @Dependency(
      id = "names",
      command = {"${java}", "-cp", "${classpath}", NAMES, "${port:names}", "outer-of-per-class"},
      ready = @Ready(log = "listening"))
  static class OuterOfPerClass {
    /** Its instance is made after the enclosing class started the environment. */
    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class PerClassInner {
      @Autowired ConfigurableApplicationContext context;

      @Test
      void talksToTheServerOfTheEnclosingClass(@Port("names") int port) {
        assertWiredToThisEnvironment(this, context, "outer-of-per-class", port);
      }
    }
  }

  @SpringKit.Fixture
  @SpringJUnitConfig(Names.Wiring.class)
  @TestPropertySource(properties = "ovrseer.port.names=1")
  @OvrseerEnvironment
  @Dependency(
      id = "names",
      command = {"${java}", "-cp", "${classpath}", NAMES, "${port:names}", "overridden"},
      ready = @Ready(log = "listening"))
  static class Overridden {
    @Autowired Names.Client names;

    @Test
    void seesTheInlinedValue() {
      assertThat(names.port()).isEqualTo(1);
    }
  }
}
