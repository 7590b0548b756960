package io.ovrseer.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.ovrseer.testing.Backends;
import io.ovrseer.testing.NoLeftoverProcesses;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(NoLeftoverProcesses.class)
class UserSwitchTest {

  private static Path getent(Path dir, String script) throws Exception {
    Path getent = dir.resolve("getent");
    Files.writeString(getent, "#!/bin/sh\n" + script + "\n");
    Files.setPosixFilePermissions(getent, PosixFilePermissions.fromString("rwx------"));
    return getent;
  }

  @Test
  void theFieldsOfTheEntryGetentGives(@TempDir Path tmp) throws Exception {
    Backends.assumeLinux("getent is a Linux (glibc, musl) program");
    Path getent = getent(tmp, "echo \"$2:x:1234:1235:App:/home/$2:/bin/sh\"");

    assertThat(UserSwitch.passwdEntry("app", getent, Duration.ofSeconds(30)))
        .containsExactly("app", "x", "1234", "1235", "App", "/home/app", "/bin/sh");
  }

  /**
   * A lookup that does not answer (an LDAP server or sssd that is down) fails after its timeout,
   * naming the user and the likely cause, and leaves no process behind. Before, it waited forever.
   */
  @Test
  void aLookupThatDoesNotAnswerFailsAfterItsTimeout(@TempDir Path tmp) throws Exception {
    Backends.assumeLinux("getent is a Linux (glibc, musl) program");
    Path getent = getent(tmp, "exec sleep 600");

    assertThatThrownBy(
            () ->
                assertTimeoutPreemptively(
                    Duration.ofSeconds(20),
                    () -> UserSwitch.passwdEntry("app", getent, Duration.ofMillis(500))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "cannot look up user [app]: "
                + getent
                + " passwd app did not answer within 500 ms (is an NSS source of"
                + " /etc/nsswitch.conf, such as LDAP or sssd, not answering?)");
  }

  @Test
  void aUserGetentDoesNotKnowIsNoUser(@TempDir Path tmp) throws Exception {
    Backends.assumeLinux("getent is a Linux (glibc, musl) program");
    Path getent = getent(tmp, "exit 2");

    assertThatThrownBy(() -> UserSwitch.passwdEntry("ghost", getent, Duration.ofSeconds(30)))
        .hasMessage("no OS user [ghost]: getent passwd knows no such user on this machine");
  }
}
