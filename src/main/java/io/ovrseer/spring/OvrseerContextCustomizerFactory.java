package io.ovrseer.spring;

import io.ovrseer.internal.OrphanGuard;
import io.ovrseer.junit.OvrseerEnvironment.Scope;
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.Optional;
import org.springframework.context.aot.AbstractAotProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.MergedAnnotation;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;

/**
 * Gives every Spring test class that has an Ovrseer environment an {@link
 * OvrseerContextCustomizer}. Registered in {@code META-INF/spring.factories}, so Spring's
 * TestContext framework finds it on the class path by itself; test classes without
 * {@code @OvrseerEnvironment} are left alone.
 *
 * <p>Spring calls this when it builds a test class's context configuration, which may be before the
 * environment starts (when {@code @SpringBootTest} comes before {@code @OvrseerEnvironment}): it
 * reads only the declaration and checks what can be checked now; the customizer reads the running
 * environment later, when the context loads.
 *
 * <p>Spring's build-time AOT processing of tests calls it too (see {@link #aotProcessing()}): then
 * it starts nothing, and its customizer adds no property source.
 *
 * <p>It comes first among the factories (Spring sorts them by order, then by their place on the
 * class path), so its customizer adds the environment's property source before the others add
 * theirs: {@code @DynamicPropertySource} (and {@code DynamicPropertyRegistrar} beans), whose source
 * Spring adds on top, wins over the environment whichever jar comes first on the class path.
 */
final class OvrseerContextCustomizerFactory implements ContextCustomizerFactory, Ordered {

  @Override
  public int getOrder() {
    return Ordered.HIGHEST_PRECEDENCE;
  }

  @Override
  public ContextCustomizer createContextCustomizer(
      Class<?> testClass, List<ContextConfigurationAttributes> configurationAttributes) {
    Optional<EnvironmentDeclaration> declared = EnvironmentDeclaration.of(testClass);
    if (declared.isEmpty()) {
      return null;
    }
    EnvironmentDeclaration environment = declared.get();
    if (environment.scope() == Scope.METHOD) {
      throw new IllegalStateException(
          "@OvrseerEnvironment(scope = METHOD) on ["
              + environment.owner().getName()
              + "] cannot feed the Spring ApplicationContext of ["
              + testClass.getName()
              + "]: Spring loads and caches one context before the first test, and each test's"
              + " environment starts later with new ports. Use scope GLOBAL (recommended for"
              + " Spring tests: one cached context for every class of that environment) or CLASS");
    }
    if (environment.scope() == Scope.CLASS
        && environment.owner() != testClass
        && Modifier.isAbstract(environment.owner().getModifiers())) {
      throw inheritedNested(testClass, environment.owner());
    }
    if (!aotProcessing()) {
      // A test run: Spring builds the configuration before the Ovrseer extension reads the
      // declaration when Spring's annotation comes first, and its bootstrap takes a while; the
      // orphan guard comes up meanwhile (the first spawn still waits for it), as the extension
      // asks for it. Not at build time: the guard's watchdog is a process of its own.
      OrphanGuard.startSoon();
    }
    return new OvrseerContextCustomizer(
        EnvironmentIdentity.of(environment),
        SpringBootBindings.choose(
            environment.services(), springServices(testClass, environment.owner()), testClass));
  }

  /**
   * Whether Spring's build-time AOT processing of tests runs in this JVM: the {@code
   * TestAotProcessor} that Spring Boot's Maven goal {@code process-test-aot} and Gradle task {@code
   * processTestAot} run sets the system property {@value AbstractAotProcessor#AOT_PROCESSING} while
   * it works. It builds each test class's configuration and loads its context's bean definitions in
   * a JVM that runs no test: no environment starts there, and nothing may be spawned.
   */
  static boolean aotProcessing() {
    return Boolean.getBoolean(AbstractAotProcessor.AOT_PROCESSING);
  }

  /**
   * A {@code @Nested} class declared in an abstract class runs inside each concrete subclass, with
   * that subclass's {@code CLASS} environment; Spring (like this factory, which gets only the test
   * class) configures it from the class that encloses it in the source, whose environment never
   * runs. Said so up front, rather than as an environment that is not running.
   */
  private static IllegalStateException inheritedNested(Class<?> testClass, Class<?> owner) {
    return new IllegalStateException(
        "["
            + testClass.getName()
            + "] is a @Nested class declared in the abstract class ["
            + owner.getName()
            + "]: JUnit runs it inside each concrete subclass, with that subclass's"
            + " @OvrseerEnvironment(scope = CLASS), but Spring configures its ApplicationContext"
            + " from ["
            + owner.getName()
            + "], so the context cannot be wired to the subclass's environment. Declare the"
            + " @Nested class in the concrete class, or declare the whole environment on ["
            + owner.getName()
            + "] with scope GLOBAL (see docs/spring.md)");
  }

  /**
   * The ids of {@link SpringService} on the test class, its superclasses or enclosing classes up to
   * {@code owner}, the class that declares the environment: one further out names services of
   * another environment (a {@code @Nested} class with an environment of its own).
   */
  private static Optional<String[]> springServices(Class<?> testClass, Class<?> owner) {
    for (Class<?> c = testClass; c != null; c = EnvironmentDeclaration.enclosingOfNested(c)) {
      MergedAnnotation<SpringService> named =
          EnvironmentDeclaration.annotationsOf(c).get(SpringService.class);
      if (named.isPresent()) {
        return Optional.of(named.getStringArray("value"));
      }
      if (c == owner) {
        break;
      }
    }
    return Optional.empty();
  }
}
