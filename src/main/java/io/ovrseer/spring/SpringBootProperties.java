package io.ovrseer.spring;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Spring Boot's own properties for each kind of Ovrseer service that has some: the one table from a
 * service's connection properties ({@code ovrseer.KEY.ID}) to Spring Boot's. Service kinds not
 * listed here (WireMock, and any other) have no Spring Boot properties.
 */
enum SpringBootProperties {
  /** PostgreSQL: Spring Boot's JDBC {@code DataSource}. */
  POSTGRES(
      "postgres",
      Map.of(),
      "spring.datasource.url",
      "jdbcUrl",
      "spring.datasource.username",
      "user",
      "spring.datasource.password",
      "password"),
  /**
   * Redis: Spring Data Redis' connection factory (Spring Boot 3 and 4). A {@code
   * spring.data.redis.url} set elsewhere (such as {@code application.properties}) would win over
   * host and port, so it is then replaced too; it is not set otherwise, as it would also replace
   * the database index ({@code spring.data.redis.database}) with the URL's (none: 0).
   */
  REDIS(
      "redis",
      Map.of("spring.data.redis.url", "url"),
      "spring.data.redis.host",
      "host",
      "spring.data.redis.port",
      "port"),
  /**
   * Kafka: Spring for Apache Kafka's clients. A client's own {@code bootstrap-servers} set
   * elsewhere (consumer, producer, admin, streams) overrides the global one for that client, so it
   * is then replaced too.
   */
  KAFKA(
      "kafka",
      Map.of(
          "spring.kafka.consumer.bootstrap-servers", "bootstrapServers",
          "spring.kafka.producer.bootstrap-servers", "bootstrapServers",
          "spring.kafka.admin.bootstrap-servers", "bootstrapServers",
          "spring.kafka.streams.bootstrap-servers", "bootstrapServers"),
      "spring.kafka.bootstrap-servers",
      "bootstrapServers");

  private final String kind;
  private final Map<String, String> properties;
  private final Map<String, String> replacedIfSet;

  /**
   * @param kind the service kind's name, as declarations write it ({@code service: postgres})
   * @param replacedIfSet Spring Boot properties that win over {@code bootToKey}'s when set, each
   *     mapped to the connection property it takes; set only when the context has them already
   * @param bootToKey pairs: a Spring Boot property, then the connection property it takes
   */
  SpringBootProperties(String kind, Map<String, String> replacedIfSet, String... bootToKey) {
    this.kind = kind;
    this.replacedIfSet = replacedIfSet;
    Map<String, String> table = new LinkedHashMap<>();
    for (int i = 0; i < bootToKey.length; i += 2) {
      table.put(bootToKey[i], bootToKey[i + 1]);
    }
    this.properties = Collections.unmodifiableMap(table);
  }

  /** The properties of the service kind named {@code kind}, if Spring Boot has some. */
  static Optional<SpringBootProperties> forKind(String kind) {
    return Arrays.stream(values()).filter(p -> p.kind.equals(kind)).findFirst();
  }

  /** Spring Boot property names, each mapped to the connection property ({@code KEY}) it takes. */
  Map<String, String> properties() {
    return properties;
  }

  /**
   * Spring Boot property names that win over {@link #properties()} when set (so that they are
   * replaced only if the context has them already), each mapped to its connection property.
   */
  Map<String, String> replacedIfSet() {
    return replacedIfSet;
  }
}
