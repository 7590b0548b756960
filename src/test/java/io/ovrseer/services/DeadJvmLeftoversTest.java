package io.ovrseer.services;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ovrseer.fixtures.ServicesHost;
import io.ovrseer.internal.OrphanGuard;
import io.ovrseer.testing.FixtureJvm;
import io.ovrseer.testing.NoLeftoverProcesses;
import io.ovrseer.testing.ProcFiles;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A JVM killed while its services run leaves their instance directories behind (its watchdog ends
 * the servers only); the next JVM that builds a service removes them, and only them.
 */
@ExtendWith(NoLeftoverProcesses.class)
class DeadJvmLeftoversTest {
  private Process host;

  @AfterEach
  void killHost() throws InterruptedException {
    if (host != null && host.isAlive()) {
      host.destroyForcibly();
      host.waitFor();
    }
  }

  @Test
  void theNextJvmRemovesTheInstanceDirectoriesOfAJvmKilledWithSigkill() throws Exception {
    host = hostJvm("hold").start();
    List<Path> dirs = new ArrayList<>();
    List<Long> pids = new ArrayList<>();
    BufferedReader out =
        new BufferedReader(new InputStreamReader(host.getInputStream(), StandardCharsets.UTF_8));
    for (String line = out.readLine(); !"HOST READY".equals(line); line = out.readLine()) {
      assertThat(line).as("host output").isNotNull();
      if (line.startsWith("DIR ")) {
        dirs.add(Path.of(line.substring(4)));
      } else if (line.startsWith("PID ")) {
        pids.add(Long.parseLong(line.substring(4)));
      }
    }
    assertThat(dirs).hasSize(2).allMatch(Files::isDirectory);

    assertThat(FixtureJvm.outputOf(hostJvm("build"))).contains("BUILT");
    assertThat(dirs).as("the directories of a live JVM").allMatch(Files::isDirectory);

    host.destroyForcibly();
    host.waitFor();
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(pids).allMatch(ProcFiles::isDead));
    assertThat(FixtureJvm.outputOf(hostJvm("build"))).contains("BUILT");

    assertThat(dirs).as("the directories of the killed JVM").noneMatch(Files::exists);
  }

  @Test
  void onlyDirectoriesOfDeadJvmsThatAreNotKeptAreRemoved(@TempDir Path runtime) throws Exception {
    Process ended = new ProcessBuilder("cat").start();
    long endedStart = OrphanGuard.startOf(ended.toHandle());
    ended.getOutputStream().close();
    ended.waitFor();
    ProcessHandle self = ProcessHandle.current();
    Path dead =
        planted(runtime, "redis-1234-" + ended.pid() + "-" + endedStart + "-" + UUID.randomUUID());
    Path reused =
        planted(
            runtime,
            "redis-1234-"
                + self.pid()
                + "-"
                + (OrphanGuard.startOf(self) - 1)
                + "-"
                + UUID.randomUUID());
    Path live =
        planted(
            runtime,
            "kafka-1234-" + self.pid() + "-" + OrphanGuard.startOf(self) + "-" + UUID.randomUUID());
    Path kept = planted(runtime, "postgres-1234-" + UUID.randomUUID());
    Path other = planted(runtime, "crash-reports");

    InstanceDirectory.removeLeftByDeadJvms(runtime, Optional.empty());

    assertThat(dead).doesNotExist();
    assertThat(reused).as("a live pid started at another time is another process").doesNotExist();
    assertThat(live).isDirectory();
    assertThat(kept).isDirectory();
    assertThat(other).isDirectory();
  }

  private static Path planted(Path runtime, String name) throws Exception {
    Path dir = Files.createDirectory(runtime.resolve(name));
    Files.createDirectory(dir.resolve("data"));
    Files.writeString(dir.resolve("data").resolve("file"), "x");
    return dir;
  }

  private static ProcessBuilder hostJvm(String mode) {
    return new ProcessBuilder(
            FixtureJvm.java(),
            "-cp",
            System.getProperty("java.class.path"),
            ServicesHost.class.getName(),
            mode)
        .redirectError(ProcessBuilder.Redirect.DISCARD);
  }
}
