package io.ovrseer.services;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ovrseer.internal.PrivateDirectories;
import io.ovrseer.process.ProcessSpawnException;
import io.ovrseer.testing.NoLeftoverProcesses;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

@ExtendWith(NoLeftoverProcesses.class)
class RedisProcessTest {

  @Test
  void setsAndGetsAValueWithARealClient() throws Exception {
    RedisProcess redis = RedisProcess.builder().config("maxmemory 10mb").build();
    try {
      redis.start();
      redis.ready().get(1, TimeUnit.MINUTES);
      try (Jedis jedis = new Jedis(redis.host(), redis.port())) {
        assertThat(jedis.set("greeting", "hello")).isEqualTo("OK");
        assertThat(jedis.get("greeting")).isEqualTo("hello");
        assertThat(jedis.configGet("maxmemory")).containsEntry("maxmemory", "10485760");
        // Its instance directory, where it keeps its data: the owner's only, like the runtime
        // directory it is in.
        Path dir = Path.of(jedis.configGet("dir").get("dir"));
        assertThat(dir.getParent()).isEqualTo(PrivateDirectories.runtime());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)))
            .isEqualTo("rwx------");
      }
      assertThat(redis.connectionProperties())
          .containsEntry("url", "redis://127.0.0.1:" + redis.port())
          .containsEntry("host", "127.0.0.1")
          .containsEntry("port", Integer.toString(redis.port()));
    } finally {
      redis.stop();
    }
  }

  @Test
  void aPasswordAndQuotedValuesGoThroughAConfigFileNotTheCommandLine() throws Exception {
    RedisProcess redis =
        RedisProcess.builder().config("requirepass \"s3cret pass\"", "save 900 1").build();
    try {
      redis.start();
      redis.ready().get(1, TimeUnit.MINUTES);
      String commandLine =
          ProcessHandle.of(redis.getPid().orElseThrow())
              .orElseThrow()
              .info()
              .commandLine()
              .orElse("");
      assertThat(commandLine).doesNotContain("s3cret");
      try (Jedis jedis = new Jedis(redis.host(), redis.port())) {
        jedis.auth("s3cret pass");
        assertThat(jedis.configGet("save")).containsEntry("save", "900 1");
        Path config = Path.of(jedis.configGet("dir").get("dir")).resolve(RedisProcess.CONFIG_FILE);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(config)))
            .isEqualTo("rw-------");
      }
    } finally {
      redis.stop();
    }
  }

  @Test
  void aConfigLineThatMovesThePortIsRefused() {
    // "port 7031" made Redis ready on 7031 while url() and the connection properties named the
    // builder's port, where nothing listened; a line break hid such a line in another.
    assertThatThrownBy(() -> RedisProcess.builder().config("maxmemory 10mb", "PORT 7031"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Redis config line [PORT 7031] would move the server off its url's port; use port(int)");
    assertThatThrownBy(() -> RedisProcess.builder().config("maxmemory 10mb\nport 7031"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("holds a line break");
  }

  /**
   * Readiness is Redis's notice "Ready to accept connections" on its own output: with {@code
   * loglevel warning} or a {@code logfile} that line never came, and a server that ran fine failed
   * its readiness at the ready timeout (30 s); {@code daemonize yes} exited the unit's process.
   */
  @Test
  void aConfigLineThatHidesTheReadyLineOrDetachesTheServerIsRefused() throws Exception {
    for (String line :
        List.of(
            "loglevel warning",
            "LogLevel \"nothing\"",
            "logfile /tmp/redis.log",
            "daemonize YES")) {
      assertThatThrownBy(() -> RedisProcess.builder().config(line))
          .as(line)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("Redis config line [" + line + "] would ");
    }
    RedisProcess redis =
        RedisProcess.builder()
            .config("loglevel verbose", "logfile \"\"", "daemonize no")
            .readyTimeout(Duration.ofSeconds(20))
            .build();
    try {
      redis.start();
      redis.ready().get(1, TimeUnit.MINUTES);
      try (Jedis jedis = new Jedis(redis.host(), redis.port())) {
        assertThat(jedis.configGet("loglevel")).containsEntry("loglevel", "verbose");
      }
    } finally {
      redis.stop();
    }
  }

  /**
   * The docs said a Redis restarted by restart() came back empty; with save points it comes back
   * with the final snapshot its SIGTERM wrote into the kept directory. A stop removes it.
   */
  @Test
  void restartKeepsWhatRedisSavedAndAStopAndStartDoesNot() throws Exception {
    RedisProcess redis = RedisProcess.builder().config("save 900 1").build();
    try {
      redis.start();
      redis.ready().get(1, TimeUnit.MINUTES);
      try (Jedis jedis = new Jedis(redis.host(), redis.port())) {
        jedis.set("kept", "yes");
      }
      redis.restart();
      redis.ready().get(1, TimeUnit.MINUTES);
      try (Jedis jedis = new Jedis(redis.host(), redis.port())) {
        assertThat(jedis.get("kept")).isEqualTo("yes");
      }
      redis.stop();
      redis.start();
      redis.ready().get(1, TimeUnit.MINUTES);
      try (Jedis jedis = new Jedis(redis.host(), redis.port())) {
        assertThat(jedis.get("kept")).isNull();
      }
    } finally {
      redis.stop();
    }
  }

  @Test
  void aServerThatCannotBeSpawnedLeavesNoInstanceDirectory(@TempDir Path tmp) throws Exception {
    Path program = tmp.resolve("redis-server");
    Files.writeString(program, "#!/bin/sh\nexit 0\n");
    Files.setPosixFilePermissions(program, PosixFilePermissions.fromString("rwx------"));
    RedisProcess redis = RedisProcess.builder().binary(program).build();
    Files.delete(program);

    assertThatThrownBy(redis::start).isInstanceOf(ProcessSpawnException.class);

    try (Stream<Path> entries = Files.list(PrivateDirectories.runtime())) {
      assertThat(entries.map(p -> p.getFileName().toString()))
          .noneMatch(name -> name.startsWith("redis-" + redis.port() + "-"));
    }
  }

  @Test
  void aSecondInstanceUsesTheCachedBinary() {
    RedisProcess.builder().build();
    RedisProcess second = RedisProcess.builder().build();
    assertThat(second.logger().getLogs())
        .anyMatch(line -> line.startsWith("[ovrseer] redis-server "))
        .noneMatch(line -> line.startsWith("[ovrseer] unpacked "));
  }
}
