package io.ovrseer.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.ovrseer.fixtures.HostileRegistry;
import io.ovrseer.testing.Backends;
import io.ovrseer.testing.FixtureJvm;
import io.ovrseer.testing.NoLeftoverProcesses;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Another local user who creates Ovrseer's runtime directories first, with links to a victim's
 * files and records naming a victim's process, gets nothing deleted and nothing signalled, and the
 * environment still starts and stops. Runs in a PID namespace, so that a regression that signals
 * "everything" cannot reach beyond it.
 */
@ExtendWith(NoLeftoverProcesses.class)
class HostileRegistryTest {

  @Test
  void directoriesPlantedByAnotherUserAreNotTrusted(@TempDir Path tmp) throws Exception {
    Backends.assumeRootOnLinux("user nobody plants the directories through setpriv");
    ProcessBuilder builder =
        FixtureJvm.inPidNamespace(tmp, HostileRegistry.class)
            .redirectError(ProcessBuilder.Redirect.INHERIT);
    builder.environment().put("XDG_RUNTIME_DIR", tmp.resolve("xdg").toString());
    String output = FixtureJvm.outputOf(builder);

    assertThat(output.lines())
        .contains(
            "environment started and stopped",
            "orphan guard on",
            "victim alive",
            "precious kept",
            "processes kept",
            "watchdog.pid kept");
  }
}
