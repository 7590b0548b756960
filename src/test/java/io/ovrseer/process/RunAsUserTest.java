package io.ovrseer.process;

import static io.ovrseer.fixtures.Fixtures.steps;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.ovrseer.fixtures.BuildAsUser;
import io.ovrseer.testing.Backends;
import io.ovrseer.testing.FixtureJvm;
import io.ovrseer.testing.NoLeftoverProcesses;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link ProcessUnit.Builder#user}: needs Linux, setpriv and a JVM running as root. */
@ExtendWith(NoLeftoverProcesses.class)
class RunAsUserTest {

  @BeforeAll
  static void rootOnLinux() {
    Backends.assumeRootOnLinux("only root can switch users");
  }

  @Test
  void onThePortableBackendSwitchingIsRefused() {
    assumeFalse(Backends.linux(), "the linux backend switches");
    assertThatThrownBy(() -> ProcessUnit.builder("true").user("nobody").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("user [nobody]")
        .hasMessageContaining("needs the linux backend");
  }

  @Test
  void theProcessRunsAsThatUserWithItsLoginVariables() throws IOException {
    Backends.assumeLinux("users are switched on the linux backend");
    ProcessUnit unit =
        steps("out", "up", "hang")
            .user("nobody")
            .readyCheck(ReadyCheck.logPattern("up", Duration.ofSeconds(30)))
            .build();
    unit.start();
    try {
      unit.ready().join();
      long pid = unit.getPid().orElseThrow();

      assertThat(unit.user()).contains("nobody");
      assertThat(statusField(pid, "Uid:")).containsOnly("65534");
      assertThat(environment(pid)).contains("USER=nobody", "LOGNAME=nobody", "HOME=/nonexistent");
    } finally {
      unit.stop();
    }
    assertThat(unit.getState()).isEqualTo(ProcessState.STOPPED);
  }

  @Test
  void variablesGivenWithEnvWinOverTheUsersOwn() throws IOException {
    Backends.assumeLinux("users are switched on the linux backend");
    ProcessUnit unit =
        steps("out", "up", "hang")
            .user("nobody")
            .env("HOME", "/tmp")
            .readyCheck(ReadyCheck.logPattern("up", Duration.ofSeconds(30)))
            .build();
    unit.start();
    try {
      unit.ready().join();
      assertThat(environment(unit.getPid().orElseThrow())).contains("HOME=/tmp", "USER=nobody");
    } finally {
      unit.stop();
    }
  }

  @Test
  void theJvmsOwnUserNeedsNoSwitch() {
    ProcessUnit unit = ProcessUnit.builder("id", "-u").user("root").build();
    unit.start();
    unit.exit().join();

    assertThat(unit.logger().getLogs()).containsExactly("0");
  }

  @Test
  void anUnknownUserIsRefusedAtBuild() {
    Backends.assumeLinux("users are switched on the linux backend");
    assertThatThrownBy(() -> ProcessUnit.builder("true").user("no-such-user-ovrseer").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[no-such-user-ovrseer]")
        .hasMessageContaining("no such user");
  }

  @Test
  void aJvmThatIsNotRootIsToldThatOnlyRootCanSwitchUsers() {
    Backends.assumeLinux("users are switched on the linux backend");
    // The fixture needs only the project's own classes, which user nobody can read.
    String classes = FixtureJvm.projectClasses();
    ProcessUnit unit =
        ProcessUnit.builder(
                ProcessHandle.current().info().command().orElseThrow(),
                "-cp",
                classes,
                BuildAsUser.class.getName(),
                "root")
            .user("nobody")
            .build();
    unit.start();
    unit.exit().join();

    assertThat(unit.logger().getLogs())
        .singleElement()
        .asString()
        .startsWith("refused: ")
        .contains("user [root]", "only root can switch users", "[nobody]");
  }

  private static List<String> statusField(long pid, String field) throws IOException {
    return Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream()
        .filter(line -> line.startsWith(field))
        .flatMap(line -> Arrays.stream(line.substring(field.length()).trim().split("\\s+")))
        .toList();
  }

  private static List<String> environment(long pid) throws IOException {
    return List.of(Files.readString(Path.of("/proc/" + pid + "/environ")).split("\0"));
  }
}
