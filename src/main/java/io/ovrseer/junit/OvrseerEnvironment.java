package io.ovrseer.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Declares that a test class runs against an Ovrseer environment: the processes declared with
 * {@link SetupProcess @SetupProcess}, {@link Dependency @Dependency}, {@link
 * MainProcess @MainProcess} and {@link CleanupProcess @CleanupProcess} on the class (and its
 * superclasses). Registers the {@link OvrseerExtension} by itself. Every attribute, with its YAML
 * and builder forms, is listed in {@code docs/configuration.md}.
 *
 * <h2>Lifecycle</h2>
 *
 * Before the first test the environment is started: every setup process runs (and must exit 0) and
 * every dependency is spawned and awaited until ready, those with {@code dependsOn} after what they
 * name; then every main process is spawned and awaited until ready too. After the last test the
 * main processes are stopped, the cleanup processes run, and the dependencies are stopped; no
 * process outlives the class, also when a test or a {@code @BeforeAll} method fails. When the
 * environment cannot start (a readiness check failed, a process could not be spawned), the class
 * fails with an {@link io.ovrseer.OvrseerStartException} that names the process, the check and its
 * last log lines, and no test runs. See {@link #scope()} for the other lifecycles. With the {@code
 * PER_CLASS} test instance lifecycle ({@code @TestInstance(PER_CLASS)} or the configuration
 * parameter {@code junit.jupiter.testinstance.lifecycle.default}) a {@code CLASS} or {@code GLOBAL}
 * environment is started just before the test instance is created, so that the constructor and
 * instance post-processors (Spring's, which loads the {@code ApplicationContext}) already see it.
 *
 * <h2>Defaults</h2>
 *
 * The defaults are those of {@link io.ovrseer.OvrseerOptions}: 3 retries, 1 s between a crash and
 * the restart, 5 s per cleanup process. Durations are written {@code "500ms"}, {@code "30s"},
 * {@code "2m"}, {@code "1h"} or in ISO-8601 ({@code "PT5S"}). Crash reports are written to {@code
 * target/ovrseer/crash-reports} when the working directory has a {@code target} directory (a Maven
 * build), else to {@code crash-reports} in the user's private runtime directory ({@link
 * io.ovrseer.crash.CrashReporter#defaultDirectory()}); the configuration parameter {@value
 * #CRASH_REPORTS_DIRECTORY_PROPERTY} overrides both.
 *
 * <h2>Crashes</h2>
 *
 * With {@link #failOnCrash()} (the default) a test during which a dependency or main process
 * crashed fails with an {@link AssertionError} holding the crash report (exit code or signal, last
 * log lines), even if the process was restarted; mark the test {@link AllowCrash @AllowCrash} to
 * expect a crash. A crash outside any test (between tests, in {@code @BeforeAll}/{@code @AfterAll},
 * or a cleanup process that failed while the environment stopped) fails the test class instead.
 *
 * <h2>Errors</h2>
 *
 * Mistakes in the declaration (duplicate ids, an empty command, an invalid regex, a malformed
 * duration, an unknown placeholder, a {@code dependsOn} cycle) fail the class with an {@link
 * org.junit.jupiter.api.extension.ExtensionConfigurationException} that lists every one, each
 * naming the annotation attribute and showing the offending value in brackets
 * ({@code @Dependency(id="db").ready.timeout [5 sec] is not a duration; ...}), before any process
 * is spawned. The process annotations register the extension too, so that a class that has them but
 * no {@code @OvrseerEnvironment} of its own (or a superclass's) fails the same way, saying so,
 * instead of running its tests without the processes.
 *
 * @see OvrseerExtension the programmatic form
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.ANNOTATION_TYPE})
@ExtendWith(OvrseerExtension.class)
public @interface OvrseerEnvironment {

  /**
   * Configuration parameter naming the directory crash reports are written to, overriding the
   * default ({@code target/ovrseer/crash-reports} in a Maven build).
   */
  String CRASH_REPORTS_DIRECTORY_PROPERTY = "ovrseer.crash-reports.directory";

  /** Restarts per process after crashes, at least 0; default 3 (3 retries = 4 attempts). */
  int retries() default 3;

  /** Delay between a crash and the restart; default {@code "1s"}. */
  String retryDelay() default "1s";

  /** Time each cleanup process gets before it is killed; default {@code "5s"}. */
  String cleanupTimeout() default "5s";

  /**
   * Whether a test during which a process crashed fails; default {@code true}. When {@code false}
   * crashes are only reported (injectable as {@code List<CrashReport>}).
   */
  boolean failOnCrash() default true;

  /** How long one environment lives; default {@link Scope#CLASS}. */
  Scope scope() default Scope.CLASS;

  /** How long one environment lives, and which tests share it. */
  enum Scope {
    /** One environment per test class, started before its first test, stopped after its last. */
    CLASS,
    /**
     * A fresh environment for each test, started before it and stopped after it: for each
     * invocation of a test template ({@code @ParameterizedTest}, {@code @RepeatedTest}); the
     * dynamic tests of a {@code @TestFactory} share the environment of their factory method. Also
     * for each test of a {@code @Nested} class without an environment of its own; one with its own
     * fails, as no environment of the enclosing class would be up for its tests.
     */
    METHOD,
    /**
     * One environment for every test class that declares the identical environment (same processes,
     * same settings), started by the first such class and stopped at the end of the test run.
     */
    GLOBAL
  }
}
