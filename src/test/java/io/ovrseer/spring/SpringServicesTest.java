package io.ovrseer.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.ovrseer.junit.OvrseerEnvironment;
import io.ovrseer.junit.OvrseerEnvironment.Scope;
import io.ovrseer.junit.PostgresService;
import io.ovrseer.junit.ProcessId;
import io.ovrseer.junit.RedisService;
import io.ovrseer.services.PostgresProcess;
import io.ovrseer.services.RedisProcess;
import io.ovrseer.testing.NoLeftoverProcesses;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.context.junit.jupiter.SpringJUnitConfig;
import redis.clients.jedis.Jedis;

/** Spring Boot's properties of real services (PostgreSQL, Redis) come from their units. */
@ExtendWith(NoLeftoverProcesses.class)
class SpringServicesTest {

  @Test
  void springBootsDatasourceAndRedisPropertiesPointToTheRealServices() {
    SpringKit.runSucceeding(WithServices.class);
  }

  @Test
  void aRedisUrlSetElsewhereIsReplacedByTheServicesUrl() {
    SpringKit.runSucceeding(WithRedisUrlElsewhere.class);
  }

  @Test
  void aNestedClassWithAnEnvironmentOfItsOwnIgnoresTheSpringServiceOfItsEnclosingClass() {
    // Before: "@SpringService [first] on ...OwnRedis names no service of its Ovrseer environment".
    SpringKit.runSucceeding(TwoRedis.class);
  }

  @Configuration
  static class NoBeans {}

  /** Its {@code @SpringService} names a service of its own environment, not of OwnRedis's. */
  @SpringKit.Fixture
  @SpringJUnitConfig(NoBeans.class)
  @OvrseerEnvironment
  @RedisService(id = "first")
  @RedisService(id = "second")
  @SpringService("first")
  static class TwoRedis {
    @Autowired Environment spring;

    @Test
    void pointsToTheNamedService(@ProcessId("first") RedisProcess first) {
      assertThat(spring.getProperty("spring.data.redis.port", Integer.class))
          .isEqualTo(first.port());
    }

    @Nested
    @OvrseerEnvironment
    @RedisService(id = "own")
    class OwnRedis {
      @Autowired Environment ownSpring;

      @Test
      void pointsToItsOnlyService(@ProcessId("own") RedisProcess own) {
        assertThat(ownSpring.getProperty("spring.data.redis.port", Integer.class))
            .isEqualTo(own.port());
      }
    }
  }

  /** Spring Boot connects to {@code spring.data.redis.url} when set, not to host and port. */
  @SpringKit.Fixture
  @SpringJUnitConfig(NoBeans.class)
  @TestPropertySource(locations = "redis-url.properties")
  @OvrseerEnvironment
  @RedisService(id = "cache")
  static class WithRedisUrlElsewhere {
    @Autowired Environment spring;

    @Test
    void seesTheServicesUrl(@ProcessId("cache") RedisProcess cache) {
      assertThat(spring.getProperty("spring.data.redis.url")).isEqualTo(cache.url());
      assertThat(spring.getProperty("spring.data.redis.port", Integer.class))
          .isEqualTo(cache.port());
    }
  }

  @SpringKit.Fixture
  @SpringJUnitConfig(NoBeans.class)
  @OvrseerEnvironment(scope = Scope.GLOBAL)
  @PostgresService(id = "db", database = "notes")
  @RedisService(id = "cache")
  static class WithServices {
    @Autowired Environment spring;

    @Test
    void connectsThroughSpringBootsProperties(
        @ProcessId("db") PostgresProcess db, @ProcessId("cache") RedisProcess cache)
        throws Exception {
      assertThat(spring.getProperty("spring.datasource.url")).isEqualTo(db.jdbcUrl());
      assertThat(spring.getProperty("spring.datasource.username")).isEqualTo(db.username());
      assertThat(spring.getProperty("spring.datasource.password")).isEqualTo(db.password());
      assertThat(spring.getProperty("spring.data.redis.host")).isEqualTo(cache.host());
      assertThat(spring.getProperty("spring.data.redis.port", Integer.class))
          .isEqualTo(cache.port());
      assertThat(spring.getProperty("ovrseer.url.cache")).isEqualTo(cache.url());
      assertThat(spring.getProperty("spring.data.redis.url"))
          .as("set only to replace one set elsewhere (it would replace spring.data.redis.database)")
          .isNull();
      try (Connection c =
              DriverManager.getConnection(
                  spring.getProperty("spring.datasource.url"),
                  spring.getProperty("spring.datasource.username"),
                  spring.getProperty("spring.datasource.password"));
          Statement s = c.createStatement();
          ResultSet r = s.executeQuery("select current_database()")) {
        r.next();
        assertThat(r.getString(1)).isEqualTo("notes");
      }
      try (Jedis jedis =
          new Jedis(
              spring.getProperty("spring.data.redis.host"),
              spring.getProperty("spring.data.redis.port", Integer.class))) {
        assertThat(jedis.ping()).isEqualTo("PONG");
      }
    }
  }
}
