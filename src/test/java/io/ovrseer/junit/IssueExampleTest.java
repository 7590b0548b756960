package io.ovrseer.junit;

import static io.ovrseer.assertj.OvrseerAssertions.assertThat;
import static io.ovrseer.junit.TestKit.STEPS;
import static org.assertj.core.api.Assertions.assertThat;

import io.ovrseer.Ovrseer;
import io.ovrseer.process.ProcessUnit;
import io.ovrseer.testing.NoLeftoverProcesses;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The environment of the feature request, end to end: an H2 TCP server as dependency, an HTTP
 * service as main process (the Steps fixture stands in for {@code com.example.Api}) and an H2
 * backup as cleanup process.
 */
@ExtendWith(NoLeftoverProcesses.class)
class IssueExampleTest {
  static final String DIR = "target/ovrseer-issue-example";

  @Test
  void theEnvironmentOfTheFeatureRequestRunsAroundItsTests() throws Exception {
    Path backup = Path.of(DIR, "backup.sql");
    Files.deleteIfExists(backup);

    TestKit.assertSucceeded(TestKit.run(ApiIT.class));

    assertThat(backup).as("written by the cleanup process").exists();
    assertThat(Files.readString(backup))
        .contains("CREATE CACHED TABLE \"PUBLIC\".\"NOTES\"", "'remember'");
  }

  @OnlyInTestKit
  @OvrseerEnvironment(retries = 1, retryDelay = "200ms", cleanupTimeout = "30s")
  @Dependency(
      id = "db",
      command = {
        "${java}",
        "-cp",
        "${classpath}",
        "org.h2.tools.Server",
        "-tcp",
        "-tcpPort",
        "${port:db}",
        "-ifNotExists",
        "-baseDir",
        DIR
      },
      ready = @Ready(log = "TCP server running", timeout = "30s"))
  @MainProcess(
      id = "api",
      command = {"${java}", "-cp", "${classpath}", STEPS, "http", "${port:api}"},
      ready = @Ready(http = "http://localhost:${port:api}/health"),
      flags = @LogFlag(name = "errors", pattern = "ERROR|Exception"))
  @CleanupProcess(
      id = "backup",
      command = {
        "${java}", "-cp", "${classpath}", "org.h2.tools.Script",
        "-url", "jdbc:h2:tcp://localhost:${port:db}/./notes", "-user", "sa",
        "-script", DIR + "/backup.sql"
      })
  static class ApiIT {
    @Test
    void serves(@ProcessId("api") ProcessUnit api, @Port("api") int port) throws Exception {
      HttpResponse<String> health =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/health"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());

      assertThat(health.statusCode()).isEqualTo(200);
      assertThat(api).isReady().flag("errors").hasNoMatches();
    }

    @Test
    void storesInTheDatabase(@Port("db") int db, Ovrseer ovrseer) throws Exception {
      try (Connection connection =
              DriverManager.getConnection("jdbc:h2:tcp://localhost:" + db + "/./notes", "sa", "");
          Statement statement = connection.createStatement()) {
        statement.execute("CREATE TABLE IF NOT EXISTS notes(text VARCHAR(100))");
        statement.execute("INSERT INTO notes VALUES ('remember')");
      }
      assertThat(ovrseer).hasNoCrashReports().process("db").isReady();
    }
  }
}
