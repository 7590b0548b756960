package io.ovrseer.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A setup process of the environment (an {@code initdb}, a schema migration): run once before the
 * dependencies and main processes that {@link Dependency#dependsOn() depend on} it, and awaited
 * until it exits. It must exit with 0 within {@link #timeout()}; otherwise the environment does not
 * start and the class fails with an {@link io.ovrseer.OvrseerStartException} naming it, its exit
 * and its last log lines. Never restarted.
 *
 * <p>Repeatable, and inherited from superclasses. Only {@link #id()} and {@link #command()} are
 * required. Strings may hold the placeholders of {@link Dependency @Dependency}.
 *
 * @see OvrseerEnvironment
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.ANNOTATION_TYPE})
@Repeatable(SetupProcesses.class)
@ExtendWith(OvrseerExtension.class)
public @interface SetupProcess {

  /** The id, unique across all processes of the environment; required. */
  String id();

  /**
   * The program and its arguments, such as {@code {"${java}", "-cp", "${classpath}",
   * "com.example.Main"}}; required, not empty.
   */
  String[] command();

  /** Environment variables set on top of this JVM's, each {@code "KEY=VALUE"}; default none. */
  String[] env() default {};

  /** The directory the process runs in; default {@code ""}: this JVM's working directory. */
  String workingDirectory() default "";

  /**
   * Time between SIGTERM and SIGKILL when the process is stopped; default {@code "5s"}; {@code
   * "0s"} kills at once.
   */
  String stopTimeout() default "5s";

  /** How long the process may run until it exits; default {@code "5m"}. */
  String timeout() default io.ovrseer.spec.ProcessSpec.DEFAULT_SETUP_TIMEOUT_TEXT;

  /** Regex flags counted in the process's log; default none. */
  LogFlag[] flags() default {};

  /**
   * Ids of the setup processes and dependencies this process waits for: it is spawned once each
   * named setup process exited with 0 and each named dependency is ready; default none.
   */
  String[] dependsOn() default {};

  /**
   * The OS user the process runs as; default {@code ""}: the JVM's user. Another user needs a JVM
   * running as root.
   */
  String user() default "";
}
