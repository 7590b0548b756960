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
 * A Kafka broker as a dependency of the environment: a {@link io.ovrseer.services.KafkaProcess},
 * one KRaft node run as a JVM from the test class path, ready when its admin client sees the
 * cluster and has created the topics. YAML: {@code service: kafka} with the same keys.
 *
 * <pre>{@code
 * @OvrseerEnvironment(scope = Scope.GLOBAL)
 * @KafkaService(id = "events", topics = {"orders:3", "audit"})
 * class EventsIT {
 *   @Test void t(@ProcessId("events") KafkaProcess events) {
 *     Map<String, Object> config = Map.of("bootstrap.servers", events.bootstrapServers());
 *   }
 * }
 * }</pre>
 *
 * <h2>Binaries</h2>
 *
 * {@code org.apache.kafka:kafka_2.13} (4.x) on the test class path. The storage format runs once
 * per Kafka version into the per-user cache. A broker takes seconds to start: share it with {@code
 * Scope.GLOBAL}.
 *
 * <h2>Connection properties</h2>
 *
 * {@code bootstrapServers} ({@code 127.0.0.1:PORT}), {@code host}, {@code port}: the placeholders
 * {@code ${bootstrapServers:ID}}, ... of the other processes, and the system properties {@code
 * ovrseer.bootstrapServers.ID}, ... while the environment is up. The controller listens on the port
 * {@code ID.controller}. {@code @ProcessId("ID") KafkaProcess} injects the unit.
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
@Repeatable(KafkaServices.class)
@OvrseerService("kafka")
@ExtendWith(OvrseerExtension.class)
public @interface KafkaService {

  /** The id, unique across all processes of the environment; required. */
  String id();

  /**
   * Topics created before the broker counts as ready, each {@code "name"} (one partition) or {@code
   * "name:partitions"}; default none (topics are also created on first use, with one partition).
   */
  String[] topics() default {};

  /**
   * Broker settings ({@code server.properties} lines), each {@code "key=value"}, such as {@code
   * "log.retention.ms=60000"}, added to or replacing the defaults; default none.
   */
  String[] settings() default {};

  /** The broker JVM's class path; default {@code ""}: this JVM's ({@code java.class.path}). */
  String classPath() default "";

  /**
   * The broker JVM's options, separated by spaces; default {@code ""}: {@value
   * io.ovrseer.services.KafkaProcess#DEFAULT_JVM_OPTIONS}.
   */
  String jvmOptions() default "";

  /**
   * Time between SIGTERM and SIGKILL when the server is stopped; default {@code "10s"}; {@code
   * "0s"} kills at once.
   */
  String stopTimeout() default "10s";

  /** Regex flags counted in the server's log; default none. */
  LogFlag[] flags() default {};

  /** Ids of the setup processes and dependencies the server waits for; default none. */
  String[] dependsOn() default {};
}
