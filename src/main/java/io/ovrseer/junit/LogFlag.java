package io.ovrseer.junit;

import io.ovrseer.log.FlagColor;
import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A {@link io.ovrseer.log.Flag} counted in a process's log: every line in which {@link #pattern()}
 * is found counts as a match. Read it in a test with {@code
 * OvrseerAssertions.assertThat(unit).flag(name)} or {@code unit.logger().getFlag(name)}.
 *
 * <p>Defaults are those of {@link io.ovrseer.log.Flag#of(String)}: colour {@link FlagColor#RED}, no
 * target count, no context lines.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({})
public @interface LogFlag {

  /** {@link #targetCount()} value meaning "no target". */
  int NO_TARGET = -1;

  /** The name the flag is read by, unique per process; required. */
  String name();

  /** The regex searched in each line; required. */
  String pattern();

  /** How the flag is shown; default {@link FlagColor#RED}. */
  FlagColor color() default FlagColor.RED;

  /** The count the flag is expected to reach; default {@value #NO_TARGET}: none. */
  int targetCount() default NO_TARGET;

  /** Lines kept before and after each match; default 0. */
  int contextWindowSize() default 0;
}
