package io.ovrseer.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ovrseer.Ovrseer;
import io.ovrseer.services.KafkaProcess;
import io.ovrseer.services.RedisProcess;
import io.ovrseer.services.WireMockProcess;
import io.ovrseer.spec.Assembly;
import io.ovrseer.spec.EnvironmentSpec;
import io.ovrseer.spec.PlaceholderContext;
import io.ovrseer.spec.Ports;
import io.ovrseer.spec.SpecException;
import io.ovrseer.testing.NoLeftoverProcesses;
import java.io.File;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import redis.clients.jedis.Jedis;

/** YAML's {@code service:} key: real WireMock and Redis servers; Kafka built, not started. */
@ExtendWith(NoLeftoverProcesses.class)
class ServicesYamlTest {
  private final Ports ports = new Ports();

  @AfterEach
  void releasePorts() {
    ports.release();
  }

  @Test
  void wireMockAndRedisRunFromYamlWithStubsRelativeToTheFile(@TempDir Path dir) throws Exception {
    Files.createDirectories(dir.resolve("wiremock/mappings"));
    Files.writeString(
        dir.resolve("wiremock/mappings/hello.json"),
        "{\"request\": {\"method\": \"GET\", \"url\": \"/hello\"},"
            + " \"response\": {\"status\": 200, \"body\": \"hi from a stub\"}}");
    EnvironmentSpec spec =
        Environments.fromYamlText(
            "env.yml",
            """
            dependencies:
              mocks:
                service: wiremock
                stubs: wiremock
              cache:
                service: redis
                config: [maxmemory 10mb]
                dependsOn: [mocks]
            """);

    try (Ovrseer ovrseer =
        Environments.toOvrseer(spec, PlaceholderContext.forThisJvm(null), ports, dir)) {
      ovrseer.start();

      WireMockProcess mocks = (WireMockProcess) ovrseer.getProcess("mocks").orElseThrow();
      RedisProcess cache = (RedisProcess) ovrseer.getProcess("cache").orElseThrow();
      assertThat(mocks.port()).isEqualTo(ports.get("mocks"));
      HttpResponse<String> answer =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(mocks.baseUrl() + "/hello")).build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(answer.body()).isEqualTo("hi from a stub");
      try (Jedis jedis = new Jedis(cache.host(), cache.port())) {
        assertThat(jedis.configGet("maxmemory")).containsEntry("maxmemory", "10485760");
      }
      assertThat(cache.logger().getLogs())
          .as("the connection details head the log that ovrseer up shows")
          .contains(
              "[ovrseer] connection: url="
                  + cache.url()
                  + ", host=127.0.0.1, port="
                  + cache.port());
      assertThat(PlainRunner.connection(mocks))
          .isEqualTo(
              "baseUrl="
                  + mocks.baseUrl()
                  + ", url="
                  + mocks.baseUrl()
                  + ", host=127.0.0.1, port="
                  + mocks.port());
    }
  }

  @Test
  void kafkaTopicsAndItsConnectionPropertiesReachOtherProcesses() {
    EnvironmentSpec spec =
        Environments.fromYamlText(
            "env.yml",
            """
            dependencies:
              events:
                service: kafka
                topics: [orders:3, audit]
            main:
              app:
                command: [app, "--kafka=${bootstrapServers:events}"]
            """);

    Assembly.Assembled built =
        Assembly.build(spec, ports, PlaceholderContext.forThisJvm(null), Path.of("/base"));
    Map<String, Map<String, String>> connections = built.connectionProperties();

    KafkaProcess events = (KafkaProcess) built.processes().get(0).unit();
    assertThat(events.bootstrapServers()).isEqualTo("127.0.0.1:" + ports.get("events"));
    assertThat(connections.get("events"))
        .containsEntry("bootstrapServers", events.bootstrapServers());
    assertThat(built.processes().get(1).unit().args())
        .containsExactly("--kafka=" + events.bootstrapServers());
  }

  /**
   * {@code ovrseer up --classpath} gives the services their binaries through a class loader of its
   * own; Kafka's readiness check needs kafka-clients beside Ovrseer's classes (the CLI jar)
   * instead.
   */
  @Test
  void kafkaOnlyOnTheClasspathGivenToUpIsAProblemThatSaysHowToRunIt(@TempDir Path dir)
      throws Exception {
    Path env = dir.resolve("env.yml");
    Files.writeString(env, "dependencies:\n  events: {service: kafka}\n");
    String testClasspath = System.getProperty("java.class.path");
    String withoutKafka =
        Arrays.stream(testClasspath.split(File.pathSeparator))
            .filter(entry -> !Path.of(entry).getFileName().toString().startsWith("kafka"))
            .collect(Collectors.joining(File.pathSeparator));
    CliProcess cli =
        CliProcess.start(
            dir.resolve("cli.out"),
            CliProcess.commandOn(
                withoutKafka, "up", "--no-tui", "--classpath", testClasspath, env.toString()));
    try {
      assertThat(cli.process.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(cli.process.exitValue()).as(cli.output()).isEqualTo(2);
      assertThat(cli.output())
          .startsWith(env + ":2: dependencies.events Kafka: ")
          .contains("org.apache.kafka:kafka-clients", "io.ovrseer.cli.Main up")
          .doesNotContain("NoClassDefFoundError");
    } finally {
      CliProcess.killTree(cli.process);
    }
  }

  /**
   * A YAML file run by {@code ovrseer up} without {@code --classpath}: the project's pom has the
   * Redis artifact, so "add the test dependency" alone does not say what is missing.
   */
  @Test
  void aServiceWhoseArtifactIsNotOnTheClisClasspathSaysToGiveItWithClasspath(@TempDir Path dir)
      throws Exception {
    Path env = dir.resolve("env.yml");
    Files.writeString(env, "dependencies:\n  cache: {service: redis}\n");
    String withoutRedis =
        Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
            .filter(entry -> !entry.contains("embedded-redis"))
            .collect(Collectors.joining(File.pathSeparator));
    List<String> command = new ArrayList<>();
    // No redis-server on PATH either, whatever the machine has.
    command.addAll(List.of("env", "PATH=" + dir));
    command.addAll(CliProcess.commandOn(withoutRedis, "up", "--no-tui", env.toString()));
    CliProcess cli = CliProcess.start(dir.resolve("cli.out"), command);
    try {
      assertThat(cli.process.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(cli.process.exitValue()).as(cli.output()).isEqualTo(2);
      assertThat(cli.output())
          .startsWith(env + ":2: dependencies.cache redis-server not found for ")
          .contains(
              "com.github.codemonstur:embedded-redis", "with ovrseer up, its jar in --classpath");
    } finally {
      CliProcess.killTree(cli.process);
    }
  }

  @Test
  void aMissingInitScriptIsAProblemOfItsServiceWithTheScriptAndItsPath(@TempDir Path dir)
      throws Exception {
    Files.writeString(dir.resolve("schema.sql"), "CREATE TABLE t (id int);");
    EnvironmentSpec spec =
        Environments.fromYamlText(
            "env.yml",
            """
            dependencies:
              db: {service: postgres, initScripts: [schema.sql, sql/missing.sql]}
            """);

    assertThatThrownBy(() -> Assembly.build(spec, ports, PlaceholderContext.forThisJvm(null), dir))
        .isInstanceOf(SpecException.class)
        .hasMessage(
            "env.yml:2: dependencies.db [sql/missing.sql] of initScripts is not a readable file: "
                + dir.resolve("sql/missing.sql")
                + " does not exist");
  }

  @Test
  void aServiceThatCannotBeBuiltIsTheOneProblemNotTheServicesUsingItsProperties(@TempDir Path dir)
      throws Exception {
    Path env =
        Files.writeString(
            dir.resolve("env.yml"),
            """
            dependencies:
              db:
                service: postgres
                initScripts: [missing.sql]
              stubs:
                service: wiremock
                args: ["--proxy-all=${url:db}"]
            """);
    StringWriter err = new StringWriter();
    CommandLine cli = Main.commandLine();
    cli.setErr(new PrintWriter(err, true));

    assertThat(cli.execute("up", "--no-tui", env.toString())).isEqualTo(2);
    assertThat(err.toString().trim())
        .isEqualTo(
            env
                + ":2: dependencies.db [missing.sql] of initScripts is not a readable file: "
                + dir.resolve("missing.sql")
                + " does not exist");
  }

  @Test
  void anUnknownServiceAndAnUnknownOptionAreMistakesWithSuggestions() {
    assertThatThrownBy(
            () ->
                Environments.fromYamlText(
                    "env.yml",
                    """
                    dependencies:
                      db:
                        service: postgress
                      cache:
                        service: redis
                        confg: [maxmemory 10mb]
                    """))
        .isInstanceOf(SpecException.class)
        .hasMessageContaining(
            "env.yml:3: dependencies.db.service [postgress] is not a service on the class path;"
                + " did you mean [postgres]?")
        .hasMessageContaining(
            "dependencies.cache.confg [confg] is not a known key; did you mean [config]?");
  }
}
