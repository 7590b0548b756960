package io.ovrseer.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.ovrseer.fixtures.GuardStartedSoon;
import io.ovrseer.testing.Backends;
import io.ovrseer.testing.FixtureJvm;
import io.ovrseer.testing.NoLeftoverProcesses;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(NoLeftoverProcesses.class)
class OrphanGuardTest {

  /** The root of {@code process}, marked {@code 1-<pid in hex>} as a spawn of JVM 1. */
  private static ProcessTree.Root root(Process process) {
    return ProcessTree.Root.of(process, false, "1-" + Long.toHexString(process.pid()));
  }

  @Test
  void theJournalHoldsWhatWasRecordedAndNotForgotten() throws Exception {
    OrphanGuard guard = OrphanGuard.get();
    Process process = new ProcessBuilder("sleep", "60").start();
    try {
      guard.register(root(process));
      assertThat(guard.registered()).contains(process.pid());
      assertThat(
              Files.readString(
                  guard.directory().orElseThrow().resolve("processes"), StandardCharsets.US_ASCII))
          .contains(
              "+"
                  + process.pid()
                  + " "
                  + process.info().startInstant().orElseThrow().toEpochMilli()
                  + " 1-"
                  + Long.toHexString(process.pid())
                  + "\n");

      guard.unregister(root(process));
      assertThat(guard.registered()).doesNotContain(process.pid());
    } finally {
      process.destroy();
      process.waitFor();
    }
  }

  /**
   * The system may give the pid of a run that exited to a later spawn while the first is still
   * recorded (a daemon it left may still run). Both stay recorded, and forgetting the first keeps
   * the second: before, records were keyed by pid, so the new record replaced the old one (its mark
   * lost to the sweep) and the old one's forgetting forgot the new one.
   */
  @Test
  void aPidGivenToALaterSpawnKeepsBothRecords() throws Exception {
    OrphanGuard guard = OrphanGuard.get();
    Process process = new ProcessBuilder("sleep", "60").start();
    ProcessTree.Root first = ProcessTree.Root.of(process, false, "1-f1");
    ProcessTree.Root later = ProcessTree.Root.of(process, false, "1-f2");
    try {
      guard.register(first);
      guard.register(later);
      // Other tests of this JVM may have records of their own.
      assertThat(guard.registered()).filteredOn(pid -> pid == process.pid()).hasSize(2);

      guard.unregister(first);
      assertThat(guard.registered()).filteredOn(pid -> pid == process.pid()).hasSize(1);
      guard.unregister(later);
      assertThat(guard.registered()).doesNotContain(process.pid());
    } finally {
      process.destroy();
      process.waitFor();
    }
  }

  /**
   * {@code startSoon} (what the JUnit extension calls before it reads a declaration) brings the
   * guard up on a thread of its own, and a spawn right after it is recorded by that same guard: the
   * first spawn waits for the start under way rather than starting a second guard or going
   * unrecorded. In a JVM of its own, whose guard is not started yet.
   */
  @Test
  void startSoonBringsTheGuardUpInTheBackgroundAndTheFirstSpawnIsRecordedByIt() throws Exception {
    String output =
        FixtureJvm.outputOf(
            new ProcessBuilder(
                    FixtureJvm.java(),
                    "-cp",
                    System.getProperty("java.class.path"),
                    GuardStartedSoon.class.getName())
                .redirectError(ProcessBuilder.Redirect.INHERIT));

    assertThat(output).isEqualTo("recorded true\nsame true\n");
  }

  @Test
  void theJournalIsCompactedAndKeepsWhatIsStillRecorded() throws Exception {
    OrphanGuard guard = OrphanGuard.get();
    Path journal = guard.directory().orElseThrow().resolve("processes");
    Process kept = new ProcessBuilder("sleep", "60").start();
    Process churned = new ProcessBuilder("sleep", "60").start();
    try {
      guard.register(root(kept));
      // About 40 bytes a pair, 1.2 MB in all: past the 1 MiB at which the journal is rewritten.
      for (int i = 0; i < 30_000; i++) {
        guard.register(root(churned));
        guard.unregister(root(churned));
      }

      assertThat(Files.size(journal)).isLessThan(1024 * 1024);
      assertThat(guard.registered()).contains(kept.pid()).doesNotContain(churned.pid());
      guard.register(root(churned));
      assertThat(guard.registered()).contains(kept.pid(), churned.pid());
    } finally {
      guard.unregister(root(kept));
      guard.unregister(root(churned));
      for (Process process : List.of(kept, churned)) {
        process.destroy();
        process.waitFor();
      }
    }
  }

  /**
   * A compaction that fails (here its new file cannot be written: a directory is in the way, as a
   * full disk would stop it) is reported as that, once: before, it said 'could not record process
   * N' although the record was written, and tried again, and said so, at every later record.
   */
  @Test
  void aCompactionThatFailsIsReportedAsSuchAndTriedAgainOnlyMuchLater() throws Exception {
    OrphanGuard guard = OrphanGuard.get();
    Path journal = guard.directory().orElseThrow().resolve("processes");
    Path inTheWay = guard.directory().orElseThrow().resolve("processes.next");
    Files.createDirectories(inTheWay.resolve("not-empty"));
    Process churned = new ProcessBuilder("sleep", "60").start();
    PrintStream stderr = System.err;
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    try {
      System.setErr(new PrintStream(printed, true, StandardCharsets.UTF_8));
      for (int batch = 0; batch < 100 && Files.size(journal) <= 1024 * 1024; batch++) {
        churn(guard, churned, 1_000);
      }
      churn(guard, churned, 1_000);
      System.setErr(stderr);

      assertThat(Files.size(journal)).isGreaterThan(1024 * 1024);
      assertThat(printed.toString(StandardCharsets.UTF_8).lines().filter(l -> l.contains("could")))
          .singleElement(InstanceOfAssertFactories.STRING)
          .startsWith("ovrseer: could not compact the orphan journal " + journal)
          .contains("every record is kept");
      assertThat(guard.registered()).doesNotContain(churned.pid());

      // With the room back, the journal is compacted after another MiB of records.
      Files.delete(inTheWay.resolve("not-empty"));
      Files.delete(inTheWay);
      for (int batch = 0; batch < 100 && Files.size(journal) > 1024 * 1024; batch++) {
        churn(guard, churned, 1_000);
      }
      assertThat(Files.size(journal)).isLessThan(1024 * 1024);
    } finally {
      System.setErr(stderr);
      Files.deleteIfExists(inTheWay.resolve("not-empty"));
      Files.deleteIfExists(inTheWay);
      churned.destroy();
      churned.waitFor();
    }
  }

  private static void churn(OrphanGuard guard, Process process, int times) {
    for (int i = 0; i < times; i++) {
      guard.register(root(process));
      guard.unregister(root(process));
    }
  }

  @Test
  void theGuardsFilesAreTheOwnersOnlyAlsoAfterCompaction() throws Exception {
    assumeTrue(
        FileSystems.getDefault().supportedFileAttributeViews().contains("posix"),
        "a file system with POSIX modes");
    OrphanGuard guard = OrphanGuard.get();
    Path dir = guard.directory().orElseThrow();
    Process churned = new ProcessBuilder("sleep", "60").start();
    try {
      for (int i = 0; i < 30_000; i++) {
        guard.register(root(churned));
        guard.unregister(root(churned));
      }
      await().until(() -> Files.exists(dir.resolve("watchdog.pid")));

      for (String file : List.of("processes", "watchdog.pid")) {
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(file))))
            .as(file)
            .isEqualTo("rw-------");
      }
    } finally {
      churned.destroy();
      churned.waitFor();
    }
  }

  @Test
  void aDirectoryWhoseNumbersAreNoPidAndStartTimeIsLeftAloneAndTheSweepGoesOn() throws Exception {
    Path registry = OrphanGuard.registry();
    // Pids that cannot be alive (above any pid_max): dead JVMs' directories, ten of them, so that
    // whatever order the directory lists them in (tmpfs: newest first), most come after the one
    // that is no JVM's.
    List<Path> dead = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      dead.add(PrivateDirectories.subdirectory(registry, (4194305 + i) + "-1000"));
    }
    Path notOurs = PrivateDirectories.subdirectory(registry, "99999999999999999999-1");
    PrintStream stderr = System.err;
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    try {
      System.setErr(new PrintStream(printed, true, StandardCharsets.UTF_8));
      OrphanGuard.sweepDeadJvms();
      System.setErr(stderr);

      assertThat(printed.toString(StandardCharsets.UTF_8)).doesNotContain("could not sweep");
      assertThat(notOurs).isDirectory();
      assertThat(dead).allMatch(Files::notExists);
    } finally {
      System.setErr(stderr);
      Files.deleteIfExists(notOurs);
      for (Path dir : dead) {
        Files.deleteIfExists(dir);
      }
    }
  }

  /**
   * A JVM making its directory is not swept by a JVM that sees it start at another time, at any
   * step: the directory appears under its name only with its lock held. Before, it was made under
   * its name and locked next; a sweep in between found no lock file, judged the JVM by its start
   * time, removed the directory, and the starting JVM's guard was disabled.
   */
  @Test
  void aJvmMakingItsDirectoryIsNotSweptBetweenTheSteps(@TempDir Path tmp) throws Exception {
    Path registry = PrivateDirectories.createNew(tmp.resolve("registry"));
    ProcessHandle self = ProcessHandle.current();
    // This JVM as another one sees it: starting a second later.
    String name = self.pid() + "-" + (OrphanGuard.startOf(self) + 1000);
    Path dir = registry.resolve(name);

    Path staging = OrphanGuard.stage(registry, name);
    OrphanGuard.sweepDeadJvms(registry);
    FileLock lock = OrphanGuard.lockIn(staging);
    try {
      OrphanGuard.sweepDeadJvms(registry);
      OrphanGuard.publish(staging, dir);
      OrphanGuard.sweepDeadJvms(registry);

      assertThat(dir.resolve("alive.lock")).isRegularFile();
      assertThat(OrphanGuard.jvmAlive(dir, self.pid(), OrphanGuard.startOf(self) + 1000)).isTrue();
    } finally {
      lock.channel().close();
    }
  }

  @Test
  void theStagingDirectoryOfAJvmKilledWhileMakingItsDirectoryIsRemoved(@TempDir Path tmp)
      throws Exception {
    Path registry = PrivateDirectories.createNew(tmp.resolve("registry"));
    // A pid above any pid_max: a dead JVM's.
    Path dead = OrphanGuard.stage(registry, "4194305-1000");
    Path live = OrphanGuard.stage(registry, ProcessHandle.current().pid() + "-1000");

    OrphanGuard.sweepDeadJvms(registry);

    assertThat(dead).doesNotExist();
    assertThat(live).isDirectory();
  }

  /**
   * A live JVM is not taken for a dead one by a JVM that sees its start at another time (the JDK
   * adds process start times to a boot time each JVM reads once, which moves with the wall clock):
   * that JVM swept the live one's directory and killed its processes by their marks. Both run in a
   * PID namespace; the second in a time namespace whose boot-time clock is half a second off.
   */
  @Test
  void aLiveJvmIsNotSweptByAJvmThatSeesItStartAtAnotherTime(@TempDir Path tmp) throws Exception {
    Backends.assumeRootOnLinux("unshare --pid and a time namespace need root");
    assumeTrue("amd64".equals(System.getProperty("os.arch")), "the fixture's unshare is x86-64's");
    assumeTrue(Files.exists(Path.of("/proc/self/timens_offsets")), "time namespaces (Linux 5.6)");
    assumeTrue(
        SearchPath.findRemembered("perl", System.getenv("PATH")).isPresent(), "perl on PATH");
    ProcessBuilder namespace =
        FixtureJvm.inPidNamespace(tmp, ClockSkewedSweep.class)
            .redirectError(ProcessBuilder.Redirect.INHERIT);
    String output = FixtureJvm.outputOf(namespace);

    assertThat(output.lines())
        .containsExactly(
            "the other JVM sees this one start at another time",
            "process alive",
            "registry directory kept");
  }

  /**
   * Records planted in a dead JVM's directory: only the processes provably ours are signalled. Runs
   * in a PID namespace of its own, so that a regression (a sweep that signals "everything") cannot
   * reach beyond it.
   */
  @Test
  void aSweepSignalsOnlyProcessesProvablyOurs(@TempDir Path tmp) throws Exception {
    Backends.assumeRootOnLinux("unshare --pid needs root");
    Backends.assumeLinux("proof of a dead root's session members is read in /proc");
    ProcessBuilder namespace =
        FixtureJvm.inPidNamespace(tmp, PlantedRecordsSweep.class)
            .redirectError(ProcessBuilder.Redirect.INHERIT);
    String output = FixtureJvm.outputOf(namespace);

    assertThat(output.lines())
        .containsExactly(
            "victim alive",
            "ours gone",
            "marked gone",
            "unmarked alive",
            "expected gone",
            "self alive",
            "parent alive",
            "registry directory removed");
  }
}
