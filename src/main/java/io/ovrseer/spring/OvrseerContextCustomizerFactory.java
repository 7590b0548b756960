package io.ovrseer.spring;

import io.ovrseer.junit.OvrseerEnvironment.Scope;
import java.util.List;
import java.util.Optional;
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
 */
final class OvrseerContextCustomizerFactory implements ContextCustomizerFactory {

  private static final String TEST_INSTANCE = "org.junit.jupiter.api.TestInstance";

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
    rejectPerClassLifecycle(testClass, environment.owner());
    return new OvrseerContextCustomizer(
        EnvironmentIdentity.of(environment),
        SpringBootBindings.choose(environment.services(), springServices(testClass), testClass));
  }

  /**
   * With {@code @TestInstance(PER_CLASS)} on the class that owns the environment, JUnit creates its
   * test instance, and Spring loads the context, before the {@code @BeforeAll} callbacks that start
   * the environment (see {@link OvrseerContextCustomizer}); say so now rather than when the context
   * fails to load. A {@code @Nested} class of the owner may use PER_CLASS: its instances are made
   * after the owner started the environment. Read by name: nothing here needs JUnit's classes.
   */
  private static void rejectPerClassLifecycle(Class<?> testClass, Class<?> owner) {
    MergedAnnotation<?> lifecycle = EnvironmentDeclaration.annotationsOf(owner).get(TEST_INSTANCE);
    if (lifecycle.isPresent()
        && "PER_CLASS".equals(lifecycle.getValue("value").map(String::valueOf).orElse(""))) {
      throw new IllegalStateException(
          "@TestInstance(PER_CLASS) on ["
              + owner.getName()
              + "]: Spring would load the ApplicationContext of ["
              + testClass.getName()
              + "] when JUnit creates the test instance, before the Ovrseer environment declared"
              + " there starts, and could not wire the context to it. Use the default lifecycle"
              + " PER_METHOD for Spring tests with an Ovrseer environment");
    }
  }

  /** The ids of {@link SpringService} on the test class, its superclasses or enclosing classes. */
  private static Optional<String[]> springServices(Class<?> testClass) {
    for (Class<?> c = testClass; c != null; c = EnvironmentDeclaration.enclosingOfNested(c)) {
      MergedAnnotation<SpringService> named =
          EnvironmentDeclaration.annotationsOf(c).get(SpringService.class);
      if (named.isPresent()) {
        return Optional.of(named.getStringArray("value"));
      }
    }
    return Optional.empty();
  }
}
