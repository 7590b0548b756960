package io.ovrseer.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an annotation that declares a dependency run by a ready-made service, such as
 * {@code @PostgresService}: {@link #value()} names the {@link io.ovrseer.spec.ServiceKind}. The
 * marked annotation has an {@code id} attribute; its other attributes are the service's options and
 * the common keys ({@code dependsOn}, {@code user}, {@code flags}, ...), read like the attributes
 * of {@link Dependency @Dependency}: an attribute left at its default is not given.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.ANNOTATION_TYPE)
public @interface OvrseerService {
  /** The service kind: {@code postgres}. */
  String value();
}
