package io.ovrseer.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.testkit.engine.EventConditions.container;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import io.ovrseer.junit.OvrseerEnvironment.Scope;
import io.ovrseer.process.ProcessUnit;
import io.ovrseer.services.PostgresProcess;
import io.ovrseer.services.RedisProcess;
import io.ovrseer.spec.ServiceKind;
import io.ovrseer.testing.Backends;
import io.ovrseer.testing.NoLeftoverProcesses;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import redis.clients.jedis.Jedis;

/**
 * {@code @PostgresService} and {@code @RedisService} with real servers (from the Maven artifacts on
 * the test class path): options, typed injection, placeholders, system properties, a GLOBAL
 * environment shared by two classes. The Kafka and WireMock annotations are checked for their
 * mistakes only (a real broker runs once in the suite, in KafkaProcessTest).
 */
@ExtendWith(NoLeftoverProcesses.class)
class ServiceAnnotationsTest {
  static final String SCHEMA = "src/test/resources/io/ovrseer/junit/shop-schema.sql";
  static final String ENV_ECHO = "io.ovrseer.junit.fixtures.EnvEcho";

  /** What each fixture class saw, by class name. */
  static final Map<String, Map<String, String>> SEEN = new ConcurrentHashMap<>();

  @Test
  void postgresAndRedisRunFromTheirAnnotationsInOneGlobalEnvironmentOfTwoClasses() {
    if ("root".equals(System.getProperty("user.name"))) {
      Backends.assumeLinux("PostgreSQL refuses root, and switching to another user needs setpriv");
    }
    TestKit.Captured run = TestKit.runCapturing(ShopA.class, ShopB.class);

    TestKit.assertSucceeded(run.results());
    run.results().testEvents().assertStatistics(stats -> stats.started(2).succeeded(2));
    assertThat(SEEN).containsOnlyKeys("ShopA", "ShopB");
    Map<String, String> a = SEEN.get("ShopA");
    assertThat(a)
        .containsEntry("version", "PostgreSQL 18")
        .containsEntry("database", "shop")
        .containsEntry("role", "clerk")
        .containsEntry("max_connections", "20")
        .containsEntry("note", "from the init script")
        .containsEntry("redis", "stored")
        .containsEntry("maxmemory", "10485760");
    assertThat(a.get("ovrseer.jdbcUrl.db")).isEqualTo(a.get("jdbcUrl"));
    assertThat(a.get("ovrseer.url.cache")).isEqualTo("redis://127.0.0.1:" + a.get("redisPort"));
    assertThat(a.get("ovrseer.port.db")).isEqualTo(a.get("port"));
    assertThat(a.get("echo"))
        .as("placeholders of the services in another process's env")
        .contains("DB_URL=" + a.get("jdbcUrl"), "DB_USER=clerk", "CACHE_URL=redis://127.0.0.1:");
    assertThat(SEEN.get("ShopB").get("jdbcUrl"))
        .as("one shared environment")
        .isEqualTo(a.get("jdbcUrl"));
    assertThat(
            Pattern.compile("environment \\w{12} \\[db, cache, echo] of Shop[AB] ready")
                .matcher(run.out())
                .results()
                .count())
        .isEqualTo(1);
    assertThat(System.getProperties().stringPropertyNames())
        .as("published while up, removed after")
        .doesNotContain("ovrseer.jdbcUrl.db", "ovrseer.url.cache", "ovrseer.port.db");
  }

  @Test
  void aMistakeInAServiceOptionFailsTheClassNamingTheAnnotationAndTheValue() {
    TestKit.Captured run = TestKit.runCapturing(BadTopic.class, WrongKey.class);

    run.results()
        .containerEvents()
        .assertThatEvents()
        .haveExactly(
            1,
            event(
                container(BadTopic.class),
                finishedWithFailure(
                    instanceOf(ExtensionConfigurationException.class),
                    message(
                        m ->
                            m.contains("@KafkaService(id=\"events\")")
                                && m.contains(
                                    "[orders:many] of topics is not name or name:partitions")))))
        .haveExactly(
            1,
            event(
                container(WrongKey.class),
                finishedWithFailure(
                    instanceOf(ExtensionConfigurationException.class),
                    message(
                        m ->
                            m.contains(
                                "@MainProcess(id=\"api\").env[0] [${jdbcUrl:cache}] is not a"
                                    + " known placeholder")))));
    run.results().testEvents().assertStatistics(stats -> stats.started(0));
  }

  /**
   * Every option of a kind is settable from an annotation too: the attributes of each service
   * annotation are its kind's options plus the id and the common keys it takes, no more, no less.
   */
  @Test
  void eachServiceAnnotationHasItsKindsOptionsAsAttributes() {
    Set<String> common = Set.of("id", "stopTimeout", "flags", "dependsOn", "user");
    Map<String, ServiceKind> kinds = new HashMap<>();
    ServiceLoader.load(ServiceKind.class).forEach(kind -> kinds.put(kind.name(), kind));
    for (Class<? extends Annotation> annotation :
        List.of(
            PostgresService.class, RedisService.class, KafkaService.class, WireMockService.class)) {
      ServiceKind kind = kinds.get(annotation.getAnnotation(OvrseerService.class).value());
      assertThat(kind).as(annotation.getSimpleName() + "'s kind").isNotNull();
      Set<String> attributes = new TreeSet<>();
      for (Method method : annotation.getDeclaredMethods()) {
        attributes.add(method.getName());
      }
      attributes.removeAll(common);
      assertThat(attributes)
          .as(annotation.getSimpleName() + " attributes besides " + common)
          .containsExactlyInAnyOrderElementsOf(kind.options());
    }
  }

  /** One test of a class of the shared environment: records what it sees. */
  static void recordWhatItSees(
      String testClass, PostgresProcess db, RedisProcess cache, ProcessUnit echo)
      throws SQLException {
    Map<String, String> seen = new ConcurrentHashMap<>();
    try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password());
        Statement s = c.createStatement()) {
      seen.put("version", first(s, "select version()").replaceAll("^(PostgreSQL \\d+).*", "$1"));
      seen.put("database", first(s, "select current_database()"));
      seen.put("role", first(s, "select current_user"));
      seen.put("max_connections", first(s, "show max_connections"));
      seen.put("note", first(s, "select text from notes"));
    }
    try (Jedis jedis = new Jedis(cache.host(), cache.port())) {
      jedis.set("k", "stored");
      seen.put("redis", jedis.get("k"));
      seen.put("maxmemory", jedis.configGet("maxmemory").get("maxmemory"));
    }
    seen.put("jdbcUrl", db.jdbcUrl());
    seen.put("port", Integer.toString(db.port()));
    seen.put("redisPort", Integer.toString(cache.port()));
    for (String name : List.of("ovrseer.jdbcUrl.db", "ovrseer.url.cache", "ovrseer.port.db")) {
      seen.put(name, String.valueOf(System.getProperty(name)));
    }
    Awaitility.await()
        .until(() -> echo.logger().getLogs().stream().anyMatch(l -> l.startsWith("CACHE_URL=")));
    seen.put("echo", String.join("\n", echo.logger().getLogs()));
    SEEN.put(testClass, seen);
  }

  private static String first(Statement s, String sql) throws SQLException {
    try (ResultSet r = s.executeQuery(sql)) {
      r.next();
      return r.getString(1);
    }
  }

  @OnlyInTestKit
  @OvrseerEnvironment(scope = Scope.GLOBAL)
  @PostgresService(
      id = "db",
      database = "shop",
      username = "clerk",
      password = "s3cret",
      initScripts = SCHEMA,
      settings = "max_connections=20")
  @RedisService(id = "cache", config = "maxmemory 10mb")
  @MainProcess(
      id = "echo",
      command = {"${java}", "-cp", "${classpath}", ENV_ECHO, "DB_URL", "DB_USER", "CACHE_URL"},
      env = {"DB_URL=${jdbcUrl:db}", "DB_USER=${user:db}", "CACHE_URL=${url:cache}"})
  static class ShopA {
    @Test
    void seesTheServices(
        @ProcessId("db") PostgresProcess db,
        @ProcessId("cache") RedisProcess cache,
        @ProcessId("echo") ProcessUnit echo)
        throws SQLException {
      recordWhatItSees("ShopA", db, cache, echo);
    }
  }

  @OnlyInTestKit
  @OvrseerEnvironment(scope = Scope.GLOBAL)
  @PostgresService(
      id = "db",
      database = "shop",
      username = "clerk",
      password = "s3cret",
      initScripts = SCHEMA,
      settings = "max_connections=20")
  @RedisService(id = "cache", config = "maxmemory 10mb")
  @MainProcess(
      id = "echo",
      command = {"${java}", "-cp", "${classpath}", ENV_ECHO, "DB_URL", "DB_USER", "CACHE_URL"},
      env = {"DB_URL=${jdbcUrl:db}", "DB_USER=${user:db}", "CACHE_URL=${url:cache}"})
  static class ShopB {
    @Test
    void seesTheSameServices(
        @ProcessId("db") PostgresProcess db,
        @ProcessId("cache") RedisProcess cache,
        @ProcessId("echo") ProcessUnit echo)
        throws SQLException {
      recordWhatItSees("ShopB", db, cache, echo);
    }
  }

  @OnlyInTestKit
  @OvrseerEnvironment
  @KafkaService(
      id = "events",
      topics = {"audit", "orders:many"})
  static class BadTopic {
    @Test
    void neverRuns() {}
  }

  @OnlyInTestKit
  @OvrseerEnvironment
  @RedisService(id = "cache")
  @WireMockService(id = "mocks")
  @MainProcess(
      id = "api",
      command = {"${java}", "-version"},
      env = "DB=${jdbcUrl:cache}")
  static class WrongKey {
    @Test
    void neverRuns() {}
  }
}
