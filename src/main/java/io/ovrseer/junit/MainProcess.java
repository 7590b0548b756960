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
 * A main process of the environment (the application under test): started once every dependency is
 * ready, and awaited until ready itself before the first test; stopped first. Restarted after a
 * crash, at most {@link OvrseerEnvironment#retries()} times.
 *
 * <p>Repeatable, and inherited from superclasses (a subclass adds to the processes of its
 * superclass). Only {@link #id()} and {@link #command()} are required; the other attributes default
 * to the core API's defaults. Every string may hold placeholders: {@code ${port:NAME}} (a free
 * loopback port, the same number everywhere in one environment), {@code ${java}} (this JVM's java
 * binary), {@code ${classpath}} (this test run's class path), {@code ${env:VAR}} and {@code
 * ${sys:prop}}.
 *
 * @see OvrseerEnvironment
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.ANNOTATION_TYPE})
@Repeatable(MainProcesses.class)
@ExtendWith(OvrseerExtension.class)
public @interface MainProcess {

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

  /** When the process counts as ready; default {@code @Ready}: no check, ready once spawned. */
  Ready ready() default @Ready;

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
