package io.ovrseer.services;

import io.ovrseer.process.ProcessUnit;
import java.util.Map;

/**
 * A ready-made {@link ProcessUnit} for a real server (PostgreSQL, Redis, Kafka, WireMock) with
 * typed connection details.
 *
 * <p>{@link #connectionProperties()} holds the same details by key; each key is the {@code KEY} of
 * the placeholder {@code ${KEY:ID}} and of the system property {@code ovrseer.KEY.ID} that an
 * environment publishes for the service registered as {@code ID}.
 */
public sealed interface ServiceUnit extends ProcessUnit
    permits PostgresProcess, RedisProcess, KafkaProcess, WireMockProcess {

  /**
   * The connection details by placeholder key, in a stable order; every service has {@code host}
   * and {@code port}. Known once the unit is built (the port is fixed then), before it starts.
   */
  Map<String, String> connectionProperties();
}
