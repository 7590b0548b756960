package io.ovrseer.services;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ovrseer.testing.Backends;
import io.ovrseer.testing.NoLeftoverProcesses;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(NoLeftoverProcesses.class)
class PostgresProcessTest {
  private static final Duration READY = Duration.ofMinutes(2);

  @Test
  void answersSelectVersionOverJdbcAndRemovesItsDataDirectoryAtStop() throws Exception {
    PostgresProcess db = PostgresProcess.builder().build();
    try {
      db.start();
      db.ready().get(READY.toSeconds(), TimeUnit.SECONDS);
      assertThat(Files.isDirectory(db.dataDirectory())).isTrue();
      try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password());
          Statement s = c.createStatement();
          ResultSet r = s.executeQuery("select version()")) {
        assertThat(r.next()).isTrue();
        assertThat(r.getString(1)).startsWith("PostgreSQL 18.7");
      }
    } finally {
      db.stop();
    }
    assertThat(db.dataDirectory()).doesNotExist();
  }

  @Test
  void aSecondStartOfARunningServerFailsAndLeavesItsDataDirectoryAlone() throws Exception {
    PostgresProcess db = PostgresProcess.builder().build();
    try {
      db.start();
      db.ready().get(READY.toSeconds(), TimeUnit.SECONDS);

      assertThatThrownBy(db::start)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("is already running");

      assertThat(db.isRunning()).isTrue();
      assertThat(db.dataDirectory()).isDirectory();
      try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password());
          Statement s = c.createStatement()) {
        s.execute("create table t (id int); insert into t values (1); checkpoint");
      }
    } finally {
      db.stop();
    }
    assertThat(db.dataDirectory()).doesNotExist();
  }

  @Test
  void aServerRunAsAnotherUserHasItsDataDirectoryRemovedByThatUserNotByRoot() throws Exception {
    Backends.assumeRootOnLinux("the server runs as nobody only from a root JVM");
    PostgresProcess db = PostgresProcess.builder().build();
    Path planted;
    try {
      db.start();
      db.ready().get(READY.toSeconds(), TimeUnit.SECONDS);
      // Root's own directory inside nobody's data directory: nobody cannot delete what is in it.
      planted = Files.createDirectory(db.dataDirectory().resolve("root-owned"));
      Files.writeString(planted.resolve("kept"), "root's");
    } catch (RuntimeException | Error e) {
      db.kill();
      throw e;
    }

    assertThatThrownBy(db::stop)
        .hasMessageContaining("instance directory removal")
        .hasMessageContaining("Permission denied");

    assertThat(planted.resolve("kept")).exists();
    assertThat(db.isRunning()).isFalse();
    CacheEntry.deleteRecursively(db.dataDirectory());
  }

  @Test
  void aRestartKeepsTheDataAndConnectionPropertiesNameEveryDetail() throws Exception {
    PostgresProcess db = PostgresProcess.builder().build();
    try {
      db.start();
      db.ready().get(READY.toSeconds(), TimeUnit.SECONDS);
      try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password());
          Statement s = c.createStatement()) {
        s.execute("create table kept (id int)");
      }
      db.restart();
      db.ready().get(READY.toSeconds(), TimeUnit.SECONDS);
      try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password());
          Statement s = c.createStatement();
          ResultSet r = s.executeQuery("select count(*) from kept")) {
        assertThat(r.next()).isTrue();
      }
      assertThat(db.connectionProperties())
          .containsExactly(
              Map.entry("jdbcUrl", "jdbc:postgresql://127.0.0.1:" + db.port() + "/test"),
              Map.entry("url", "postgresql://test:test@127.0.0.1:" + db.port() + "/test"),
              Map.entry("host", "127.0.0.1"),
              Map.entry("port", Integer.toString(db.port())),
              Map.entry("database", "test"),
              Map.entry("user", "test"),
              Map.entry("password", "test"));
    } finally {
      db.stop();
    }
  }

  @Test
  void secondInstanceInTheSameJvmNeitherUnpacksNorRunsInitdb() throws Exception {
    PostgresProcess.builder().build(); // the first may unpack and run initdb
    PostgresProcess second = PostgresProcess.builder().build();
    assertThat(second.logger().getLogs())
        .anyMatch(line -> line.startsWith("[ovrseer] binaries "))
        .anyMatch(line -> line.startsWith("[ovrseer] template from cache "))
        .noneMatch(line -> line.startsWith("[ovrseer] unpacked "))
        .noneMatch(line -> line.startsWith("[ovrseer] initdb "));
  }

  @Test
  void createsTheDatabaseAndUserAndRunsInitScriptsIntoTheTemplate(@TempDir Path dir)
      throws Exception {
    Path script = dir.resolve("init.sql");
    Files.writeString(
        script,
        "create table greeting (id int primary key, text varchar(20));\n"
            + "insert into greeting values (1, 'hello');\n"
            + "insert into greeting\n  values (2, 'world');\n");
    PostgresProcess db =
        PostgresProcess.builder()
            .database("shop")
            .user("clerk")
            .password("s3cret")
            .initScript(script)
            .setting("max_connections", "20")
            .keepDataDirectory(true)
            .build();
    try {
      db.start();
      db.ready().get(READY.toSeconds(), TimeUnit.SECONDS);
      assertThat(db.jdbcUrl()).endsWith("/shop");
      try (Connection c = DriverManager.getConnection(db.jdbcUrl(), "clerk", "s3cret");
          Statement s = c.createStatement()) {
        ResultSet r = s.executeQuery("select string_agg(text, ' ' order by id) from greeting");
        r.next();
        assertThat(r.getString(1)).isEqualTo("hello world");
        r = s.executeQuery("show max_connections");
        r.next();
        assertThat(r.getString(1)).isEqualTo("20");
      }
      assertThatWrongPasswordIsRefused(db);
    } finally {
      db.stop();
    }
    assertThat(db.dataDirectory()).isDirectory();
    CacheEntry.deleteRecursively(db.dataDirectory());
  }

  @Test
  void aFailingInitScriptIsNamedWithTheServersError(@TempDir Path dir) throws Exception {
    Path schema = Files.writeString(dir.resolve("schema.sql"), "create table a (id int);\n");
    Path data = Files.writeString(dir.resolve("data.sql"), "insert into a values ('x');\n");

    assertThatThrownBy(() -> PostgresProcess.builder().initScript(schema, data).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("init script " + data + " failed")
        .hasMessageNotContaining(schema.toString())
        .hasMessageContaining("invalid input syntax for type integer: \"x\"");
  }

  @Test
  void aPasswordWithUriCharactersIsPercentEncodedInTheUrlAndWorksOnceDecoded() throws Exception {
    String password = "p@ss:w/rd?#%20 x&\u00fc";
    PostgresProcess db = PostgresProcess.builder().password(password).build();
    URI url = URI.create(db.url());
    assertThat(url.getUserInfo()).isEqualTo("test:" + password);
    assertThat(url.getHost()).isEqualTo("127.0.0.1");
    assertThat(url.getPort()).isEqualTo(db.port());
    assertThat(url.getPath()).isEqualTo("/test");
    try {
      db.start();
      db.ready().get(READY.toSeconds(), TimeUnit.SECONDS);
      String decoded = url.getUserInfo().substring(url.getUserInfo().indexOf(':') + 1);
      try (Connection c = DriverManager.getConnection(db.jdbcUrl(), "test", decoded);
          ResultSet r = c.createStatement().executeQuery("select current_user")) {
        assertThat(r.next()).isTrue();
        assertThat(r.getString(1)).isEqualTo("test");
      }
    } finally {
      db.stop();
    }
  }

  @Test
  void aPasswordWithALineBreakIsRefusedByTheBuilder() {
    // initdb reads the password file's first line and drops a trailing "\r": a server started
    // with "x\r" took "x", and the connection with the password as given failed.
    for (String password : new String[] {"x\r", "x\n", "a\rb"}) {
      assertThatThrownBy(() -> PostgresProcess.builder().password(password))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("PostgreSQL password must be one non-empty line");
    }
  }

  @Test
  void aKilledServerLeavesNoSharedMemorySegmentBehind() throws Exception {
    // A server ended by SIGKILL (kill(), a stop past its timeout) left its System V segment
    // (owner nobody, nothing attached) for good once its data directory was removed, where a
    // later server would have found and removed it; kernel.shmmni bounds how many there can be.
    PostgresProcess db = PostgresProcess.builder().build();
    db.start();
    String id;
    try {
      db.ready().get(READY.toSeconds(), TimeUnit.SECONDS);
      id = PostgresSharedMemory.leftIn(db.dataDirectory(), Optional.empty()).orElseThrow();
      assertThat(sharedMemorySegments()).contains(id);
    } finally {
      db.kill();
    }
    assertThat(db.dataDirectory()).doesNotExist();
    assertThat(sharedMemorySegments()).doesNotContain(id);
  }

  /** The ids of the System V shared memory segments, as {@code ipcs -m} lists them. */
  private static List<String> sharedMemorySegments() throws Exception {
    Process ipcs = new ProcessBuilder("ipcs", "-m").redirectErrorStream(true).start();
    String listing = new String(ipcs.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(ipcs.waitFor()).isZero();
    return listing
        .lines()
        .map(line -> line.trim().split("\\s+"))
        .filter(fields -> fields.length > 1 && fields[1].matches("[0-9]+"))
        .map(fields -> fields[1])
        .toList();
  }

  @Test
  void aPortSettingThatMovesTheServerIsRefused() {
    // -c port=... came after -p and won: the server was ready on that port while jdbcUrl() and
    // the connection properties named the builder's, where nothing listened (as Redis's "port").
    for (String key : new String[] {"port", "PORT"}) {
      assertThatThrownBy(() -> PostgresProcess.builder().setting(key, "45999"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage(
              "PostgreSQL setting ["
                  + key
                  + "] would move the server off its jdbcUrl's port; use port(int)");
    }
  }

  /**
   * The server ran fine, but its ready line went to a log file, syslog or nowhere: the readiness
   * waited for the whole ready timeout (60 s) and failed, its last log line at best "Future log
   * output will appear in directory "log"".
   */
  @Test
  void aSettingThatHidesTheReadyLineIsRefused() {
    String[][] hiding = {
      {"logging_collector", "on"},
      {"Logging_Collector", "TRUE"},
      {"logging_collector", "yes"},
      {"log_destination", "syslog"},
      {"log_destination", "syslog, eventlog"},
      {"log_min_messages", "fatal"},
      {"log_min_messages", "PANIC"}
    };
    for (String[] setting : hiding) {
      assertThatThrownBy(() -> PostgresProcess.builder().setting(setting[0], setting[1]))
          .as(setting[0] + "=" + setting[1])
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("PostgreSQL setting [" + setting[0] + "=" + setting[1] + "] ")
          .hasMessageContaining(
              "would hide the ready line, which Ovrseer waits for on the server's stderr");
    }
    // These keep it on stderr (csvlog and jsonlog without the collector write there).
    PostgresProcess.builder()
        .setting("logging_collector", "off")
        .setting("log_destination", "stderr,syslog")
        .setting("log_destination", "csvlog")
        .setting("log_min_messages", "error");
  }

  private static void assertThatWrongPasswordIsRefused(PostgresProcess db) {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> DriverManager.getConnection(db.jdbcUrl(), db.username(), "wrong").close())
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("password authentication failed");
  }
}
