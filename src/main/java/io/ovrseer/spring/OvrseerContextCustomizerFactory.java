package io.ovrseer.spring;

import io.ovrseer.junit.OvrseerEnvironment.Scope;
import java.util.List;
import java.util.Optional;
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
    return new OvrseerContextCustomizer(
        EnvironmentIdentity.of(environment),
        SpringBootBindings.choose(environment.services(), springServices(testClass), testClass));
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
