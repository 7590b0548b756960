package com.example.notes.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.ovrseer.junit.Dependency;
import io.ovrseer.junit.OvrseerEnvironment;
import io.ovrseer.junit.OvrseerEnvironment.Scope;
import io.ovrseer.junit.Ready;
import io.ovrseer.junit.SetupProcess;
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
@EnabledIfNativeServers
@OvrseerEnvironment(scope = Scope.GLOBAL)
@Dependency(
    id = "redis",
    command = {
      "redis-server", "--port", "${port:redis}", "--bind", "127.0.0.1",
      "--save", "", "--appendonly", "no"
    },
    ready = @Ready(log = "Ready to accept connections", timeout = "20s"))
// PostgreSQL refuses to run as root: initdb and the server run as the postgres user.
@SetupProcess(
    id = "initdb",
    command = {
      "${sys:postgres.bin}/initdb", "--pgdata=${sys:java.io.tmpdir}/ovrseer-boot-pg-${port:pg}",
      "--username=postgres", "--auth=trust", "--encoding=UTF8", "--no-instructions", "--no-sync"
    },
    user = "postgres",
    timeout = "2m")
@Dependency(
    id = "postgres",
    command = {
      "${sys:postgres.bin}/postgres", "-D", "${sys:java.io.tmpdir}/ovrseer-boot-pg-${port:pg}",
      "-p", "${port:pg}", "-c", "listen_addresses=localhost", "-c", "unix_socket_directories=",
      "-c", "fsync=off", "-c", "full_page_writes=off"
    },
    user = "postgres",
    dependsOn = "initdb",
    stopTimeout = "10s",
    ready = @Ready(log = "database system is ready to accept connections", timeout = "30s"))
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
