package io.ovrseer.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Names the services that Spring Boot's own properties point to, for a test class whose Ovrseer
 * environment has more than one service of a kind.
 *
 * <pre>{@code
 * @SpringBootTest
 * @OvrseerEnvironment(scope = Scope.GLOBAL)
 * @PostgresService(id = "orders")
 * @PostgresService(id = "audit")
 * @SpringService("orders")     // spring.datasource.* point to "orders"
 * class OrdersIT {
 *   @Value("${ovrseer.jdbcUrl.audit}") String auditJdbcUrl;   // the other one, by its own name
 * }
 * }</pre>
 *
 * <h2>Rules</h2>
 *
 * When an environment has exactly one service of a kind, Spring Boot's properties of that kind
 * point to it and this annotation is not needed. With two or more of one kind, the class names one
 * of them here, else the class fails before its context loads. Every service stays reachable
 * through its {@code ovrseer.KEY.ID} properties either way. The annotation is found on the test
 * class, its superclasses and, for a {@code @Nested} class, its enclosing classes up to the one
 * that declares the environment (the nearest one wins): a {@code @Nested} class with an environment
 * of its own does not take the annotation of its enclosing class.
 *
 * <h2>Errors</h2>
 *
 * An id that names no service of the environment, a service kind that has no Spring Boot properties
 * (WireMock), or two ids of one kind fail the class with an {@link IllegalStateException} that
 * names the offending id in brackets.
 *
 * <p>The page {@code docs/spring.md} describes the whole Spring integration.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.ANNOTATION_TYPE})
public @interface SpringService {

  /** The ids of the services Spring Boot's properties point to, at most one per kind. */
  String[] value();
}
