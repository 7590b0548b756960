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
 * <p>SEAM: the services are recognised by the names of their JUnit annotations, so that this
 * package compiles before the services land; once they are merged the names can become class
 * literals.
 */
enum ServiceKind {
  /** PostgreSQL: Spring Boot's JDBC {@code DataSource}. */
  POSTGRES(
      "io.ovrseer.junit.PostgresService",
      "spring.datasource.url",
      "jdbcUrl",
      "spring.datasource.username",
      "user",
      "spring.datasource.password",
      "password"),
  /** Redis: Spring Data Redis' connection factory (Spring Boot 3 and 4). */
  REDIS(
      "io.ovrseer.junit.RedisService",
      "spring.data.redis.host",
      "host",
      "spring.data.redis.port",
      "port"),
  /** Kafka: Spring for Apache Kafka's clients. */
  KAFKA("io.ovrseer.junit.KafkaService", "spring.kafka.bootstrap-servers", "bootstrapServers"),
  /** WireMock: Spring Boot has no property of its own; use {@code ovrseer.baseUrl.ID}. */
  WIREMOCK("io.ovrseer.junit.WireMockService");

  private final String annotation;
  private final Map<String, String> bootProperties;

  /**
   * @param annotation the fully qualified name of the service's JUnit annotation
   * @param bootToKey pairs: a Spring Boot property, then the connection property it takes
   */
  ServiceKind(String annotation, String... bootToKey) {
    this.annotation = annotation;
    Map<String, String> table = new LinkedHashMap<>();
    for (int i = 0; i < bootToKey.length; i += 2) {
      table.put(bootToKey[i], bootToKey[i + 1]);
    }
    this.bootProperties = Collections.unmodifiableMap(table);
  }

  /** The kind whose JUnit annotation has this fully qualified name. */
  static Optional<ServiceKind> ofAnnotation(String annotationTypeName) {
    return Arrays.stream(values()).filter(k -> k.annotation.equals(annotationTypeName)).findFirst();
  }

  /** The short name users see in messages, such as {@code @PostgresService}. */
  String annotationName() {
    return "@" + annotation.substring(annotation.lastIndexOf('.') + 1);
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
