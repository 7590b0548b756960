package com.example.notes.boot;

import static io.ovrseer.assertj.OvrseerAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import io.ovrseer.Ovrseer;
import io.ovrseer.junit.Dependency;
import io.ovrseer.junit.LogFlag;
import io.ovrseer.junit.MainProcess;
import io.ovrseer.junit.OvrseerEnvironment;
import io.ovrseer.junit.Port;
import io.ovrseer.junit.ProcessId;
import io.ovrseer.junit.Ready;
import io.ovrseer.junit.SetupProcess;
import io.ovrseer.process.ProcessUnit;
import org.junit.jupiter.api.Test;

/**
 * The second style: the Spring Boot application runs as its own process, an Ovrseer main process
 * started from this test run's class path, configured by command-line arguments and ready once
 * its actuator health endpoint answers (UP only when PostgreSQL and Redis do). The test talks to it
 * over HTTP only, as a client would; its logs are flagged and kept in crash reports.
 */
@EnabledIfNativeServers
@OvrseerEnvironment
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
@MainProcess(
    id = "app",
    command = {
      "${java}", "-cp", "${classpath}", "com.example.notes.boot.NotesBootApp",
      "--server.port=${port:app}",
      "--spring.datasource.url=jdbc:postgresql://localhost:${port:pg}/postgres",
      "--spring.datasource.username=postgres",
      "--spring.data.redis.port=${port:redis}"
    },
    // A Spring Boot start takes seconds, more on a loaded machine.
    ready = @Ready(http = "http://localhost:${port:app}/actuator/health", timeout = "120s"),
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
