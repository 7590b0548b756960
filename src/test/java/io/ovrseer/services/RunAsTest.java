package io.ovrseer.services;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.ovrseer.internal.UserSwitch;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RunAsTest {

  @Test
  void aRootJvmRunsServersThatRefuseRootAsNobodyWhateverUserNameSays() {
    assumeTrue(UserSwitch.jvmIsRoot(), "needs a JVM run as root");
    String userName = System.getProperty("user.name");
    // user.name is the passwd name of the uid at JVM start, or whatever -Duser.name said; root is
    // told by the uid, as UserSwitch tells it.
    System.setProperty("user.name", "builder");
    try {
      assertThat(RunAs.unprivileged("PostgreSQL", Optional.empty())).contains("nobody");
    } finally {
      System.setProperty("user.name", userName);
    }
  }
}
