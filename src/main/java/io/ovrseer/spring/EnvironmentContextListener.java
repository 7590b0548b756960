package io.ovrseer.spring;

import io.ovrseer.internal.RunningEnvironments;
import io.ovrseer.junit.OvrseerEnvironment.Scope;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.Ordered;
import org.springframework.core.env.PropertySource;
import org.springframework.test.annotation.DirtiesContext.HierarchyMode;
import org.springframework.test.context.TestContext;
import org.springframework.test.context.TestExecutionListener;
import org.springframework.test.context.junit.jupiter.SpringExtension;

/**
 * Keeps Spring's cached contexts in step with the Ovrseer environments they are wired to.
 * Registered in {@code META-INF/spring.factories} with Spring's default listeners.
 *
 * <ul>
 *   <li>Before a test class's callbacks and before a test instance gets its dependencies, a cached
 *       context whose environment is no longer the one running (it stopped, or was started anew
 *       with other ports) is closed and removed from the cache (with the parents of a {@code
 *       ContextHierarchy}, whose every level is wired to it), so that neither a static
 *       {@code @BeforeAll} method's injected parameters nor the test instance get a context of a
 *       stopped environment.
 *   <li>After the last test of the class that owns a {@link Scope#CLASS} environment, the contexts
 *       wired to it are closed, its own and those its {@code @Nested} classes loaded with a
 *       configuration of their own: its environment stops now, and no other class uses them. A
 *       {@code @Nested} class's context is closed after that class instead when the owner is not
 *       run by Spring (it gets no callback of its own).
 *   <li>Whatever the order of the extensions, the contexts of each test class that Spring ran are
 *       closed when their environment stops, before its processes are stopped ({@link
 *       RunningEnvironments#beforeStop}): Spring's {@code afterAll} comes after the Ovrseer
 *       extension's when Spring's annotation is written first, and a {@code GLOBAL} environment
 *       stops at the end of the run, long before the JVM closes Spring's cache.
 * </ul>
 */
final class EnvironmentContextListener implements TestExecutionListener, Ordered {

  /** Before Spring's listeners that use the context when preparing a test instance (1000+). */
  private static final int ORDER = 900;

  /**
   * The test contexts of {@code @Nested} classes that used a context wired to a {@link Scope#CLASS}
   * environment, until the class that owns the environment ends.
   */
  private static final Map<EnvironmentIdentity, Set<TestContext>> NESTED =
      new ConcurrentHashMap<>();

  @Override
  public int getOrder() {
    return ORDER;
  }

  @Override
  public void beforeTestClass(TestContext testContext) {
    closeIfStale(testContext);
    // Spring's afterAll, which would close the context of a CLASS environment, comes after the
    // Ovrseer extension's (which stops it) when Spring's annotation is written first; a GLOBAL
    // environment stops at the end of the run, long before the JVM closes the cache.
    EnvironmentDeclaration.of(testContext.getTestClass())
        .ifPresent(
            e ->
                RunningEnvironments.beforeStop(
                    EnvironmentIdentity.of(e).key(), () -> closeIfLoaded(testContext)));
  }

  /** Closes the cached context of {@code testContext}, if it has one; never loads one. */
  private static void closeIfLoaded(TestContext testContext) {
    if (testContext.hasApplicationContext()) {
      close(testContext);
    }
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
        RunningEnvironmentProperties.of(source.get().identity(), testContext.getTestClass());
    if (running.isEmpty() || !running.get().equals(source.get().published())) {
      close(testContext);
    }
  }

  /**
   * Closes the context of {@code testContext} and removes it from the cache, with its whole
   * {@code @ContextHierarchy}: every level is wired to the environment, and a parent left in the
   * cache would be reused, with the ports of the stopped environment, by the next child loaded on
   * it. A hierarchy shares its root only with contexts of the same configuration, and so of the
   * same environment.
   */
  private static void close(TestContext testContext) {
    testContext.markApplicationContextDirty(HierarchyMode.EXHAUSTIVE);
  }

  @Override
  public void afterTestClass(TestContext testContext) {
    Class<?> testClass = testContext.getTestClass();
    Optional<EnvironmentDeclaration> environment = EnvironmentDeclaration.of(testClass);
    if (environment.isEmpty() || environment.get().scope() != Scope.CLASS) {
      return;
    }
    boolean wired =
        testContext.hasApplicationContext()
            && ovrseerSource(testContext.getApplicationContext()).isPresent();
    EnvironmentIdentity identity = EnvironmentIdentity.of(environment.get());
    Class<?> owner = environment.get().owner();
    if (owner != testClass && runBySpring(owner)) {
      if (wired) { // closed with the owner's: one shared with the owner or a sibling loads once
        NESTED.computeIfAbsent(identity, k -> ConcurrentHashMap.newKeySet()).add(testContext);
      }
      return;
    }
    if (wired) {
      close(testContext);
    }
    Set<TestContext> nested = NESTED.remove(identity);
    if (nested != null) {
      nested.forEach(EnvironmentContextListener::close);
    }
  }

  /** Whether Spring's JUnit extension runs {@code testClass}, so that it gets our callbacks. */
  private static boolean runBySpring(Class<?> testClass) {
    return EnvironmentDeclaration.annotationsOf(testClass).stream(ExtendWith.class)
        .anyMatch(e -> Arrays.asList(e.getClassArray("value")).contains(SpringExtension.class));
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
