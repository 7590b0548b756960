package io.ovrseer.junit;

import static io.ovrseer.junit.TestKit.STEPS;
import static org.assertj.core.api.Assertions.assertThat;

import io.ovrseer.process.ProcessUnit;
import io.ovrseer.testing.NoLeftoverProcesses;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Requirement 3: placeholders in commands, env, working directory and readiness; port allocation.
 */
@ExtendWith(NoLeftoverProcesses.class)
class PlaceholderTest {
  static final String ECHO = "io.ovrseer.junit.fixtures.EnvEcho";

  @Test
  void placeholdersResolveEverywhereAndAPortIsTheSameNumberEverywhere() {
    TestKit.assertSucceeded(TestKit.run(Resolved.class));

    assertThat(Resolved.checked).containsExactly(true);
    assertThat(System.getProperty("ovrseer.port.db"))
        .as("removed once the environment stopped")
        .isNull();
    assertThat(System.getProperty("ovrseer.port.api")).isNull();
  }

  @Test
  void environmentsRunningAtTheSameTimeGetDistinctPorts() {
    TestKit.assertSucceeded(TestKit.run(Outer.class));

    assertThat(Outer.ports).hasSize(2).doesNotHaveDuplicates();
    assertThat(Outer.propertyAfterInnerStopped).containsExactly(String.valueOf(Outer.ports.get(0)));
    assertThat(System.getProperty("ovrseer.port.db")).isNull();
  }

  @OnlyInTestKit
  @OvrseerEnvironment(retries = 0)
  @Dependency(
      id = "db",
      command = {
        "${java}",
        "-cp",
        "${classpath}",
        STEPS,
        "listen",
        "${port:db}",
        "out",
        "listening on ${port:db}"
      },
      ready = @Ready(tcpPort = "${port:db}", log = "listening on ${port:db}", timeout = "20s"))
  @MainProcess(
      id = "api",
      command = {
        "${java}",
        "-cp",
        "${classpath}",
        STEPS,
        "http",
        "${port:api}",
        "out",
        "db at ${port:db}"
      },
      ready = @Ready(http = "http://localhost:${port:api}/health", timeout = "20s"))
  @MainProcess(
      id = "echo",
      command = {"${java}", "-cp", "${classpath}", ECHO, "GREETING", "HOME_SEEN"},
      env = {"GREETING=db port ${port:db}", "HOME_SEEN=${env:HOME}"},
      workingDirectory = "${sys:java.io.tmpdir}",
      ready = @Ready(log = "HOME_SEEN=", timeout = "20s"))
  static class Resolved {
    static final List<Boolean> checked = Collections.synchronizedList(new ArrayList<>());

    @Test
    void everyPlaceholderIsResolved(
        @Port("db") int db,
        @Port("api") Integer api,
        @ProcessId("api") ProcessUnit apiUnit,
        @ProcessId("echo") ProcessUnit echo)
        throws Exception {
      assertThat(apiUnit.command())
          .isEqualTo(ProcessHandle.current().info().command().orElseThrow());
      assertThat(apiUnit.args()).startsWith("-cp", System.getProperty("java.class.path"));
      // Printed after the readiness condition holds: it may still be on its way.
      org.awaitility.Awaitility.await()
          .until(() -> apiUnit.logger().getLogs().contains("db at " + db));
      assertThat(System.getProperty("ovrseer.port.db")).isEqualTo(String.valueOf(db));
      assertThat(System.getProperty("ovrseer.port.api")).isEqualTo(String.valueOf(api));
      HttpResponse<String> health =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create("http://localhost:" + api + "/health")).build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(health.statusCode()).isEqualTo(200);
      assertThat(echo.logger().getLogs())
          .contains(
              "cwd=" + Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath(),
              "GREETING=db port " + db,
              "HOME_SEEN=" + System.getenv("HOME"));
      checked.add(true);
    }
  }

  @OnlyInTestKit
  @OvrseerEnvironment(retries = 0)
  @Dependency(
      id = "db",
      command = {"${java}", "-cp", "${classpath}", STEPS, "listen", "${port:db}"},
      ready = @Ready(tcpPort = "${port:db}", timeout = "20s"))
  static class Outer {
    static final List<Integer> ports = Collections.synchronizedList(new ArrayList<>());
    static final List<String> propertyAfterInnerStopped =
        Collections.synchronizedList(new ArrayList<>());

    @Test
    void outer(@Port("db") int db) {
      ports.add(db);
    }

    @AfterAll
    static void afterTheNestedEnvironmentStopped() {
      propertyAfterInnerStopped.add(System.getProperty("ovrseer.port.db"));
    }

    @Nested
    @OvrseerEnvironment(retries = 0)
    @Dependency(
        id = "db",
        command = {"${java}", "-cp", "${classpath}", STEPS, "listen", "${port:db}"},
        ready = @Ready(tcpPort = "${port:db}", timeout = "20s"))
    class Inner {
      @Test
      void inner(@Port("db") int db) {
        assertThat(System.getProperty("ovrseer.port.db")).isEqualTo(String.valueOf(db));
        ports.add(db);
      }
    }
  }
}
