package com.example.notes.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ovrseer.junit.OvrseerEnvironment;
import io.ovrseer.junit.OvrseerEnvironment.Scope;
import io.ovrseer.junit.PostgresService;
import io.ovrseer.junit.RedisService;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The first style: Spring Boot runs the application inside the test JVM, and the Ovrseer
 * environment runs PostgreSQL and Redis as real servers (binaries from Maven artifacts, see the
 * pom), started before the application context loads. The context gets Spring Boot's own
 * properties for them ({@code spring.datasource.*}, {@code spring.data.redis.*}) with no {@code
 * @DynamicPropertySource}; the {@code GLOBAL} scope lets every test class of this environment share
 * one environment and one cached context.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@OvrseerEnvironment(scope = Scope.GLOBAL)
@PostgresService(id = "db")
@RedisService(id = "cache")
class NotesSpringBootIT {

  @Value("${local.server.port}")
  int port;

  @Autowired JdbcClient jdbc;

  @Autowired StringRedisTemplate redis;

  @Test
  void storesNotesInPostgresAndCachesThemInRedis() throws Exception {
    NotesHttp http = new NotesHttp(port);

    long id = http.create("stored in PostgreSQL");
    assertThat(http.read(id)).isEqualTo("stored in PostgreSQL");

    assertThat(jdbc.sql("SELECT text FROM notes WHERE id = ?").param(id).query(String.class).single())
        .isEqualTo("stored in PostgreSQL");
    // Spring Data Redis 4 (Spring Boot 4) writes a cache entry asynchronously: the read above can
    // answer before the entry is in Redis, so the entry is awaited (at once on Boot 3.5).
    await("cached in Redis")
        .atMost(Duration.ofSeconds(10))
        .until(() -> redis.hasKey(NoteStore.CACHE + "::" + id));
  }

  @Test
  void answersNotFoundForAnUnknownNote() throws Exception {
    assertThat(new NotesHttp(port).status(Long.MAX_VALUE)).isEqualTo(404);
  }
}
