package io.ovrseer.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Injects the {@link io.ovrseer.process.ProcessUnit} with this id into a test, lifecycle method or
 * constructor parameter of type {@code ProcessUnit}:
 *
 * <pre>{@code @Test void t(@ProcessId("api") ProcessUnit api) { ... }}</pre>
 *
 * An id that names no process of the environment fails the method with a {@link
 * org.junit.jupiter.api.extension.ParameterResolutionException} listing the known ids.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface ProcessId {
  /** The process id. */
  String value();
}
