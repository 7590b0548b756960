package io.ovrseer.services;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ovrseer.spec.Ports;
import io.ovrseer.spec.ServiceKind;
import io.ovrseer.testing.NoLeftoverProcesses;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.Jedis;

/** The service kinds: declarations' text options become the units' builder options. */
@ExtendWith(NoLeftoverProcesses.class)
class ServiceKindsTest {
  private final Ports ports = new Ports();

  @AfterEach
  void releasePorts() {
    ports.release();
  }

  private ServiceKind.Request request(String id, Map<String, List<String>> options) {
    return new ServiceKind.Request(
        id, options, ports, List.of("init"), Optional.empty(), Optional.empty(), Path.of(""));
  }

  @Test
  void redisFromADeclarationRunsOnTheEnvironmentsPortWithItsConfigLines() throws Exception {
    ServiceKind.Instance cache =
        new RedisKind()
            .create(
                request(
                    "cache",
                    Map.of("config", List.of("maxmemory 10mb", "maxmemory-policy allkeys-lru"))));
    RedisProcess redis = (RedisProcess) cache.unit();
    assertThat(redis.port()).isEqualTo(ports.get("cache"));
    assertThat(redis.dependsOn()).containsExactly("init");
    assertThat(cache.connectionProperties().keySet()).isEqualTo(new RedisKind().connectionKeys());
    try {
      redis.start();
      redis.ready().get(1, TimeUnit.MINUTES);
      try (Jedis jedis = new Jedis(redis.host(), redis.port())) {
        assertThat(jedis.configGet("maxmemory-policy"))
            .containsEntry("maxmemory-policy", "allkeys-lru");
      }
    } finally {
      redis.stop();
    }
  }

  @Test
  void postgresOptionsReachTheBuilder() {
    ServiceKind.Instance db =
        new PostgresKind()
            .create(
                request(
                    "db",
                    Map.of(
                        "database",
                        List.of("shop"),
                        "username",
                        List.of("clerk"),
                        "password",
                        List.of("pw"),
                        "settings",
                        List.of("max_connections=20"))));
    assertThat(db.connectionProperties())
        .containsEntry("jdbcUrl", "jdbc:postgresql://127.0.0.1:" + ports.get("db") + "/shop")
        .containsEntry("user", "clerk")
        .containsEntry("password", "pw");
    assertThat(db.connectionProperties().keySet()).isEqualTo(new PostgresKind().connectionKeys());
    assertThat(db.unit().args()).contains("max_connections=20");
  }

  @Test
  void badOptionValuesNameTheValueInBrackets() {
    assertThatThrownBy(
            () -> new KafkaKind().create(request("events", Map.of("topics", List.of("orders:x")))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("[orders:x] of topics");
    assertThatThrownBy(
            () ->
                new PostgresKind()
                    .create(request("db", Map.of("settings", List.of("max_connections")))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("[max_connections] of settings");
    assertThatThrownBy(
            () ->
                new PostgresKind()
                    .create(request("db", Map.of("keepDataDirectory", List.of("maybe")))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("[maybe] of keepDataDirectory is not true or false");
  }

  @Test
  void aBooleanOptionIsReadAsEveryOtherBooleanOfADeclaration() {
    // As passIfNotFound: any case, and yes/no, on/off.
    for (String yes : List.of("true", "TRUE", "yes", "On")) {
      assertThat(options("keepDataDirectory", yes).flag("keepDataDirectory")).as(yes).isTrue();
    }
    for (String no : List.of("false", "False", "no", "OFF")) {
      assertThat(options("keepDataDirectory", no).flag("keepDataDirectory")).as(no).isFalse();
    }
    assertThat(new KindOptions(request("db", Map.of())).flag("keepDataDirectory")).isFalse();
  }

  private KindOptions options(String key, String value) {
    return new KindOptions(request("db", Map.of(key, List.of(value))));
  }
}
