package io.ovrseer.spring;

import static io.ovrseer.spring.SpringKit.NAMES;
import static org.assertj.core.api.Assertions.assertThat;

import io.ovrseer.junit.Dependency;
import io.ovrseer.junit.OvrseerEnvironment;
import io.ovrseer.junit.OvrseerEnvironment.Scope;
import io.ovrseer.junit.Ready;
import io.ovrseer.testing.NoLeftoverProcesses;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.junit.jupiter.SpringJUnitConfig;

/**
 * METHOD scope, and a CLASS environment of an abstract class with a {@code @Nested} class, would
 * load the context apart from the environment it needs: they fail with a message that says why and
 * what to use.
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
  void aNestedClassOfAnAbstractClassWithClassScopeFailsSayingWhy() {
    List<Throwable> failures = SpringKit.failures(SpringKit.run(ConcreteOfAbstract.class));

    // Before: "The Ovrseer environment of [...Inner] is not running while Spring loads its
    // ApplicationContext", blaming a TestExecutionListener.
    assertThat(failures).hasSize(1); // the concrete class's own test passes
    assertThat(SpringKit.messages(failures.get(0)))
        .contains(
            "["
                + AbstractWithNested.Inner.class.getName()
                + "] is a @Nested class declared in the abstract class ["
                + AbstractWithNested.class.getName()
                + "]")
        .contains("with scope GLOBAL");
  }

  @SpringJUnitConfig(Names.Wiring.class)
  @OvrseerEnvironment(scope = Scope.CLASS)
  @Dependency(
      id = "names",
      command = {"${java}", "-cp", "${classpath}", NAMES, "${port:names}", "inherited"},
      ready = @Ready(log = "listening"))
  abstract static class AbstractWithNested {
    @Autowired Names.Client names;

    /** JUnit runs it inside ConcreteOfAbstract, whose environment is its own. */
    @Nested
    class Inner {
      @Test
      void neverRuns() {}
    }
  }

  @SpringKit.Fixture
  static class ConcreteOfAbstract extends AbstractWithNested {
    @Test
    void talksToItsServer() {
      assertThat(names.ask()).isEqualTo("inherited");
    }
  }

  @Test
  void aNestedClassOfAnAbstractClassWhoseSubclassAddsProcessesFailsSayingWhy() {
    List<Throwable> failures = SpringKit.failures(SpringKit.run(AddingToAbstract.class));

    // Before: "...is not running while Spring loads its ApplicationContext ... as a
    // TestExecutionListener that needs the context in beforeTestClass does".
    assertThat(failures).hasSize(1); // the concrete class's own test passes
    assertThat(SpringKit.messages(failures.get(0)))
        .contains(
            "The Ovrseer environment declared on the abstract class ["
                + GlobalWithNested.class.getName()
                + "] is not running while Spring loads the ApplicationContext of its @Nested class ["
                + GlobalWithNested.Inner.class.getName()
                + "]")
        .doesNotContain("TestExecutionListener");
  }

  @SpringJUnitConfig(Names.Wiring.class)
  @OvrseerEnvironment(scope = Scope.GLOBAL)
  abstract static class GlobalWithNested {
    @Autowired Names.Client names;

    /** JUnit runs it inside AddingToAbstract, whose environment has a process more. */
    @Nested
    class Inner {
      @Test
      void neverRuns() {}
    }
  }

  @SpringKit.Fixture
  @Dependency(
      id = "names",
      command = {"${java}", "-cp", "${classpath}", NAMES, "${port:names}", "added"},
      ready = @Ready(log = "listening"))
  static class AddingToAbstract extends GlobalWithNested {
    @Test
    void talksToItsServer() {
      assertThat(names.ask()).isEqualTo("added");
    }
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
}
