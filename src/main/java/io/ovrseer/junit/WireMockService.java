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
 * A WireMock server as a dependency of the environment: a {@link
 * io.ovrseer.services.WireMockProcess}, run as a JVM, ready when {@code /__admin/health} answers.
 * YAML: {@code service: wiremock} with the same keys.
 *
 * <pre>{@code
 * @OvrseerEnvironment
 * @WireMockService(id = "mocks", stubs = "src/test/resources/wiremock")
 * @MainProcess(id = "api", command = {"${java}", "-cp", "${classpath}", "com.example.Api",
 *     "--payments=${baseUrl:mocks}"})
 * class ApiIT { }
 * }</pre>
 *
 * <h2>Binaries</h2>
 *
 * The {@code org.wiremock:wiremock-standalone} (3.x) jar on the test class path.
 *
 * <h2>Connection properties</h2>
 *
 * {@code baseUrl} and {@code url} ({@code http://127.0.0.1:PORT}), {@code host}, {@code port}: the
 * placeholders {@code ${baseUrl:ID}}, ... of the other processes, and the system properties {@code
 * ovrseer.baseUrl.ID}, ... while the environment is up. {@code @ProcessId("ID") WireMockProcess}
 * injects the unit.
 *
 * <p>Repeatable, and inherited from superclasses, like {@link Dependency @Dependency}. Only {@link
 * #id()} is required; an attribute left at its default is not given, and the service's default
 * applies. Every string may hold placeholders ({@code ${env:VAR}}, {@code ${sys:prop}}, ...). The
 * server runs as the JVM's user. The page {@code docs/services.md} describes every service.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.ANNOTATION_TYPE})
@Repeatable(WireMockServices.class)
@OvrseerService("wiremock")
@ExtendWith(OvrseerExtension.class)
public @interface WireMockService {

  /** The id, unique across all processes of the environment; required. */
  String id();

  /**
   * WireMock's root directory, holding {@code mappings/} (stub mappings, JSON) and {@code __files/}
   * (response bodies), relative to the working directory; default none (no stubs).
   */
  String stubs() default "";

  /**
   * The {@code wiremock-standalone} jar, relative to the working directory; default {@code ""}: the
   * one on the class path.
   */
  String jar() default "";

  /**
   * More WireMock command-line options, one per item, such as {@code "--verbose"}; default none.
   */
  String[] args() default {};

  /**
   * The server JVM's options, separated by spaces; default {@code ""}: {@value
   * io.ovrseer.services.WireMockProcess#DEFAULT_JVM_OPTIONS}.
   */
  String jvmOptions() default "";

  /**
   * Time between SIGTERM and SIGKILL when the server is stopped; default {@code "5s"}; {@code "0s"}
   * kills at once.
   */
  String stopTimeout() default "5s";

  /** Regex flags counted in the server's log; default none. */
  LogFlag[] flags() default {};

  /** Ids of the setup processes and dependencies the server waits for; default none. */
  String[] dependsOn() default {};
}
