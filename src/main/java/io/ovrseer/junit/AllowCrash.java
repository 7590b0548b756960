package io.ovrseer.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Lets a test pass although the named processes crashed during it (with {@link
 * OvrseerEnvironment#failOnCrash()}, the default, it would fail). The test can assert on the
 * crashes through a {@code List<CrashReport>} parameter.
 *
 * <p>On a test method it applies to that test; on a test class (or an enclosing class of a
 * {@code @Nested} class) to all of its tests and to crashes outside any test. Without ids
 * ({@code @AllowCrash}) it allows crashes of every process.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE, ElementType.ANNOTATION_TYPE})
public @interface AllowCrash {
  /** The ids of the processes that may crash; default {@code {}}: every process. */
  String[] value() default {};
}
