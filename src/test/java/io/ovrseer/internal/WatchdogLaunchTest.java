package io.ovrseer.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ovrseer.testing.NoLeftoverProcesses;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The script that launches the watchdog, run with a payload that records its scheduling instead of
 * a watchdog JVM. The launching shell runs in a session of its own made for the test, so that a
 * script writing the wrong scheduling group could not lower this JVM's or the user's session.
 */
@ExtendWith(NoLeftoverProcesses.class)
class WatchdogLaunchTest {
  @TempDir Path dir;

  @ParameterizedTest(name = "setsid on PATH: {0}")
  @ValueSource(booleans = {true, false})
  void theWatchdogRunsAtTheLowestPriorityAndOnlyItsOwnSessionsGroupIsLowered(boolean setsid)
      throws Exception {
    Path autogroup = Path.of("/proc/self/autogroup");
    Assumptions.assumeTrue(Files.isReadable(autogroup), "the kernel groups sessions");
    // The launching shell sees only these programs: with setsid or without.
    Path bin = Files.createDirectory(dir.resolve("bin"));
    for (String program :
        setsid ? List.of("sh", "nice", "cat", "setsid") : List.of("sh", "nice", "cat")) {
      Path found = SearchPath.find(program, System.getenv("PATH")).orElseThrow();
      Files.createSymbolicLink(bin.resolve(program), found);
    }
    Path record = dir.resolve("payload");
    Process launcher =
        new ProcessBuilder(
                "setsid",
                "sh",
                "-c",
                // Launch, then stay in this session so that its group can be read.
                "\"$@\"; exec cat",
                "launcher",
                "env",
                "PATH=" + bin,
                "sh",
                "-c",
                Watchdog.LAUNCH_SCRIPT,
                "ovrseer-watchdog",
                "sh",
                "-c",
                "{ cat /proc/self/autogroup; nice; } > " + record)
            .start();
    try {
      await().until(() -> Files.exists(record) && Files.readAllLines(record).size() == 2);
      List<String> payload = Files.readAllLines(record);
      String launcherGroup = Files.readString(Path.of("/proc/" + launcher.pid() + "/autogroup"));

      assertThat(payload.get(1)).as("the payload's nice value").isEqualTo("19");
      assertThat(launcherGroup).as("the launching session's group").endsWith("nice 0\n");
      if (setsid) {
        assertThat(payload.get(0)).as("its own session's group").endsWith("nice 19");
      } else {
        assertThat(payload.get(0) + "\n")
            .as("the launching session's group")
            .isEqualTo(launcherGroup);
      }
    } finally {
      launcher.destroy();
      launcher.waitFor();
    }
  }
}
