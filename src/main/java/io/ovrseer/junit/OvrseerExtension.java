package io.ovrseer.junit;

import io.ovrseer.Ovrseer;
import io.ovrseer.OvrseerOptions;
import io.ovrseer.crash.CrashReport;
import io.ovrseer.crash.CrashReporter;
import io.ovrseer.internal.OrphanGuard;
import io.ovrseer.internal.Timeouts;
import io.ovrseer.junit.OvrseerEnvironment.Scope;
import io.ovrseer.process.ProcessUnit;
import io.ovrseer.spec.EnvironmentSpec;
import io.ovrseer.spec.Ports;
import io.ovrseer.spec.ProcessGroup;
import io.ovrseer.spec.ProcessSpec;
import io.ovrseer.spec.SpecException;
import io.ovrseer.spec.SpecReader;
import io.ovrseer.spec.Suggestions;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance.Lifecycle;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.DynamicTestInvocationContext;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestInstanceFactoryContext;
import org.junit.jupiter.api.extension.TestInstancePreConstructCallback;
import org.junit.platform.commons.support.AnnotationSupport;
import org.opentest4j.TestAbortedException;

/**
 * The JUnit Jupiter extension that runs an Ovrseer environment around tests. Usually registered by
 * {@link OvrseerEnvironment @OvrseerEnvironment}, which documents the lifecycle, defaults and
 * errors; this class is also the programmatic form of the same environment:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final OvrseerExtension OVRSEER = OvrseerExtension.builder()
 *     .retryDelay(Duration.ofMillis(200))
 *     .dependency("redis", ports -> ProcessUnit
 *         .builder("redis-server", "--port", String.valueOf(ports.get("redis")))
 *         .readyCheck(ReadyCheck.logPattern("Ready to accept", Duration.ofSeconds(10)))
 *         .build())
 *     .mainProcess("api", ports -> ProcessUnit
 *         .builder(ports.resolve("${java}"), "-cp", ports.resolve("${classpath}"),
 *             "com.example.Api", String.valueOf(ports.get("api")))
 *         .readyCheck(ReadyCheck.http(
 *             "http://localhost:" + ports.get("api") + "/health", Duration.ofSeconds(30)))
 *         .build())
 *     .build();
 * }</pre>
 *
 * Use either the annotations or one registered instance, on a static field, for one class: a second
 * declaration fails the class. Either way it resolves these test parameters: {@link Ovrseer};
 * {@link ProcessUnit} annotated {@link ProcessId @ProcessId}; {@code int} or {@code Integer}
 * annotated {@link Port @Port}; {@code List<CrashReport>}, the crash reports of the running test (a
 * live view).
 *
 * <p>All state lives in the {@link ExtensionContext.Store} of the extension's namespace, so the
 * environment is stopped when its scope ends, whatever happened in the tests.
 */
public final class OvrseerExtension
    implements BeforeAllCallback,
        AfterAllCallback,
        BeforeEachCallback,
        AfterEachCallback,
        TestInstancePreConstructCallback,
        InvocationInterceptor,
        ParameterResolver {

  private static final Namespace NAMESPACE = Namespace.create(OvrseerExtension.class);
  private static final String CONFIG = "config";
  private static final String HANDLE = "handle";
  private static final String CURRENT = "current";
  private static final String CLASS_CRASHES = "class-crashes";
  private static final String TEST_CRASHES = "test-crashes";
  private static final String TEST_LOGS = "test-logs";
  private static final String ENCLOSING_CRASHES = "enclosing-crashes";
  private static final String ANNOTATIONS = "@OvrseerEnvironment";

  /** The builder's declaration, or null when the annotations declare the environment. */
  private final Builder programmatic;

  /** The extension {@link OvrseerEnvironment @OvrseerEnvironment} registers. */
  public OvrseerExtension() {
    this(null);
  }

  private OvrseerExtension(Builder programmatic) {
    this.programmatic = programmatic;
  }

  /** A builder of the programmatic form, with the defaults of {@link OvrseerEnvironment}. */
  public static Builder builder() {
    return new Builder();
  }

  // ---------------------------------------------------------------- lifecycle

  /**
   * With the {@code PER_CLASS} test instance lifecycle, JUnit creates the class's test instance
   * before its {@code @BeforeAll} callbacks, and instance post-processors run on it then (Spring's
   * loads the {@code ApplicationContext}): the class's environment is started now, so that it is up
   * for them whatever the extension order; {@link #beforeAll} then finds it started.
   */
  @Override
  public void preConstructTestInstance(
      TestInstanceFactoryContext factoryContext, ExtensionContext context) {
    if (context.getTestInstanceLifecycle().orElse(Lifecycle.PER_METHOD) == Lifecycle.PER_CLASS
        && context.getTestClass().orElse(null) == factoryContext.getTestClass()) {
      start(context);
    }
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    start(context);
  }

  /** Starts the environment {@code context}'s class declares, unless it was started already. */
  private void start(ExtensionContext context) {
    if (programmatic != null) {
      context.getStore(NAMESPACE).put(new BeforeAllCalled(this), Boolean.TRUE);
    }
    ClassConfig earlier = context.getStore(NAMESPACE).get(CONFIG, ClassConfig.class);
    boolean sameClass = earlier != null && earlier.contextId().equals(context.getUniqueId());
    if (sameClass && earlier.owner() == this) {
      return; // started before the PER_CLASS test instance was created
    }
    Optional<ClassConfig> declared = declaration(context);
    if (declared.isEmpty()) {
      openNestedClassSinks(context, null);
      if (ownConfig(context) != null) {
        markClassLogs(context, null, false); // a @Nested class runs against the enclosing ones
      }
      return;
    }
    ClassConfig config = declared.get();
    if (sameClass) {
      declaredOnce(earlier, config, context);
      return; // the same annotations, which the instance that read them first runs
    }
    if (earlier != null && earlier.scope() == Scope.METHOD) {
      // The enclosing one starts in beforeEach for a class that has none of its own (ownConfig):
      // the tests of this one would run without it, which nothing would say.
      throw new ExtensionConfigurationException(
          "["
              + context.getDisplayName()
              + "] declares an Ovrseer environment of its own inside ["
              + earlier.declaration().testClass()
              + "], whose environment has scope METHOD: that one runs only around each test of a"
              + " class without an environment of its own, so the tests of ["
              + context.getDisplayName()
              + "] would run without it; declare all their processes in one environment, or give"
              + " the enclosing class scope CLASS");
    }
    ExtensionContext.Store store = context.getStore(NAMESPACE);
    store.put(CONFIG, config);
    EnvironmentHandle handle;
    switch (config.scope()) {
      case CLASS -> {
        handle = new EnvironmentHandle(config.declaration());
        store.put(HANDLE, handle);
      }
      case GLOBAL ->
          handle =
              context
                  .getRoot()
                  .getStore(NAMESPACE)
                  .getOrComputeIfAbsent(
                      new GlobalKey(
                          config.declaration().identity(), config.declaration().crashReports()),
                      key -> new EnvironmentHandle(config.declaration()),
                      EnvironmentHandle.class);
      default -> {
        openNestedClassSinks(context, null); // METHOD: its own environment runs in its tests only
        return;
      }
    }
    store.put(CURRENT, new Current(handle, config.failOnCrash(), context.getDisplayName()));
    // Before the start: a crash of an enclosing environment meanwhile is this class's.
    openNestedClassSinks(context, handle);
    CrashSink crashes = handle.startForClass(CrashPolicy.of(config.failOnCrash(), context));
    store.put(CLASS_CRASHES, crashes);
    // A CLASS environment's whole log is the class's; a shared GLOBAL one's, from now on.
    markClassLogs(context, crashes.environment(), config.scope() == Scope.CLASS);
    store.put(new ClassSinkOf(crashes.environment()), crashes);
  }

  /**
   * Opens, once, the crash sinks of a {@code @Nested} class on the environments of its enclosing
   * classes (but {@code own}'s, if it declares one): a crash of theirs in its {@code @BeforeAll} or
   * {@code @AfterAll}, while its own environment starts or stops, or between its tests is its own,
   * which its {@code @AllowCrash} may allow, not one of the enclosing class, whose sink does not
   * hear it meanwhile.
   */
  private void openNestedClassSinks(ExtensionContext context, EnvironmentHandle own) {
    ExtensionContext.Store store = context.getStore(NAMESPACE);
    NestedClassCrashes key = new NestedClassCrashes(context.getUniqueId());
    if (ownConfig(context) == null || store.get(key) != null || context.getParent().isEmpty()) {
      return;
    }
    List<EnclosingSink> sinks = new ArrayList<>();
    RunningEnvironment ownRunning = own == null ? null : own.running().orElse(null);
    for (Current outer : enclosing(context, ownRunning)) {
      RunningEnvironment running = outer.handle().running().orElseThrow();
      CrashSink enclosing = store.get(new ClassSinkOf(running), CrashSink.class);
      if (enclosing != null) {
        CrashSink sink = running.openNestedClassSink(enclosing);
        store.put(new ClassSinkOf(running), sink); // the enclosing one of deeper classes
        sinks.add(new EnclosingSink(sink, outer.failOnCrash(), outer.declaredBy()));
      }
    }
    store.put(key, new EnclosingSinks(sinks));
  }

  /**
   * Fails the class that a second instance declares an environment for: each instance would run its
   * own, and both would answer the same parameters. Two readings of the same annotations are not
   * two declarations (a {@code @Nested} class's own {@code @OvrseerEnvironment} is read by the
   * instance its enclosing class registered, as JUnit registers no second one for it).
   */
  private static void declaredOnce(
      ClassConfig earlier, ClassConfig second, ExtensionContext context) {
    if (earlier.source().equals(ANNOTATIONS) && second.source().equals(ANNOTATIONS)) {
      return;
    }
    throw declaredTwice(
        context,
        earlier.source().equals(second.source())
            ? "two registered OvrseerExtension instances"
            : earlier.source() + " and " + second.source());
  }

  private static ExtensionConfigurationException declaredTwice(
      ExtensionContext context, String which) {
    return new ExtensionConfigurationException(
        "["
            + context.getRequiredTestClass().getName()
            + "] declares its Ovrseer environment twice ("
            + which
            + "); declare it once: with the annotations or with one registered OvrseerExtension");
  }

  /**
   * Whether {@code testClass} (or a superclass) has an {@code OvrseerExtension} field annotated
   * {@code @RegisterExtension}: one on a static field runs after this instance, which its process
   * annotations registered, and would ignore them.
   */
  private static boolean registersAnExtension(Class<?> testClass) {
    return !AnnotationSupport.findAnnotatedFields(
            testClass,
            RegisterExtension.class,
            f -> OvrseerExtension.class.isAssignableFrom(f.getType()))
        .isEmpty();
  }

  /**
   * The environment in effect for {@code context} if this instance runs it, else null: with a
   * {@code @Nested} class that registers an {@code OvrseerExtension} of its own, the enclosing
   * class's instance is registered for it too, and leaves the nested class's environment alone.
   */
  private ClassConfig ownConfig(ExtensionContext context) {
    ClassConfig config = context.getStore(NAMESPACE).get(CONFIG, ClassConfig.class);
    return config == null || config.owner() != this ? null : config;
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    ClassConfig config = ownConfig(context);
    if (config == null) {
      // Also when the class's annotations run an environment: this one's would be ignored.
      if (programmatic != null
          && context.getStore(NAMESPACE).get(new BeforeAllCalled(this)) == null) {
        throw new ExtensionConfigurationException(
            "the OvrseerExtension registered on an instance field of ["
                + context.getRequiredTestClass().getName()
                + "] starts no environment, as JUnit calls its beforeAll only on a static field:"
                + " make the @RegisterExtension field static (also with scope METHOD)");
      }
      return;
    }
    ExtensionContext.Store store = context.getStore(NAMESPACE);
    if (config.scope() == Scope.METHOD) {
      EnvironmentHandle handle = new EnvironmentHandle(config.declaration());
      store.put(HANDLE, handle);
      store.put(CURRENT, new Current(handle, config.failOnCrash(), classDisplayName(context)));
      handle.start(CrashPolicy.of(config.failOnCrash(), context));
    }
    Optional<RunningEnvironment> environment = current(context);
    if (environment.isPresent()) {
      store.put(TEST_CRASHES, environment.get().openTestSink());
      TestLogs logs = TestLogs.mark(environment.get().ovrseer(), config.scope() == Scope.METHOD);
      List<EnclosingSink> enclosing = new ArrayList<>();
      for (Current outer : enclosing(context, environment.get())) {
        RunningEnvironment running = outer.handle().running().orElseThrow();
        enclosing.add(
            new EnclosingSink(running.openTestSink(), outer.failOnCrash(), outer.declaredBy()));
        logs = logs.and(running.ovrseer());
      }
      store.put(ENCLOSING_CRASHES, new EnclosingSinks(enclosing));
      store.put(TEST_LOGS, logs);
    }
  }

  /**
   * The running environments of enclosing classes that are not {@code own} (null: none is left
   * out), each once, nearest first: a {@code @Nested} class with its own environment runs against
   * them too, so a crash of theirs during its test is that test's, not one outside the tests of the
   * enclosing class.
   */
  private static List<Current> enclosing(ExtensionContext context, RunningEnvironment own) {
    List<Current> enclosing = new ArrayList<>();
    Set<RunningEnvironment> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    seen.add(own);
    for (Optional<ExtensionContext> c = context.getParent();
        c.isPresent();
        c = c.get().getParent()) {
      Current outer = c.get().getStore(NAMESPACE).get(CURRENT, Current.class);
      Optional<RunningEnvironment> running =
          outer == null ? Optional.empty() : outer.handle().running();
      if (running.isPresent() && seen.add(running.get())) {
        enclosing.add(outer);
      }
    }
    return enclosing;
  }

  @Override
  public void afterEach(ExtensionContext context) {
    ExtensionContext.Store store = context.getStore(NAMESPACE);
    ClassConfig config = ownConfig(context);
    CrashSink crashes = store.get(TEST_CRASHES, CrashSink.class);
    if (config == null || crashes == null) {
      closeMethodEnvironment(config, store);
      return;
    }
    crashes.environment().awaitEventsDelivered();
    Throwable closeFailure = null;
    try {
      closeMethodEnvironment(config, store);
    } catch (RuntimeException | AssertionError e) {
      closeFailure = e; // the crashes of the test still decide, and its logs are still attached
    } finally {
      crashes.close();
    }
    EnclosingSinks enclosing = store.get(ENCLOSING_CRASHES, EnclosingSinks.class);
    List<EnclosingSink> outer = enclosing == null ? List.of() : enclosing.sinks();
    outer.forEach(sink -> sink.crashes().environment().awaitEventsDelivered());
    outer.forEach(sink -> sink.crashes().close());
    Optional<AssertionError> failure =
        verdict(
            context,
            config,
            crashes,
            outer,
            store.get(TEST_LOGS, TestLogs.class),
            closeFailure != null || failed(context.getExecutionException().orElse(null)));
    CrashPolicy.throwFirst(failure, closeFailure);
  }

  /**
   * Checks a dynamic test of a {@code @TestFactory} as {@link #afterEach} checks a test: JUnit runs
   * no before- and after-each callbacks for it (those of its factory method surround all of them),
   * so a crash during it fails it, not its factory, and it gets its logs when it fails. It uses the
   * environment of its factory.
   */
  @Override
  public void interceptDynamicTest(
      Invocation<Void> invocation,
      DynamicTestInvocationContext invocationContext,
      ExtensionContext context)
      throws Throwable {
    ExtensionContext.Store store = context.getStore(NAMESPACE);
    ClassConfig config = ownConfig(context);
    CrashSink factory = store.get(TEST_CRASHES, CrashSink.class);
    if (config == null || factory == null) {
      invocation.proceed();
      return;
    }
    RunningEnvironment environment = factory.environment();
    EnclosingSinks factoryEnclosing = store.get(ENCLOSING_CRASHES, EnclosingSinks.class);
    List<EnclosingSink> enclosingOfFactory =
        factoryEnclosing == null ? List.of() : factoryEnclosing.sinks();
    CrashSink crashes = environment.openTestSink();
    TestLogs logs = TestLogs.mark(environment.ovrseer(), false);
    List<EnclosingSink> enclosing = new ArrayList<>();
    for (EnclosingSink outer : enclosingOfFactory) {
      RunningEnvironment running = outer.crashes().environment();
      enclosing.add(
          new EnclosingSink(running.openTestSink(), outer.failOnCrash(), outer.declaredBy()));
      logs = logs.and(running.ovrseer());
    }
    Throwable thrown = null;
    try {
      invocation.proceed();
    } catch (Throwable t) {
      thrown = t;
    } finally {
      environment.awaitEventsDelivered();
      crashes.close();
      enclosing.forEach(sink -> sink.crashes().environment().awaitEventsDelivered());
      enclosing.forEach(sink -> sink.crashes().close());
    }
    // They fail this dynamic test, not the factory again.
    factory.forget(crashes.reports());
    for (int i = 0; i < enclosing.size(); i++) {
      enclosingOfFactory.get(i).crashes().forget(enclosing.get(i).crashes().reports());
    }
    Optional<AssertionError> failure =
        verdict(context, config, crashes, enclosing, logs, failed(thrown));
    if (thrown == null || thrown instanceof TestAbortedException) {
      CrashPolicy.throwFirst(failure, thrown); // a crash fails an aborted test, as in afterEach
      return;
    }
    failure.ifPresent(thrown::addSuppressed);
    throw thrown;
  }

  /**
   * The crash verdict on one test, for the crashes of its environment and of the {@code enclosing}
   * environments it also ran against (those of the nearest first; the others suppressed in it);
   * what each process logged during the test is published if it failed, for a crash or {@code
   * otherwise}.
   */
  private static Optional<AssertionError> verdict(
      ExtensionContext context,
      ClassConfig config,
      CrashSink crashes,
      List<EnclosingSink> enclosing,
      TestLogs logs,
      boolean otherwise) {
    Optional<AssertionError> failure =
        CrashPolicy.of(config.failOnCrash(), context)
            .check(crashes.reports(), "during this test", "the test");
    for (EnclosingSink sink : enclosing) {
      Optional<AssertionError> theirs =
          CrashPolicy.of(sink.failOnCrash(), context)
              .check(
                  sink.crashes().reports(),
                  "during this test, in the environment of " + sink.declaredBy(),
                  "the test");
      if (failure.isEmpty()) {
        failure = theirs;
      } else {
        theirs.ifPresent(failure.get()::addSuppressed);
      }
    }
    if (logs != null && (failure.isPresent() || otherwise)) {
      logs.publish(context);
    }
    return failure;
  }

  /** Whether {@code thrown} failed a test: an assumption's abort did not (logs would be noise). */
  private static boolean failed(Throwable thrown) {
    return thrown != null && !(thrown instanceof TestAbortedException);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    ExtensionContext.Store store = context.getStore(NAMESPACE);
    ClassConfig config = ownConfig(context);
    if (config == null) {
      return;
    }
    EnclosingSinks nested =
        store.get(new NestedClassCrashes(context.getUniqueId()), EnclosingSinks.class);
    List<EnclosingSink> enclosing = nested == null ? List.of() : nested.sinks();
    if (!config.contextId().equals(context.getUniqueId())) {
      publishClassLogsIfFailed(context);
      enclosing.forEach(sink -> sink.crashes().environment().awaitEventsDelivered());
      enclosing.forEach(sink -> sink.crashes().close());
      CrashPolicy.throwFirst(
          outsideTheTests(
              context, enclosing, "(in its @BeforeAll or @AfterAll, or between its tests)"),
          null);
      return;
    }
    CrashSink crashes = store.get(CLASS_CRASHES, CrashSink.class);
    if (crashes != null) {
      crashes.environment().awaitEventsDelivered();
    }
    publishClassLogsIfFailed(context); // before the stop: what they said, not how they stopped
    Throwable closeFailure = null;
    try {
      if (config.scope() == Scope.CLASS) {
        EnvironmentHandle handle = store.get(HANDLE, EnvironmentHandle.class);
        if (handle != null) {
          handle.close(); // the cleanup phase runs now, while the class still hears crashes
        }
      }
    } catch (RuntimeException | AssertionError e) {
      closeFailure = e;
    } finally {
      if (crashes != null) {
        crashes.close();
      }
      enclosing.forEach(sink -> sink.crashes().environment().awaitEventsDelivered());
      enclosing.forEach(sink -> sink.crashes().close());
    }
    List<EnclosingSink> all = new ArrayList<>();
    if (crashes != null) {
      // With enclosing environments, each crash says whose it was (both may have that id).
      all.add(
          new EnclosingSink(
              crashes,
              config.failOnCrash(),
              enclosing.isEmpty() ? null : context.getDisplayName()));
    }
    all.addAll(enclosing);
    CrashPolicy.throwFirst(
        outsideTheTests(
            context,
            all,
            enclosing.isEmpty()
                ? "(while the environment started or stopped, in @BeforeAll or @AfterAll, or"
                    + " between tests)"
                : "(in its @BeforeAll or @AfterAll, while its own environment started or stopped,"
                    + " or between its tests)"),
        closeFailure);
  }

  /**
   * Marks where the logs of {@code own} (the environment {@code context}'s class started or joined;
   * null for a {@code @Nested} class without one) and of the running environments of its enclosing
   * classes stand now ({@code own}'s whole log with {@code fromStart}): they are published if the
   * class fails outside its tests.
   */
  private static void markClassLogs(
      ExtensionContext context, RunningEnvironment own, boolean fromStart) {
    TestLogs logs = own == null ? null : TestLogs.mark(own.ovrseer(), fromStart);
    for (Current outer : enclosing(context, own)) {
      Ovrseer enclosing = outer.handle().running().orElseThrow().ovrseer();
      logs = logs == null ? TestLogs.mark(enclosing, false) : logs.and(enclosing);
    }
    if (logs != null) {
      context.getStore(NAMESPACE).put(new ClassLogs(context.getUniqueId()), logs);
    }
  }

  /**
   * Publishes what the processes logged during {@code context}'s class if the class itself failed
   * (a {@code @BeforeAll} or {@code @AfterAll} method threw): the failure of a test is published
   * with the test, and an aborted class (a failed assumption) publishes nothing.
   */
  private static void publishClassLogsIfFailed(ExtensionContext context) {
    TestLogs logs =
        context.getStore(NAMESPACE).get(new ClassLogs(context.getUniqueId()), TestLogs.class);
    if (logs != null && failed(context.getExecutionException().orElse(null))) {
      logs.publish(context);
    }
  }

  /**
   * The verdict on the crashes outside the tests of {@code context}'s class, from {@code sinks}
   * (the first's failure, the others' suppressed in it), each with its environment's {@code
   * failOnCrash}; a crash of an enclosing class's environment says which.
   */
  private static Optional<AssertionError> outsideTheTests(
      ExtensionContext context, List<EnclosingSink> sinks, String when) {
    Optional<AssertionError> failure = Optional.empty();
    for (EnclosingSink sink : sinks) {
      String where = "outside of the tests of " + context.getDisplayName() + " " + when;
      Optional<AssertionError> theirs =
          CrashPolicy.of(sink.failOnCrash(), context)
              .check(
                  sink.crashes().reports(),
                  sink.declaredBy() == null
                      ? where
                      : where + ", in the environment of " + sink.declaredBy(),
                  "the class");
      if (failure.isEmpty()) {
        failure = theirs;
      } else {
        theirs.ifPresent(failure.get()::addSuppressed);
      }
    }
    return failure;
  }

  /** The display name of the test class of {@code context} (a test's, or the class's own). */
  private static String classDisplayName(ExtensionContext context) {
    ExtensionContext c = context;
    while (c.getTestMethod().isPresent() && c.getParent().isPresent()) {
      c = c.getParent().get();
    }
    return c.getDisplayName();
  }

  private static void closeMethodEnvironment(ClassConfig config, ExtensionContext.Store store) {
    if (config != null && config.scope() == Scope.METHOD) {
      EnvironmentHandle handle = store.get(HANDLE, EnvironmentHandle.class);
      if (handle != null) {
        handle.close();
      }
    }
  }

  /** The environment {@code context} declares itself, if any. */
  private Optional<ClassConfig> declaration(ExtensionContext context) {
    Class<?> testClass = context.getRequiredTestClass();
    ClassConfig inherited = context.getStore(NAMESPACE).get(CONFIG, ClassConfig.class);
    // In a @Nested class of the class that registered it, this instance reads the nested class's
    // own annotations below: JUnit registers no second OvrseerExtension for its
    // @OvrseerEnvironment.
    if (programmatic != null && (inherited == null || inherited.owner() != this)) {
      // The orphan guard comes up (directory, journal, lock, watchdog launcher) while the
      // declaration is read and the environment built: its first spawn waits for it.
      OrphanGuard.startSoon();
      EnvironmentSpec spec = wrap(() -> programmatic.spec(testClass.getName()));
      return Optional.of(
          new ClassConfig(
              declaration(
                  spec,
                  crashReportsDirectory(context, programmatic.crashReportsDirectory),
                  testClass,
                  programmatic.scope,
                  enclosingProperties(context)),
              programmatic.scope,
              programmatic.failOnCrash,
              context.getUniqueId(),
              this,
              "a registered OvrseerExtension"));
    }
    AnnotationReader annotations = AnnotationReader.of(testClass);
    Optional<OvrseerEnvironment> environment = annotations.environment();
    if (environment.isEmpty()) {
      // Each process annotation registers this extension too, so that they are not ignored.
      if (annotations.declaresProcesses()) {
        if (registersAnExtension(testClass)) {
          throw declaredTwice(context, "process annotations and a registered OvrseerExtension");
        }
        throw new ExtensionConfigurationException(
            "@SetupProcess, @Dependency, @MainProcess, @CleanupProcess and service annotations on ["
                + testClass.getName()
                + "] need @OvrseerEnvironment on that class (a @Nested class without them uses the"
                + " environment of its enclosing class)");
      }
      return Optional.empty();
    }
    OrphanGuard.startSoon(); // see above
    EnvironmentSpec spec = wrap(annotations::spec);
    return Optional.of(
        new ClassConfig(
            declaration(
                spec,
                crashReportsDirectory(context, null),
                testClass,
                environment.get().scope(),
                enclosingProperties(context)),
            environment.get().scope(),
            environment.get().failOnCrash(),
            context.getUniqueId(),
            this,
            ANNOTATIONS));
  }

  private static EnvironmentDeclaration declaration(
      EnvironmentSpec spec,
      Path crashReports,
      Class<?> testClass,
      Scope scope,
      Map<String, String> enclosing) {
    return new EnvironmentDeclaration(
        spec,
        spec.identity(EnvironmentDeclaration.placeholders(enclosing)),
        crashReports,
        testClass.getSimpleName(),
        scope == Scope.GLOBAL ? null : testClass.getName(),
        enclosing);
  }

  /**
   * The properties the running environments of the classes enclosing {@code context}'s publish, the
   * nearest one's value for each: what its declaration's {@code ${sys:ovrseer.port.NAME}} means.
   */
  private static Map<String, String> enclosingProperties(ExtensionContext context) {
    Map<String, String> properties = new HashMap<>();
    for (Current outer : enclosing(context, null)) {
      outer.handle().running().orElseThrow().publishedProperties().forEach(properties::putIfAbsent);
    }
    return properties;
  }

  /**
   * {@code read}'s result; its problems as the {@link ExtensionConfigurationException} JUnit shows.
   */
  static <T> T wrap(java.util.function.Supplier<T> read) {
    try {
      return read.get();
    } catch (SpecException e) {
      throw new ExtensionConfigurationException(e.getMessage(), e);
    }
  }

  private static Path crashReportsDirectory(ExtensionContext context, Path configured) {
    if (configured != null) {
      return configured;
    }
    Optional<String> parameter =
        context.getConfigurationParameter(OvrseerEnvironment.CRASH_REPORTS_DIRECTORY_PROPERTY);
    if (parameter.isPresent() && !parameter.get().isBlank()) {
      return Path.of(parameter.get()).toAbsolutePath();
    }
    return CrashReporter.defaultDirectory();
  }

  private static Optional<RunningEnvironment> current(ExtensionContext context) {
    Current current = context.getStore(NAMESPACE).get(CURRENT, Current.class);
    return current == null ? Optional.empty() : current.handle().running();
  }

  // ---------------------------------------------------------------- parameters

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    ClassConfig config = context.getStore(NAMESPACE).get(CONFIG, ClassConfig.class);
    if (config != null && config.owner() != this) {
      return false; // the instance that runs the environment answers
    }
    Class<?> type = parameter.getParameter().getType();
    return type == Ovrseer.class
        || (ProcessUnit.class.isAssignableFrom(type) && parameter.isAnnotated(ProcessId.class))
        || (isPort(type) && parameter.isAnnotated(Port.class))
        || isCrashReportList(parameter.getParameter().getParameterizedType())
        || missesItsAnnotation(parameter, context)
        || wrongTypeFor(parameter).isPresent();
  }

  /**
   * What a parameter with {@code @ProcessId} or {@code @Port} on a type they cannot give
   * ({@code @Port long}, {@code @ProcessId Process}) should be declared as instead. Claimed only to
   * say so, instead of JUnit's "No ParameterResolver registered": the annotations are Ovrseer's, so
   * no other extension resolves them.
   */
  private static Optional<String> wrongTypeFor(ParameterContext parameter) {
    Class<?> type = parameter.getParameter().getType();
    if (parameter.isAnnotated(ProcessId.class) && !ProcessUnit.class.isAssignableFrom(type)) {
      return Optional.of(
          "@ProcessId gives a ProcessUnit: declare it ProcessUnit (or a service's own type, such as"
              + " PostgresProcess)");
    }
    if (parameter.isAnnotated(Port.class) && !isPort(type)) {
      return Optional.of("@Port gives an int: declare it int or Integer");
    }
    return Optional.empty();
  }

  /**
   * Whether {@code parameter} looks like one of ours without the annotation that says which: a
   * {@code ProcessUnit} without {@code @ProcessId}, or an {@code int} of a {@code @Test} method
   * without {@code @Port}. Claimed only to explain that, instead of JUnit's "No ParameterResolver
   * registered"; other {@code int} parameters (a parameterized test's) are left alone, and so is a
   * parameter with another annotation: another extension's resolver takes it ({@code @Random int}),
   * and claiming it too would fail it with JUnit's "multiple competing ParameterResolvers".
   */
  private static boolean missesItsAnnotation(ParameterContext parameter, ExtensionContext context) {
    if (context.getStore(NAMESPACE).get(CONFIG, ClassConfig.class) == null
        || parameter.getParameter().getAnnotations().length > 0) {
      return false;
    }
    Class<?> type = parameter.getParameter().getType();
    return ProcessUnit.class.isAssignableFrom(type)
        // Also a composed test annotation of the user's that holds @Test, as JUnit finds it.
        || (isPort(type)
            && AnnotationSupport.isAnnotated(parameter.getDeclaringExecutable(), Test.class));
  }

  private static boolean isPort(Class<?> type) {
    return type == int.class || type == Integer.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    Optional<String> wrongType = wrongTypeFor(parameter);
    if (wrongType.isPresent()) {
      throw new ParameterResolutionException(
          "parameter ["
              + parameter.getParameter()
              + "] of "
              + parameter.getDeclaringExecutable().getName()
              + "(): "
              + wrongType.get());
    }
    RunningEnvironment environment =
        current(context).orElseThrow(() -> noEnvironment(parameter, context));
    Class<?> type = parameter.getParameter().getType();
    if (type == Ovrseer.class) {
      return environment.ovrseer();
    }
    Set<String> ids = new TreeSet<>(environment.ovrseer().getAllProcesses().keySet());
    Set<String> portNames = new TreeSet<>(environment.ports().asMap().keySet());
    if (missesItsAnnotation(parameter, context)) {
      boolean unit = ProcessUnit.class.isAssignableFrom(type);
      throw new ParameterResolutionException(
          "parameter ["
              + parameter.getParameter()
              + "] of "
              + parameter.getDeclaringExecutable().getName()
              + "() needs "
              + (unit
                  ? "@ProcessId(\"ID\") to say which process; known: " + Suggestions.list(ids)
                  : "@Port(\"NAME\") to say which port; known: " + Suggestions.list(portNames)));
    }
    if (ProcessUnit.class.isAssignableFrom(type)) {
      String id = parameter.findAnnotation(ProcessId.class).orElseThrow().value();
      ProcessUnit unit =
          environment
              .ovrseer()
              .getProcess(id)
              .orElseThrow(
                  () ->
                      new ParameterResolutionException(
                          "@ProcessId ["
                              + id
                              + "] names no process"
                              + Suggestions.among(id, ids)
                              + ofAnEnclosingEnvironment(
                                  context,
                                  environment,
                                  "process",
                                  id,
                                  e -> e.ovrseer().getProcess(id).isPresent())));
      if (!type.isInstance(unit)) {
        throw new ParameterResolutionException(
            "@ProcessId ["
                + id
                + "] is a "
                // Not the class of a plain process, which is not public: the type a user can name.
                + (Modifier.isPublic(unit.getClass().getModifiers())
                    ? unit.getClass().getSimpleName()
                    : ProcessUnit.class.getSimpleName())
                + ", not a "
                + type.getSimpleName());
      }
      return unit;
    }
    if (isPort(type)) {
      String name = parameter.findAnnotation(Port.class).orElseThrow().value();
      Integer port = environment.ports().asMap().get(name);
      if (port == null) {
        throw new ParameterResolutionException(
            "@Port ["
                + name
                + "] names no port of this environment"
                + Suggestions.among(name, portNames)
                + ofAnEnclosingEnvironment(
                    context, environment, "port", name, e -> e.ports().asMap().containsKey(name)));
      }
      return port;
    }
    CrashSink crashes = context.getStore(NAMESPACE).get(TEST_CRASHES, CrashSink.class);
    if (crashes == null || context.getTestMethod().isEmpty()) {
      throw new ParameterResolutionException(
          "List<CrashReport> holds the crash reports of one test: declare it on a test method, or"
              + " on a @BeforeEach or @AfterEach method, not on "
              + parameter.getDeclaringExecutable());
    }
    return new CrashReportsView(crashes);
  }

  /**
   * What to add to the message about a process or port {@code own} does not have when the
   * environment of an enclosing class has it: a {@code @Nested} class with an environment of its
   * own is given only that one's, which "names no process" alone does not say.
   */
  private static String ofAnEnclosingEnvironment(
      ExtensionContext context,
      RunningEnvironment own,
      String what,
      String name,
      Predicate<RunningEnvironment> has) {
    return enclosing(context, own).stream()
        .map(outer -> outer.handle().running())
        .flatMap(Optional::stream)
        .filter(has)
        .findFirst()
        .map(
            outer ->
                "; ["
                    + name
                    + "] is a "
                    + what
                    + " of the environment of the enclosing class "
                    + outer.testClass()
                    + ", but a @Nested class with an @OvrseerEnvironment of its own is given its own"
                    + " environment's: take it in a method of "
                    + outer.testClass()
                    + (what.equals("port")
                        ? ", or write ${sys:ovrseer.port."
                            + name
                            + "} in the @Nested class's declaration"
                        : ""))
        .orElse("");
  }

  private static ParameterResolutionException noEnvironment(
      ParameterContext parameter, ExtensionContext context) {
    ClassConfig config = context.getStore(NAMESPACE).get(CONFIG, ClassConfig.class);
    String hint =
        config == null
            ? "declare one with @OvrseerEnvironment on the test class"
            : config.scope() == Scope.METHOD
                ? "with scope METHOD an environment exists only for each test (its @BeforeEach,"
                    + " @Test and @AfterEach methods)"
                : "it did not start";
    return new ParameterResolutionException(
        "no Ovrseer environment is running for parameter ["
            + parameter.getParameter()
            + "] of "
            + parameter.getDeclaringExecutable()
            + "; "
            + hint);
  }

  private static boolean isCrashReportList(Type type) {
    return type instanceof ParameterizedType p
        && p.getRawType() == List.class
        && p.getActualTypeArguments()[0] == CrashReport.class;
  }

  // ---------------------------------------------------------------- values

  /**
   * The environment a test class declares, as read in its {@code beforeAll} (or, with the {@code
   * PER_CLASS} lifecycle, before its test instance is created).
   *
   * @param contextId the unique id of the declaring class's context
   * @param owner the extension instance that read it, and runs it
   * @param source what declared it: {@link #ANNOTATIONS} or a registered instance
   */
  private record ClassConfig(
      EnvironmentDeclaration declaration,
      Scope scope,
      boolean failOnCrash,
      String contextId,
      OvrseerExtension owner,
      String source) {}

  /**
   * The store key that says {@code instance}'s {@code beforeAll} ran for a class (its own or an
   * enclosing one): JUnit calls it only for an instance on a static field.
   */
  private record BeforeAllCalled(OvrseerExtension instance) {}

  /**
   * The store key of the {@link EnclosingSinks} of the {@code @Nested} class {@code contextId} on
   * the environments of its enclosing classes (a key of its own: a lookup never finds an enclosing
   * class's).
   */
  private record NestedClassCrashes(String contextId) {}

  /**
   * The store key of the {@link TestLogs} of the class {@code contextId}, published if it fails (a
   * key of its own: a {@code @Nested} class never finds its enclosing class's).
   */
  private record ClassLogs(String contextId) {}

  /**
   * The store key of the class sink on {@code environment} of a class (its own, or a {@code Nested}
   * class's on an enclosing one): a lookup from a context below finds the nearest.
   */
  private record ClassSinkOf(RunningEnvironment environment) {}

  /**
   * The environment in effect for a context and the contexts below it, whether its crashes fail the
   * tests, and the display name of the class that declares it (messages name it).
   */
  private record Current(EnvironmentHandle handle, boolean failOnCrash, String declaredBy) {}

  /**
   * The crashes of an enclosing class's environment during one test of a {@code @Nested} class with
   * its own (or outside the tests of a {@code @Nested} class), and whether they fail it (that
   * environment's {@code failOnCrash}), and the display name of the class that declares that
   * environment (null for the own one of a class that runs no other, in {@link #afterAll}).
   */
  private record EnclosingSink(CrashSink crashes, boolean failOnCrash, String declaredBy) {}

  /**
   * The {@link EnclosingSink}s of one test (or of one {@code @Nested} class), closed with its store
   * if it never ended.
   */
  @SuppressWarnings("deprecation") // Store.CloseableResource: still needed by JUnit before 5.13
  private record EnclosingSinks(List<EnclosingSink> sinks)
      implements AutoCloseable, ExtensionContext.Store.CloseableResource {
    @Override
    public void close() {
      sinks.forEach(sink -> sink.crashes().close());
    }
  }

  /**
   * The root-store key of a {@link Scope#GLOBAL} environment: the identity of its declaration and
   * where its crash reports go.
   */
  private record GlobalKey(String identity, Path crashReports) {}

  // ---------------------------------------------------------------- builder

  /**
   * Fluent builder of the programmatic form of an environment; every setter returns this builder.
   * Defaults are those of {@link OvrseerEnvironment}: 3 retries, 1 s retry delay, 5 s cleanup
   * timeout, {@code failOnCrash} true, scope {@link Scope#CLASS}, crash reports under {@code
   * target/ovrseer/crash-reports} in a Maven build. Processes are built by a {@link ProcessFactory}
   * from the environment's {@link Ports} each time the environment starts; their ids are checked
   * (not blank, unique across all groups) when the test class starts, with an {@link
   * ExtensionConfigurationException} as for the annotations.
   */
  public static final class Builder {
    private int retries = OvrseerOptions.DEFAULT_RETRIES;
    private Duration retryDelay = OvrseerOptions.DEFAULT_RETRY_DELAY;
    private Duration cleanupTimeout = OvrseerOptions.DEFAULT_CLEANUP_TIMEOUT;
    private boolean failOnCrash = true;
    private Scope scope = Scope.CLASS;
    private Path crashReportsDirectory;
    private final List<ProcessSpec> processes = new ArrayList<>();

    private Builder() {}

    /** Restarts per process after crashes, at least 0; default 3. */
    public Builder retries(int retries) {
      if (retries < 0) {
        throw new IllegalArgumentException("retries must be 0 or more but was " + retries);
      }
      this.retries = retries;
      return this;
    }

    /** Delay between a crash and the restart, not negative, at most 365 days; default 1 s. */
    public Builder retryDelay(Duration retryDelay) {
      this.retryDelay = Timeouts.check("retryDelay", retryDelay, true);
      return this;
    }

    /**
     * Time each cleanup process gets before it is killed, positive, at most 365 days; default 5 s.
     */
    public Builder cleanupTimeout(Duration cleanupTimeout) {
      this.cleanupTimeout = Timeouts.check("cleanupTimeout", cleanupTimeout, false);
      return this;
    }

    /** Whether a test during which a process crashed fails; default true. */
    public Builder failOnCrash(boolean failOnCrash) {
      this.failOnCrash = failOnCrash;
      return this;
    }

    /**
     * How long one environment lives; default {@link Scope#CLASS}. With {@link Scope#GLOBAL} the
     * classes that register the same {@code OvrseerExtension} instance share one environment.
     */
    public Builder scope(Scope scope) {
      this.scope = Objects.requireNonNull(scope, "scope");
      return this;
    }

    /** Where crash reports are written; default as described in {@link OvrseerEnvironment}. */
    public Builder crashReportsDirectory(Path directory) {
      this.crashReportsDirectory = Objects.requireNonNull(directory, "directory");
      return this;
    }

    /**
     * Adds a setup process built by {@code factory}: run once before the processes that depend on
     * it, it must exit with 0 within 5 minutes.
     */
    public Builder setupProcess(String id, ProcessFactory factory) {
      return setupProcess(id, ProcessSpec.DEFAULT_SETUP_TIMEOUT, factory);
    }

    /**
     * Adds a setup process built by {@code factory}: run once before the processes that depend on
     * it, it must exit with 0 within {@code timeout} (positive, at most 365 days).
     */
    public Builder setupProcess(String id, Duration timeout, ProcessFactory factory) {
      return add(
          id,
          ProcessGroup.SETUP,
          "setupProcess",
          Timeouts.check("timeout", timeout, false),
          factory);
    }

    /** Adds a dependency built by {@code factory}. */
    public Builder dependency(String id, ProcessFactory factory) {
      return add(id, ProcessGroup.DEPENDENCY, "dependency", null, factory);
    }

    /** Adds a main process built by {@code factory}. */
    public Builder mainProcess(String id, ProcessFactory factory) {
      return add(id, ProcessGroup.MAIN, "mainProcess", null, factory);
    }

    /** Adds a cleanup process built by {@code factory}. */
    public Builder cleanupProcess(String id, ProcessFactory factory) {
      return add(id, ProcessGroup.CLEANUP, "cleanupProcess", null, factory);
    }

    private Builder add(
        String id, ProcessGroup group, String method, Duration timeout, ProcessFactory factory) {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(factory, "factory");
      processes.add(
          ProcessSpec.ofFactory(id, group, method + "(\"" + id + "\")", timeout, factory::create));
      return this;
    }

    /** The extension; register it with {@code @RegisterExtension} on a static field. */
    public OvrseerExtension build() {
      Builder copy = new Builder();
      copy.retries = retries;
      copy.retryDelay = retryDelay;
      copy.cleanupTimeout = cleanupTimeout;
      copy.failOnCrash = failOnCrash;
      copy.scope = scope;
      copy.crashReportsDirectory = crashReportsDirectory;
      copy.processes.addAll(processes);
      return new OvrseerExtension(copy);
    }

    private EnvironmentSpec spec(String source) {
      return SpecReader.of(source, retries, retryDelay, cleanupTimeout, processes);
    }
  }
}
