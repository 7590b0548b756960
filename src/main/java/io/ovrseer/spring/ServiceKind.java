package io.ovrseer.spring;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The kinds of Ovrseer services and, for each, the Spring Boot properties that point to it: the one
 * table from a service's connection properties ({@code ovrseer.KEY.ID}) to Spring Boot's own.
 *
 * <p>A kind is matched by the model's name of it ({@link io.ovrseer.spec.ServiceKind#name()}), the
 * name of YAML's {@code service:} and of the {@code @OvrseerService} meta-annotation.
 */
enum ServiceKind {
  /** PostgreSQL: Spring Boot's JDBC {@code DataSource}. */
  POSTGRES(
      "postgres",
      "@PostgresService",
      "spring.datasource.url",
      "jdbcUrl",
      "spring.datasource.username",
      "user",
      "spring.datasource.password",
      "password"),
  /** Redis: Spring Data Redis' connection factory (Spring Boot 3 and 4). */
  REDIS(
      "redis", "@RedisService", "spring.data.redis.host", "host", "spring.data.redis.port", "port"),
  /** Kafka: Spring for Apache Kafka's clients. */
  KAFKA("kafka", "@KafkaService", "spring.kafka.bootstrap-servers", "bootstrapServers"),
  /** WireMock: Spring Boot has no property of its own; use {@code ovrseer.baseUrl.ID}. */
  WIREMOCK("wiremock", "@WireMockService");

  private final String kindName;
  private final String annotation;
  private final Map<String, String> bootProperties;

  /**
   * @param kindName the model's name of the kind
   * @param annotation the kind's JUnit annotation, for messages
   * @param bootToKey pairs: a Spring Boot property, then the connection property it takes
   */
  ServiceKind(String kindName, String annotation, String... bootToKey) {
    this.kindName = kindName;
    this.annotation = annotation;
    Map<String, String> table = new LinkedHashMap<>();
    for (int i = 0; i < bootToKey.length; i += 2) {
      table.put(bootToKey[i], bootToKey[i + 1]);
    }
    this.bootProperties = Collections.unmodifiableMap(table);
  }

  /** The kind the model names {@code kindName} ({@code postgres}), if Spring Boot has a table. */
  static Optional<ServiceKind> ofName(String kindName) {
    return Arrays.stream(values()).filter(k -> k.kindName.equals(kindName)).findFirst();
  }

  /** The model's name of this kind: {@code postgres}. */
  String kindName() {
    return kindName;
  }

  /** The name users see in messages, such as {@code @PostgresService}. */
  String annotationName() {
    return annotation;
  }

  /** Spring Boot property names, each mapped to the connection property ({@code KEY}) it takes. */
  Map<String, String> bootProperties() {
    return bootProperties;
  }

  /** Whether Spring Boot has properties for this kind (a class then chooses one service of it). */
  boolean hasBootProperties() {
    return !bootProperties.isEmpty();
  }
}
