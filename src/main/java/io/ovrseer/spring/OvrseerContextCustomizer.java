package io.ovrseer.spring;

import java.lang.reflect.Modifier;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.MergedContextConfiguration;
import org.springframework.test.context.support.TestPropertySourceUtils;

/**
 * Adds the properties of a running Ovrseer environment to a test's {@code ApplicationContext} as it
 * loads. Its equality is the environment's: Spring's context cache keys contexts by their
 * customizers, so a cached context is reused only by classes of the same environment (and the same
 * choice of {@link SpringService} services).
 *
 * <p>The source goes after the test's inlined properties ({@code @TestPropertySource(properties)},
 * {@code @SpringBootTest(properties)}) and its {@code @DynamicPropertySource} values (added on top
 * by a customizer that runs after this one, see {@link OvrseerContextCustomizerFactory}), which
 * still win, and before everything else (system properties, application properties).
 *
 * @param identity the environment the context is wired to
 * @param bindings the services Spring Boot's properties point to
 */
record OvrseerContextCustomizer(EnvironmentIdentity identity, SpringBootBindings bindings)
    implements ContextCustomizer {

  @Override
  public void customizeContext(
      ConfigurableApplicationContext context, MergedContextConfiguration configuration) {
    if (OvrseerContextCustomizerFactory.aotProcessing()) {
      // Build-time AOT processing: no environment runs, and its ports would be another run's
      // anyway; the test run's context gets the source when it loads (Spring applies the
      // customizers to a context restored from the generated code too).
      return;
    }
    Map<String, String> published =
        RunningEnvironmentProperties.of(identity, configuration.getTestClass())
            .orElseThrow(() -> notRunning(configuration.getTestClass()));
    ConfigurableEnvironment environment = context.getEnvironment();
    Map<String, Object> all = new LinkedHashMap<>(published);
    all.putAll(bindings.resolve(published, identity, environment::containsProperty));
    OvrseerPropertySource source = new OvrseerPropertySource(identity, published, all);
    MutablePropertySources sources = environment.getPropertySources();
    String inlined = TestPropertySourceUtils.INLINED_PROPERTIES_PROPERTY_SOURCE_NAME;
    if (sources.contains(inlined)) {
      sources.addAfter(inlined, source);
    } else {
      sources.addFirst(source);
    }
  }

  private static IllegalStateException notRunning(Class<?> testClass) {
    Class<?> owner =
        EnvironmentDeclaration.of(testClass).map(EnvironmentDeclaration::owner).orElse(null);
    if (owner != null && owner != testClass && Modifier.isAbstract(owner.getModifiers())) {
      // Spring configured it from the abstract class that encloses it in the source; JUnit runs it
      // inside a subclass, whose environment (with processes of its own) is another one.
      return new IllegalStateException(
          "The Ovrseer environment declared on the abstract class ["
              + owner.getName()
              + "] is not running while Spring loads the ApplicationContext of its @Nested class ["
              + testClass.getName()
              + "]: JUnit runs the @Nested class inside a concrete subclass, whose environment is"
              + " another one (it declares processes of its own), but Spring configures the"
              + " context from ["
              + owner.getName()
              + "]. Declare the whole environment on ["
              + owner.getName()
              + "], or the @Nested class in the concrete class (see docs/spring.md)");
    }
    return new IllegalStateException(
        "The Ovrseer environment of ["
            + testClass.getName()
            + "] is not running while Spring loads its ApplicationContext, so the context cannot"
            + " be wired to it. Spring loaded the context before the environment started, as a"
            + " TestExecutionListener that needs the context in beforeTestClass does (such as"
            + " @Sql(executionPhase = BEFORE_TEST_CLASS)) (see docs/spring.md)");
  }
}
