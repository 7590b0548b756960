package io.ovrseer.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ovrseer.fixtures.DiesAfterFirstSpawn;
import io.ovrseer.fixtures.HostJvm;
import io.ovrseer.fixtures.KilledAfterSigterm;
import io.ovrseer.fixtures.OvrseerHost;
import io.ovrseer.internal.OrphanGuard;
import io.ovrseer.internal.Watchdog;
import io.ovrseer.testing.Backends;
import io.ovrseer.testing.FixtureJvm;
import io.ovrseer.testing.NoLeftoverProcesses;
import io.ovrseer.testing.ProcFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A JVM running Ovrseer that is killed with SIGKILL leaves no process behind. */
@ExtendWith(NoLeftoverProcesses.class)
class OrphanReapingTest {
  @TempDir Path dir;

  private HostJvm host;

  @AfterEach
  void killHost() throws Exception {
    // A failed test must not leave the host behind; its watchdog reaps the rest.
    if (host != null) {
      host.close();
    }
  }

  @Test
  void theWatchdogKillsEveryProcessOfAJvmKilledWithSigkillWithinFiveSeconds() throws Exception {
    host = HostJvm.start(dir);
    List<Long> pids = host.startedPids();
    assertThat(pids).noneMatch(ProcFiles::isDead);

    host.process().destroyForcibly();
    host.process().waitFor();

    // Up to a second until the watchdog notices, then its JVM boots and sweeps.
    await()
        .atMost(Duration.ofSeconds(5))
        .pollInterval(Duration.ofMillis(20))
        .untilAsserted(() -> assertThat(pids).allMatch(ProcFiles::isDead));
  }

  /**
   * Its JVM, booted when the test JVM is gone, must not take CPU from the tests: nice 19. And it
   * leads a session of its own, so that nothing that kills the JVM's process group or session kills
   * it too.
   */
  @Test
  void theWatchdogRunsAtTheLowestPriority() throws Exception {
    Backends.assumeLinux("reads the watchdog's nice value and session in /proc");
    host = HostJvm.start(dir);
    Path registry = OrphanGuard.directoryOf(host.process().pid());
    await().until(() -> OrphanGuard.watchdogPid(registry).isPresent());
    long watchdog = OrphanGuard.watchdogPid(registry).orElseThrow();

    String stat = Files.readString(Path.of("/proc/" + watchdog + "/stat"));
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    assertThat(fields[16]).as("nice, field 19 of stat").isEqualTo("19");
    assertThat(fields[3]).as("session, field 6 of stat").isEqualTo(Long.toString(watchdog));
    assertThat(ProcFiles.commandLine(watchdog)).contains(Watchdog.class.getName());
  }

  /**
   * A JVM told to use the portable backend ({@code -Dovrseer.platform=portable}) gives its watchdog
   * the same choice: the watchdog's sweep must not look and kill otherwise than the JVM's own stops
   * (it chose linux by itself before). It still ends every process once the JVM is killed.
   */
  @Test
  void theWatchdogOfAJvmThatChoseTheBackendUsesTheSameAndStillReapsItsProcesses() throws Exception {
    host = HostJvm.start(List.of("-Dovrseer.platform=portable"), dir);
    List<Long> pids = host.startedPids();
    Path registry = OrphanGuard.directoryOf(host.process().pid());
    await().until(() -> OrphanGuard.watchdogPid(registry).isPresent());
    long watchdog = OrphanGuard.watchdogPid(registry).orElseThrow();

    // Its shell's command line, which holds the watchdog JVM's (see Watchdog.WAIT_SCRIPT).
    List<String> command =
        ProcessHandle.of(watchdog).orElseThrow().info().arguments().map(List::of).orElseThrow();
    assertThat(command)
        .containsSubsequence(Watchdog.class.getName())
        .contains("-Dovrseer.platform=portable");

    host.process().destroyForcibly();
    host.process().waitFor();
    await()
        .atMost(Duration.ofSeconds(5))
        .pollInterval(Duration.ofMillis(20))
        .untilAsserted(() -> assertThat(pids).allMatch(ProcFiles::isDead));
  }

  /**
   * A JVM that exits in order with nothing left to guard removes its registry directory itself; the
   * watchdog, a shell until then, sees it gone and exits without booting its JVM.
   */
  @Test
  void anOrderlyExitLeavesTheWatchdogNothingToDo() throws Exception {
    String[] output =
        FixtureJvm.outputOf(
                new ProcessBuilder(
                    FixtureJvm.java(),
                    "-cp",
                    System.getProperty("java.class.path"),
                    OvrseerHost.class.getName(),
                    "--stop",
                    dir.toString()))
            .split("\n");
    Path registry = Path.of(output[0]);
    long watchdog = Long.parseLong(output[1]);

    assertThat(registry).doesNotExist();
    await().atMost(Duration.ofSeconds(5)).until(() -> ProcFiles.isDead(watchdog));
  }

  /**
   * A JVM killed the moment its first spawn returned: its watchdog must already be on its way,
   * since the process is. Launched in the background after that spawn, it was not yet started, and
   * the tree ran on (15 of 30 JVMs killed 60 to 250 ms into their first start). In a PID namespace
   * of its own, as the sweep signals.
   */
  @ParameterizedTest
  @ValueSource(strings = {"linux", "portable"})
  void aJvmKilledTheMomentItsFirstSpawnReturnedLeavesNothing(String backend) throws Exception {
    Backends.assumeRootOnLinux("unshare --pid needs root");
    ProcessBuilder namespace =
        FixtureJvm.inPidNamespace(dir, DiesAfterFirstSpawn.class)
            .redirectError(ProcessBuilder.Redirect.INHERIT);
    namespace.command().add(backend);

    assertThat(FixtureJvm.outputOf(namespace).lines()).containsExactly("left: []");
  }

  /**
   * SIGTERM, then SIGKILL while the shutdown hook runs the cleanup phase (a CI runner's timeout):
   * the cleanup process must be recorded, so that the watchdog ends it. The orphan guard's own
   * hook, seeing nothing recorded (the main had exited), removed the registry directory while the
   * stopping hook had yet to spawn the cleanup process, which then ran on unrecorded (every run of
   * 20, both backends). In a PID namespace of its own, as the sweep signals.
   */
  @ParameterizedTest
  @ValueSource(strings = {"linux", "portable"})
  void aJvmKilledWhileItsShutdownHookRunsTheCleanupPhaseLeavesNothing(String backend)
      throws Exception {
    Backends.assumeRootOnLinux("unshare --pid needs root");
    ProcessBuilder namespace =
        FixtureJvm.inPidNamespace(dir, KilledAfterSigterm.class)
            .redirectError(ProcessBuilder.Redirect.INHERIT);
    namespace.command().add(backend);

    assertThat(FixtureJvm.outputOf(namespace).lines()).containsExactly("left: []");
  }

  @Test
  void theNextStartSweepsLeftoversWhenTheWatchdogDiedToo() throws Exception {
    host = HostJvm.start(dir);
    List<Long> pids = host.startedPids();
    Path registry = OrphanGuard.directoryOf(host.process().pid());
    await().until(() -> OrphanGuard.watchdogPid(registry).isPresent());
    long watchdog = OrphanGuard.watchdogPid(registry).orElseThrow();

    ProcessHandle.of(watchdog).orElseThrow().destroyForcibly();
    await().until(() -> ProcFiles.isDead(watchdog));
    host.process().destroyForcibly();
    host.process().waitFor();
    assertThat(pids).as("still running without a watchdog").noneMatch(ProcFiles::isDead);

    OrphanGuard.sweepDeadJvms();

    assertThat(pids).allMatch(ProcFiles::isDead);
    assertThat(registry).doesNotExist();
  }
}
