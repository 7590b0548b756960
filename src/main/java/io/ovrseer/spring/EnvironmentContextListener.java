package io.ovrseer.spring;

import io.ovrseer.junit.OvrseerEnvironment.Scope;
import java.util.Map;
import java.util.Optional;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.Ordered;
import org.springframework.core.env.PropertySource;
import org.springframework.test.annotation.DirtiesContext.HierarchyMode;
import org.springframework.test.context.TestContext;
import org.springframework.test.context.TestExecutionListener;

/**
 * Keeps Spring's cached contexts in step with the Ovrseer environments they are wired to.
 * Registered in {@code META-INF/spring.factories} with Spring's default listeners.
 *
 * <ul>
 *   <li>Before a test class's callbacks and before a test instance gets its dependencies, a cached
 *       context whose environment is no longer the one running (it stopped, or was started anew
 *       with other ports) is closed and removed from the cache, so that neither a static
 *       {@code @BeforeAll} method's injected parameters nor the test instance get a context of a
 *       stopped environment.
 *   <li>After the last test of the class that owns a {@link Scope#CLASS} environment, that class's
 *       context is closed: its environment stops now, and no other class uses the context.
 * </ul>
 */
final class EnvironmentContextListener implements TestExecutionListener, Ordered {

  /** Before Spring's listeners that use the context when preparing a test instance (1000+). */
  private static final int ORDER = 900;

  @Override
  public int getOrder() {
    return ORDER;
  }

  @Override
  public void beforeTestClass(TestContext testContext) {
    closeIfStale(testContext);
  }

  @Override
  public void prepareTestInstance(TestContext testContext) {
    closeIfStale(testContext);
  }

  private static void closeIfStale(TestContext testContext) {
    if (!testContext.hasApplicationContext()) {
      return; // not loaded yet, or not cached: it will load against the running environment
    }
    Optional<OvrseerPropertySource> source = ovrseerSource(testContext.getApplicationContext());
    if (source.isEmpty()) {
      return;
    }
    Optional<Map<String, String>> running =
        RunningEnvironmentProperties.of(source.get().identity());
    if (running.isEmpty() || !running.get().equals(source.get().published())) {
      testContext.markApplicationContextDirty(HierarchyMode.CURRENT_LEVEL);
    }
  }

  @Override
  public void afterTestClass(TestContext testContext) {
    Optional<EnvironmentDeclaration> environment =
        EnvironmentDeclaration.of(testContext.getTestClass());
    if (environment.isPresent()
        && environment.get().scope() == Scope.CLASS
        && environment.get().owner() == testContext.getTestClass()
        && testContext.hasApplicationContext()
        && ovrseerSource(testContext.getApplicationContext()).isPresent()) {
      testContext.markApplicationContextDirty(HierarchyMode.CURRENT_LEVEL);
    }
  }

  private static Optional<OvrseerPropertySource> ovrseerSource(ApplicationContext context) {
    if (!(context instanceof ConfigurableApplicationContext configurable)) {
      return Optional.empty();
    }
    PropertySource<?> source =
        configurable.getEnvironment().getPropertySources().get(OvrseerPropertySource.NAME);
    return source instanceof OvrseerPropertySource ovrseer
        ? Optional.of(ovrseer)
        : Optional.empty();
  }
}
