package io.ovrseer.services;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ovrseer.fixtures.BuildPostgres;
import io.ovrseer.internal.OrphanGuard;
import io.ovrseer.testing.FixtureJvm;
import io.ovrseer.testing.NoLeftoverProcesses;
import io.ovrseer.testing.ProcFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A JVM killed (SIGKILL) while it fills a cache directory: what it was running there (initdb, a
 * single-user PostgreSQL running an init script) must not outlive it and write on into the
 * directory that the next JVM removes and fills again, even when its watchdog is gone too.
 */
@ExtendWith(NoLeftoverProcesses.class)
class DeadJvmSetupTest {
  private Process host;
  private Optional<ProcessHandle> setup = Optional.empty();
  private Path shared;
  private Path template;

  @AfterEach
  void cleanUp() throws Exception {
    if (host != null && host.isAlive()) {
      host.destroyForcibly().waitFor();
    }
    setup.ifPresent(ProcessHandle::destroyForcibly);
    if (template != null) {
      CacheEntry.remove(
          template, RunAs.unprivileged("PostgreSQL", Optional.empty()), "test template removal");
    }
    if (shared != null) {
      CacheEntry.deleteRecursively(shared);
    }
  }

  @Test
  void theSetupCommandOfAJvmKilledWhileMakingATemplateIsEndedAndTheNextJvmMakesIt()
      throws Exception {
    // This JVM's guard sweeps dead JVMs once as it starts: over long before the host dies, so
    // that what ends the host's command is the build below, as in a JVM that spawned before.
    OrphanGuard.get();
    // The script says it runs (a file written by the server), then sleeps while the flag file
    // exists, so only the killed JVM's run of it is slow. Where the server's user (nobody, in a
    // root JVM) can write and see them.
    shared = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "ovrseer-");
    Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxrwx"));
    Path flag = Files.writeString(shared.resolve("slow"), "while this exists");
    Path started = shared.resolve("started");
    Path script =
        Files.writeString(
            shared.resolve("init.sql"),
            "-- "
                + UUID.randomUUID()
                + "\ncopy (select 1) to '"
                + started
                + "';\nselect pg_sleep(300) where (pg_stat_file('"
                + flag
                + "', true)).size is not null;\n");
    host =
        new ProcessBuilder(
                FixtureJvm.java(),
                "-cp",
                System.getProperty("java.class.path"),
                BuildPostgres.class.getName(),
                script.toString())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    await().atMost(Duration.ofMinutes(2)).until(() -> Files.exists(started));
    setup =
        host.descendants()
            .filter(p -> ProcFiles.commandLine(p.pid()).contains("--single"))
            .findFirst();
    assertThat(setup).as("the single-user PostgreSQL running the script").isPresent();
    // Its watchdog too, which would end the command within a second: the next JVM must not
    // depend on it (it may be later than that JVM, or gone with its process group).
    OrphanGuard.watchdogPid(OrphanGuard.directoryOf(host.pid()))
        .flatMap(ProcessHandle::of)
        .ifPresent(ProcessHandle::destroyForcibly);
    host.destroyForcibly().waitFor();
    Files.delete(flag);

    PostgresProcess db = PostgresProcess.builder().initScript(script).build();

    String made =
        db.logger().getLogs().stream()
            .filter(line -> line.startsWith("[ovrseer] initdb made template "))
            .findFirst()
            .orElseThrow();
    template = Path.of(made.substring(made.lastIndexOf(' ') + 1)).getParent();
    assertThat(ProcFiles.isDead(setup.orElseThrow().pid()))
        .as("the single-user PostgreSQL of the killed JVM")
        .isTrue();
  }
}
