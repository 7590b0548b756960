package io.ovrseer.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * When a {@link Dependency @Dependency} or {@link MainProcess @MainProcess} counts as ready: every
 * check that is set must pass, each within {@link #timeout()} counted from spawn. A process that
 * exits first fails its readiness at once. With no check set (the default, {@code @Ready}) the
 * process is ready as soon as it was spawned.
 *
 * <p>Each attribute maps to a {@link io.ovrseer.process.ReadyCheck} factory: {@link #log()} to
 * {@code logPattern(regex, timeout).times(times)} (and {@code .passIfNotFound()}), {@link
 * #tcpPort()} to {@code tcpPort(port, timeout)}, {@link #http()} to {@code http(url, timeout)},
 * {@link #command()} to {@code command(timeout, command...)}. Strings may hold placeholders such as
 * {@code ${port:db}}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({})
public @interface Ready {

  /** Default {@link #timeout()}. */
  String DEFAULT_TIMEOUT = io.ovrseer.spec.ReadySpec.DEFAULT_TIMEOUT_TEXT;

  /** A regex (searched in each log line) that marks the process ready; default none. */
  String log() default "";

  /** How many lines must match {@link #log()}; default 1. */
  int times() default 1;

  /**
   * Whether the process also counts as ready at the {@link #timeout()} when no line matched {@link
   * #log()} (for a line that only some versions print); default {@code false}.
   */
  boolean passIfNotFound() default false;

  /** How long after spawn each check may take; default {@value #DEFAULT_TIMEOUT}. */
  String timeout() default DEFAULT_TIMEOUT;

  /**
   * A port on {@code localhost} that must accept TCP connections, such as {@code "${port:db}"}, or
   * {@code "HOST:PORT"}; default none.
   */
  String tcpPort() default "";

  /** A URL that must answer a GET with a 2xx status; default none. */
  String http() default "";

  /** A command, run again until it exits with 0; default none. */
  String[] command() default {};
}
