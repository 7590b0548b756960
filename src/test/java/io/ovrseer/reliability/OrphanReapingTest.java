package io.ovrseer.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ovrseer.fixtures.OvrseerHost;
import io.ovrseer.internal.OrphanGuard;
import io.ovrseer.internal.ProcessTree;
import io.ovrseer.testing.NoLeftoverProcesses;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** A JVM running Ovrseer that is killed with SIGKILL leaves no process behind. */
@ExtendWith(NoLeftoverProcesses.class)
class OrphanReapingTest {
  @TempDir Path dir;

  private Process startHost() throws Exception {
    String java = ProcessHandle.current().info().command().orElseThrow();
    Process host =
        new ProcessBuilder(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                OvrseerHost.class.getName(),
                dir.toString())
            .redirectErrorStream(true)
            .start();
    BufferedReader out = new BufferedReader(new InputStreamReader(host.getInputStream()));
    String line;
    do {
      line = out.readLine();
    } while (line != null && !line.equals("HOST READY"));
    assertThat(line).as("host output").isEqualTo("HOST READY");
    await().until(() -> Files.exists(dir.resolve("grandchild.pid")));
    return host;
  }

  private List<Long> startedPids() throws Exception {
    return List.of(pid("db.pid"), pid("api.pid"), pid("grandchild.pid"));
  }

  private Process host;

  @org.junit.jupiter.api.AfterEach
  void killHost() throws Exception {
    if (host != null && host.isAlive()) {
      // A failed test must not leave the host behind; its watchdog reaps the rest.
      host.destroyForcibly();
      host.waitFor();
    }
  }

  @Test
  void theWatchdogKillsEveryProcessOfAJvmKilledWithSigkillWithinTwoSeconds() throws Exception {
    host = startHost();
    List<Long> pids = startedPids();
    assertThat(pids).noneMatch(ProcessTree::isDead);

    host.destroyForcibly();
    host.waitFor();

    await()
        .atMost(Duration.ofSeconds(2))
        .pollInterval(Duration.ofMillis(20))
        .untilAsserted(() -> assertThat(pids).allMatch(ProcessTree::isDead));
  }

  @Test
  void theNextStartSweepsLeftoversWhenTheWatchdogDiedToo() throws Exception {
    host = startHost();
    List<Long> pids = startedPids();
    Path registry = OrphanGuard.directoryOf(host.pid());
    await().until(() -> OrphanGuard.watchdogPid(registry).isPresent());
    long watchdog = OrphanGuard.watchdogPid(registry).orElseThrow();

    ProcessHandle.of(watchdog).orElseThrow().destroyForcibly();
    await().until(() -> ProcessTree.isDead(watchdog));
    host.destroyForcibly();
    host.waitFor();
    assertThat(pids).as("still running without a watchdog").noneMatch(ProcessTree::isDead);

    OrphanGuard.sweepDeadJvms();

    assertThat(pids).allMatch(ProcessTree::isDead);
    assertThat(registry).doesNotExist();
  }

  private long pid(String file) throws Exception {
    return Long.parseLong(Files.readString(dir.resolve(file)).trim());
  }
}
