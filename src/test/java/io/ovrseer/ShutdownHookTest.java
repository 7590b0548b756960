package io.ovrseer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ovrseer.fixtures.OvrseerHost;
import io.ovrseer.internal.ProcessTree;
import io.ovrseer.testing.NoLeftoverProcesses;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(NoLeftoverProcesses.class)
class ShutdownHookTest {
  @TempDir Path dir;

  @Test
  void sigtermToTheJvmRunsStopWithTheCleanupPhaseAndLeavesNoChild() throws Exception {
    String java = ProcessHandle.current().info().command().orElseThrow();
    // Run the host without setsid so that the test's SIGTERM goes to the JVM alone, as a
    // terminal's or CI's would.
    Process host =
        new ProcessBuilder(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                OvrseerHost.class.getName(),
                dir.toString())
            .redirectErrorStream(true)
            .start();
    try (var out =
        new java.io.BufferedReader(new java.io.InputStreamReader(host.getInputStream()))) {
      String line;
      do {
        line = out.readLine();
      } while (line != null && !line.equals("HOST READY"));
      assertThat(line).as("host output").isEqualTo("HOST READY");
      await().until(() -> Files.exists(dir.resolve("grandchild.pid")));
      List<Long> pids = List.of(pid("db.pid"), pid("api.pid"), pid("grandchild.pid"));
      assertThat(pids).noneMatch(ProcessTree::isDead);

      host.destroy();

      assertThat(host.waitFor()).isEqualTo(143);
      assertThat(dir.resolve("cleanup.pid")).exists();
      assertThat(pids).allMatch(ProcessTree::isDead);
    }
  }

  private long pid(String file) throws Exception {
    return Long.parseLong(Files.readString(dir.resolve(file)).trim());
  }
}
