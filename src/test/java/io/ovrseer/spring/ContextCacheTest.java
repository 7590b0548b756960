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
import java.io.UncheckedIOException;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.ContextHierarchy;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.context.junit.jupiter.SpringExtension;
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
  void twoGlobalEnvironmentsWithTheSameNamesUpAtOnceEachKeepTheirOwnPorts() {
    // Amber starts first; Green's environment, with the same process id, starts after it and stays
    // up, so the JVM-wide ovrseer.port.names holds Green's port while Amber's context is checked
    // (cached) and loaded (new configuration) again.
    SpringKit.runSucceedingInOrder(Amber.class, Green.class, AmberAgain.class, AmberFresh.class);

    assertThat(Names.CONTEXTS.get("Green")).isNotSameAs(Names.CONTEXTS.get("Amber"));
    assertThat(Names.CONTEXTS.get("AmberAgain")).isSameAs(Names.CONTEXTS.get("Amber"));
    assertThat(Names.CONTEXTS.get("AmberFresh")).isNotSameAs(Names.CONTEXTS.get("Amber"));
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

  @Test
  void aClassEnvironmentsNestedContextsAreClosedWithItsOwnAndASharedOneLoadsOnce() {
    SpringKit.runSucceeding(Family.class, OnlyNested.class);

    ConfigurableApplicationContext family = Names.CONTEXTS.get("Family");
    assertThat(Names.CONTEXTS.get("SameConfiguration")).isSameAs(family);
    assertThat(Names.CONTEXTS.get("OwnConfiguration")).isNotSameAs(family);
    assertThat(family.isActive()).as("Family's context open").isFalse();
    assertThat(Names.CONTEXTS.get("OwnConfiguration").isActive())
        .as("the context of the @Nested class with a configuration of its own open")
        .isFalse();
    assertThat(Names.CONTEXTS.get("OnlyOwnConfiguration").isActive())
        .as("the context of the only @Nested class of a class without tests open")
        .isFalse();
  }

  @Test
  void aNestedSpringClassOfAClassWithoutSpringHasItsContextClosedWithTheEnvironment() {
    SpringKit.runSucceeding(PlainOuter.class);

    assertThat(Names.CONTEXTS.get("SpringInner").isActive())
        .as("SpringInner's context open")
        .isFalse();
  }

  @Test
  void aClassEnvironmentsContextHierarchyIsClosedWholeAndNotReusedByTheNextRun() {
    SpringKit.runSucceeding(Hierarchy.class);
    ConfigurableApplicationContext first = Names.CONTEXTS.get("Hierarchy");

    // Before, the parent stayed open in the cache with the first environment's port, and the
    // second run's child was loaded on top of it: its Client asked the stopped server.
    assertThat(first.isActive()).as("the child context open").isFalse();
    assertThat(((ConfigurableApplicationContext) first.getParent()).isActive())
        .as("the parent context open")
        .isFalse();
    SpringKit.runSucceeding(Hierarchy.class);
    assertThat(Names.CONTEXTS.get("Hierarchy").getParent()).isNotSameAs(first.getParent());
  }

  @Test
  void contextsAreClosedBeforeTheirEnvironmentStopsAlsoWithSpringsAnnotationFirst() {
    SpringKit.runSucceeding(ClosingWithClass.class, ClosingWithGlobal.class);

    // Before: the CLASS environment stopped before Spring's afterAll closed the context (the
    // client found no server), and the GLOBAL one's context stayed open after the run.
    assertThat(CLOSING)
        .containsEntry("closing-class", "closing-class")
        .containsEntry("closing-global", "closing-global");
  }

  @Test
  void staticBeforeAllParametersComeFromAContextOfTheRunningEnvironment() {
    SpringKit.runSucceeding(BeforeAllSpringFirst.class, BeforeAllOvrseerFirst.class);

    // A second run (a new JUnit root) starts the GLOBAL environments anew, with new ports; Spring
    // resolves a static @BeforeAll method's parameters before it prepares a test instance.
    SpringKit.runSucceeding(BeforeAllSpringFirst.class, BeforeAllOvrseerFirst.class);
  }

  /** The port of Green's environment, for the Amber fixtures that run while it is up. */
  private static final Map<String, Integer> GREEN = new ConcurrentHashMap<>();

  /** What the Amber fixtures check after Green started: Green's port is the JVM-wide one. */
  private static void assertGreenOwnsTheSystemProperty(int amberPort) {
    assertThat(GREEN).containsKey("port");
    assertThat(GREEN.get("port")).isNotEqualTo(amberPort);
    assertThat(System.getProperty("ovrseer.port.names"))
        .as("the JVM-wide property, from the environment started last")
        .isEqualTo(String.valueOf(GREEN.get("port")));
  }

  @Configuration(proxyBeanMethods = false)
  static class NoBeans {}

  /** Its Client is a bean of the parent context, which is wired to the environment too. */
  @SpringKit.Fixture
  @ExtendWith(SpringExtension.class)
  @ContextHierarchy({
    @ContextConfiguration(classes = Names.Wiring.class),
    @ContextConfiguration(classes = NoBeans.class)
  })
  @OvrseerEnvironment(scope = Scope.CLASS)
  @Dependency(
      id = "names",
      command = {"${java}", "-cp", "${classpath}", NAMES, "${port:names}", "hierarchy"},
      ready = @Ready(log = "listening"))
  static class Hierarchy extends Recording {
    @Test
    void talksToItsServerThroughTheParent(@Port("names") int port) {
      assertWiredToThisEnvironment(this, context, "hierarchy", port);
    }
  }

  /** What the Closing fixtures' server answered while their context closed, by its name. */
  private static final Map<String, String> CLOSING = new ConcurrentHashMap<>();

  /** Asks the server as the context closes, as a bean that flushes or says goodbye would. */
  @Configuration(proxyBeanMethods = false)
  static class AskOnClose {
    @Bean
    DisposableBean askOnClose(Names.Client names, @Value("${name}") String name) {
      return () -> {
        String answer;
        try {
          answer = names.ask();
        } catch (UncheckedIOException e) {
          answer = e.getMessage();
        }
        CLOSING.put(name, answer);
      };
    }
  }

  @SpringKit.Fixture
  @SpringJUnitConfig({Names.Wiring.class, AskOnClose.class})
  @TestPropertySource(properties = "name=closing-class")
  @OvrseerEnvironment(scope = Scope.CLASS)
  @Dependency(
      id = "names",
      command = {"${java}", "-cp", "${classpath}", NAMES, "${port:names}", "closing-class"},
      ready = @Ready(log = "listening"))
  static class ClosingWithClass extends Recording {
    @Test
    void talksToItsServer(@Port("names") int port) {
      assertWiredToThisEnvironment(this, context, "closing-class", port);
    }
  }

  @SpringKit.Fixture
  @SpringJUnitConfig({Names.Wiring.class, AskOnClose.class})
  @TestPropertySource(properties = "name=closing-global")
  @OvrseerEnvironment(scope = Scope.GLOBAL)
  @Dependency(
      id = "names",
      command = {"${java}", "-cp", "${classpath}", NAMES, "${port:names}", "closing-global"},
      ready = @Ready(log = "listening"))
  static class ClosingWithGlobal extends Recording {
    @Test
    void talksToItsServer(@Port("names") int port) {
      assertWiredToThisEnvironment(this, context, "closing-global", port);
    }
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

  /** One GLOBAL environment, declared by each Amber fixture. */
  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.TYPE)
  @OvrseerEnvironment(scope = Scope.GLOBAL)
  @Dependency(
      id = "names",
      command = {"${java}", "-cp", "${classpath}", NAMES, "${port:names}", "amber"},
      ready = @Ready(log = "listening"))
  @interface AmberEnvironment {}

  @SpringKit.Fixture
  @Order(1)
  @SpringJUnitConfig(Names.Wiring.class)
  @AmberEnvironment
  static class Amber extends Recording {
    @Test
    void talksToTheAmberServer(@Port("names") int port) {
      assertWiredToThisEnvironment(this, context, "amber", port);
    }
  }

  @SpringKit.Fixture
  @Order(2)
  @SpringJUnitConfig(Names.Wiring.class)
  @OvrseerEnvironment(scope = Scope.GLOBAL)
  @Dependency(
      id = "names",
      command = {"${java}", "-cp", "${classpath}", NAMES, "${port:names}", "green"},
      ready = @Ready(log = "listening"))
  static class Green extends Recording {
    @Test
    void talksToTheGreenServer(@Port("names") int port) {
      GREEN.put("port", port);
      assertWiredToThisEnvironment(this, context, "green", port);
    }
  }

  /** Gets Amber's cached context, checked against Amber's environment while Green is up. */
  @SpringKit.Fixture
  @Order(3)
  @SpringJUnitConfig(Names.Wiring.class)
  @AmberEnvironment
  static class AmberAgain extends Recording {
    @Test
    void stillTalksToTheAmberServer(@Port("names") int port) {
      assertGreenOwnsTheSystemProperty(port);
      assertWiredToThisEnvironment(this, context, "amber", port);
    }
  }

  /** Loads a new context (another inlined property) for Amber's environment while Green is up. */
  @SpringKit.Fixture
  @Order(4)
  @SpringJUnitConfig(Names.Wiring.class)
  @TestPropertySource(properties = "fixture=amber-fresh")
  @AmberEnvironment
  static class AmberFresh extends Recording {
    @Test
    void loadsAContextOfTheAmberServer(@Port("names") int port) {
      assertGreenOwnsTheSystemProperty(port);
      assertWiredToThisEnvironment(this, context, "amber", port);
    }
  }

  @SpringKit.Fixture
  @SpringJUnitConfig(Names.Wiring.class)
  @OvrseerEnvironment(scope = Scope.CLASS)
  @Dependency(
      id = "names",
      command = {"${java}", "-cp", "${classpath}", NAMES, "${port:names}", "family"},
      ready = @Ready(log = "listening"))
  static class Family extends Recording {
    @Test
    void talksToItsServer(@Port("names") int port) {
      assertWiredToThisEnvironment(this, context, "family", port);
    }

    @Nested
    class SameConfiguration extends Recording {
      @Test
      void talksToTheServerOfTheEnclosingClass(@Port("names") int port) {
        assertWiredToThisEnvironment(this, context, "family", port);
      }
    }

    @Nested
    @TestPropertySource(properties = "fixture=own-configuration")
    class OwnConfiguration extends Recording {
      @Test
      void talksToTheServerOfTheEnclosingClass(@Port("names") int port) {
        assertWiredToThisEnvironment(this, context, "family", port);
      }
    }
  }

  /** Its own configuration never loads a context: it has no tests. */
  @SpringKit.Fixture
  @SpringJUnitConfig(Names.Wiring.class)
  @OvrseerEnvironment(scope = Scope.CLASS)
  @Dependency(
      id = "names",
      command = {"${java}", "-cp", "${classpath}", NAMES, "${port:names}", "only-nested"},
      ready = @Ready(log = "listening"))
  static class OnlyNested {
    @Nested
    @TestPropertySource(properties = "fixture=only-own-configuration")
    class OnlyOwnConfiguration extends Recording {
      @Test
      void talksToTheServerOfTheEnclosingClass(@Port("names") int port) {
        assertWiredToThisEnvironment(this, context, "only-nested", port);
      }
    }
  }

  /** Its environment is CLASS scoped, but Spring runs only its @Nested class. */
  @SpringKit.Fixture
  @OvrseerEnvironment(scope = Scope.CLASS)
  @Dependency(
      id = "names",
      command = {"${java}", "-cp", "${classpath}", NAMES, "${port:names}", "plain-outer"},
      ready = @Ready(log = "listening"))
  static class PlainOuter {
    @Nested
    @SpringJUnitConfig(Names.Wiring.class)
    class SpringInner extends Recording {
      @Test
      void talksToTheServerOfTheEnclosingClass(@Port("names") int port) {
        assertWiredToThisEnvironment(this, context, "plain-outer", port);
      }
    }
  }

  @SpringKit.Fixture
  @SpringJUnitConfig(Names.Wiring.class)
  @OvrseerEnvironment(scope = Scope.GLOBAL)
  @Dependency(
      id = "names",
      command = {"${java}", "-cp", "${classpath}", NAMES, "${port:names}", "before-all-spring"},
      ready = @Ready(log = "listening"))
  static class BeforeAllSpringFirst {
    @BeforeAll
    static void talksToTheServerOfThisRun(@Autowired Names.Client names, @Port("names") int port) {
      assertThat(names.port()).isEqualTo(port);
      assertThat(names.ask()).isEqualTo("before-all-spring");
    }

    @Test
    void runs() {}
  }

  @SpringKit.Fixture
  @OvrseerEnvironment(scope = Scope.GLOBAL)
  @Dependency(
      id = "names",
      command = {"${java}", "-cp", "${classpath}", NAMES, "${port:names}", "before-all-ovrseer"},
      ready = @Ready(log = "listening"))
  @SpringJUnitConfig(Names.Wiring.class)
  static class BeforeAllOvrseerFirst {
    @BeforeAll
    static void talksToTheServerOfThisRun(@Autowired Names.Client names, @Port("names") int port) {
      assertThat(names.port()).isEqualTo(port);
      assertThat(names.ask()).isEqualTo("before-all-ovrseer");
    }

    @Test
    void runs() {}
  }
}
