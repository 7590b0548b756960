package io.ovrseer.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Injects the port that {@code ${port:NAME}} stands for in the environment into a parameter of type
 * {@code int} or {@code Integer}:
 *
 * <pre>{@code @Test void t(@Port("api") int port) { ... }}</pre>
 *
 * The same number is also published as system property {@code ovrseer.port.NAME} while the
 * environment is up. A name no placeholder of the environment uses fails the method with a {@link
 * org.junit.jupiter.api.extension.ParameterResolutionException} listing the known port names.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface Port {
  /** The port name, as in {@code ${port:NAME}}. */
  String value();
}
