package io.ovrseer.services;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ovrseer.Ovrseer;
import io.ovrseer.OvrseerOptions;
import io.ovrseer.crash.CrashReporter;
import io.ovrseer.event.ProcessReady;
import io.ovrseer.process.ProcessState;
import io.ovrseer.testing.NoLeftoverProcesses;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.Jedis;

@ExtendWith(NoLeftoverProcesses.class)
class ServicesInOvrseerTest {

  @Test
  void servicesAreDependenciesOfAnOrchestratorInTheirDependsOnOrder() throws Exception {
    PostgresProcess db = PostgresProcess.builder().build();
    RedisProcess cache = RedisProcess.builder().dependsOn("db").build();
    List<String> ready = new CopyOnWriteArrayList<>();
    try (Ovrseer ovrseer =
        new Ovrseer(OvrseerOptions.builder().crashReporter(CrashReporter.noop()).build())) {
      ovrseer.on(ProcessReady.class, e -> ready.add(e.name()));
      ovrseer.addDependency("db", db);
      ovrseer.addDependency("cache", cache);

      ovrseer.start();

      assertThat(ready).containsExactly("db", "cache");
      assertThat(ovrseer.getProcess("db")).containsSame(db);
      try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password());
          Jedis jedis = new Jedis(cache.host(), cache.port())) {
        assertThat(c.isValid(5)).isTrue();
        assertThat(jedis.ping()).isEqualTo("PONG");
      }
    }
    assertThat(db.getState()).isEqualTo(ProcessState.STOPPED);
    assertThat(cache.getState()).isEqualTo(ProcessState.STOPPED);
    assertThat(db.dataDirectory()).doesNotExist();
  }

  @Test
  void postgresRestartedAfterACrashKeepsItsData() throws Exception {
    PostgresProcess db = PostgresProcess.builder().build();
    List<String> ready = new CopyOnWriteArrayList<>();
    try (Ovrseer ovrseer =
        new Ovrseer(
            OvrseerOptions.builder()
                .crashReporter(CrashReporter.noop())
                .retryDelay(Duration.ZERO)
                .build())) {
      ovrseer.on(ProcessReady.class, e -> ready.add(e.name()));
      ovrseer.addDependency("db", db);
      ovrseer.start();
      try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password());
          Statement s = c.createStatement()) {
        s.execute("create table kept (id int); insert into kept values (1)");
      }

      ProcessHandle.of(db.getPid().orElseThrow()).orElseThrow().destroyForcibly();

      await().atMost(Duration.ofMinutes(1)).until(() -> ready.size() == 2);
      try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password());
          ResultSet r = c.createStatement().executeQuery("select count(*) from kept")) {
        assertThat(r.next()).isTrue();
        assertThat(r.getInt(1)).isEqualTo(1);
      }
    }
    assertThat(db.dataDirectory()).doesNotExist();
  }
}
