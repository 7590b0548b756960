package com.example.notes.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.ovrseer.junit.Dependency;
import io.ovrseer.junit.OvrseerEnvironment;
import io.ovrseer.junit.OvrseerEnvironment.Scope;
import io.ovrseer.junit.Ready;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The first style: Spring Boot runs the application inside the test JVM, and the Ovrseer
 * environment runs what it needs as real processes, started before the application context loads.
 * The context reads the environment's properties ({@code ovrseer.port.redis}, {@code
 * ovrseer.port.pg}) with no {@code @DynamicPropertySource}; the {@code GLOBAL} scope lets every
 * test class of this environment share one environment and one cached context.
 */
@SpringBootTest(
    webEnvironment = WebEnvironment.RANDOM_PORT,
    properties = {
      "spring.datasource.url=jdbc:postgresql://localhost:${ovrseer.port.pg}/postgres",
      "spring.datasource.username=postgres",
      "spring.data.redis.host=localhost",
      "spring.data.redis.port=${ovrseer.port.redis}"
    })
@OvrseerEnvironment(scope = Scope.GLOBAL)
@Dependency(
    id = "redis",
    command = {
      "redis-server", "--port", "${port:redis}", "--bind", "127.0.0.1",
      "--save", "", "--appendonly", "no"
    },
    ready = @Ready(log = "Ready to accept connections", timeout = "20s"))
@Dependency(
    id = "postgres",
    command = {
      "sh", "../src/test/resources/postgres/run-postgres.sh", "target/postgres/spring-boot-test", "${port:pg}"
    },
    stopTimeout = "10s",
    ready = @Ready(log = "database system is ready to accept connections", timeout = "60s"))
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
    assertThat(redis.hasKey(NoteStore.CACHE + "::" + id)).as("cached in Redis").isTrue();
  }

  @Test
  void answersNotFoundForAnUnknownNote() throws Exception {
    assertThat(new NotesHttp(port).status(Long.MAX_VALUE)).isEqualTo(404);
  }
}
