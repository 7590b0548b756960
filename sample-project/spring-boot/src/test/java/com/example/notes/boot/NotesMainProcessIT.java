package com.example.notes.boot;

import static io.ovrseer.assertj.OvrseerAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import io.ovrseer.Ovrseer;
import io.ovrseer.junit.LogFlag;
import io.ovrseer.junit.MainProcess;
import io.ovrseer.junit.OvrseerEnvironment;
import io.ovrseer.junit.PostgresService;
import io.ovrseer.junit.Port;
import io.ovrseer.junit.ProcessId;
import io.ovrseer.junit.Ready;
import io.ovrseer.junit.RedisService;
import io.ovrseer.process.ProcessUnit;
import org.junit.jupiter.api.Test;

/**
 * The second style: the Spring Boot application runs as its own process, an Ovrseer main process
 * started from this test run's class path, configured by command-line arguments (the services'
 * placeholders {@code ${jdbcUrl:db}}, {@code ${user:db}}, ...) and ready once its actuator health
 * endpoint answers (UP only when PostgreSQL and Redis do). The test talks to it over HTTP only, as
 * a client would; its logs are flagged and kept in crash reports.
 */
@OvrseerEnvironment
@PostgresService(id = "db")
@RedisService(id = "cache")
@MainProcess(
    id = "app",
    command = {
      "${java}", "-cp", "${classpath}", "com.example.notes.boot.NotesBootApp",
      "--server.port=${port:app}",
      "--spring.datasource.url=${jdbcUrl:db}",
      "--spring.datasource.username=${user:db}",
      "--spring.datasource.password=${password:db}",
      "--spring.data.redis.host=${host:cache}",
      "--spring.data.redis.port=${port:cache}"
    },
    ready = @Ready(http = "http://localhost:${port:app}/actuator/health", timeout = "90s"),
    flags = {
      @LogFlag(name = "errors", pattern = "ERROR|Exception"),
      @LogFlag(name = "started", pattern = "Started NotesBootApp", targetCount = 1)
    })
class NotesMainProcessIT {

  @Test
  void servesNotesFromItsOwnProcess(
      @Port("app") int port, @ProcessId("app") ProcessUnit app, Ovrseer ovrseer) throws Exception {
    NotesHttp http = new NotesHttp(port);

    long id = http.create("from a main process");

    assertThat(http.read(id)).isEqualTo("from a main process");
    assertThat(app).flag("started").hasReachedTarget();
    assertThat(app).flag("errors").hasNoMatches();
    assertThat(ovrseer).hasNoCrashReports();
  }
}
