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
      "spring.datasource.url",
      "jdbcUrl",
      "spring.datasource.username",
      "user",
      "spring.datasource.password",
      "password"),
  /** Redis: Spring Data Redis' connection factory (Spring Boot 3 and 4). */
  REDIS("redis", "spring.data.redis.host", "host", "spring.data.redis.port", "port"),
  /** Kafka: Spring for Apache Kafka's clients. */
  KAFKA("kafka", "spring.kafka.bootstrap-servers", "bootstrapServers");

  private final String kind;
  private final Map<String, String> properties;

  /**
   * @param kind the service kind's name, as declarations write it ({@code service: postgres})
   * @param bootToKey pairs: a Spring Boot property, then the connection property it takes
   */
  SpringBootProperties(String kind, String... bootToKey) {
    this.kind = kind;
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
}
