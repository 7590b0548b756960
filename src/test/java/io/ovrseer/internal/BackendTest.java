package io.ovrseer.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.STRING;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.ovrseer.fixtures.ForcedLinuxWithoutSetsid;
import io.ovrseer.fixtures.Steps;
import io.ovrseer.testing.Backends;
import io.ovrseer.testing.FixtureJvm;
import io.ovrseer.testing.LogCapture;
import io.ovrseer.testing.NoLeftoverProcesses;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The choice of backend, and what each finds of a tree. */
@ExtendWith(NoLeftoverProcesses.class)
class BackendTest {
  @TempDir Path dir;

  @Test
  void portableCanAlwaysBeForcedAndAnUnknownNameIsAnError() {
    assertThat(io.ovrseer.internal.Backends.select("portable").name()).isEqualTo("portable");
    assertThatThrownBy(() -> io.ovrseer.internal.Backends.select("solaris"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("ovrseer.platform=solaris names no backend");
  }

  @Test
  void whatTheLinuxBackendLacksIsNamed() {
    assertThat(LinuxBackend.missing("Mac OS X", dir.resolve("proc"), dir.toString()))
        .containsExactly(
            "Linux (this is Mac OS X)",
            dir.resolve("proc") + " (the process table)",
            "util-linux setsid on PATH (" + dir + ")");
  }

  /**
   * {@code -Dovrseer.platform=linux} where {@code setsid} is missing fails the spawn, saying so;
   * the stop that follows has nothing to stop and must not fail each phase with the same words
   * ("could not stop all of []").
   */
  @Test
  void aForcedLinuxBackendWithoutSetsidFailsTheSpawnNotTheStop() throws Exception {
    ProcessBuilder jvm =
        new ProcessBuilder(
            FixtureJvm.java(),
            "-Dovrseer.platform=linux",
            "-Djava.io.tmpdir=" + dir,
            "-cp",
            System.getProperty("java.class.path"),
            ForcedLinuxWithoutSetsid.class.getName());
    jvm.environment().put("PATH", dir.toString());
    jvm.environment().remove("XDG_RUNTIME_DIR");

    String output = FixtureJvm.outputOf(jvm.redirectError(ProcessBuilder.Redirect.INHERIT));

    assertThat(output.lines())
        .containsExactly(
            "start failed: Ovrseer could not start: dependency \"db\" could not be spawned: cannot"
                + " start process [/bin/sh -c exec sleep 60] in "
                + Path.of("").toAbsolutePath()
                + ": ovrseer.platform=linux, but this machine lacks util-linux setsid on PATH ("
                + dir
                + ")",
            "done");
  }

  /**
   * On Linux without {@code setsid} the portable backend is chosen, which loses the session of each
   * process and the search of {@code /proc}: a warning says what is missing, what is lost and how
   * to choose portable on purpose, which then says nothing.
   */
  @Test
  void linuxWithoutSetsidFallsBackToPortableWithAWarning() {
    assumeTrue(OsName.isLinux() && LinuxBackend.missing(dir.toString()).size() == 1);
    try (LogCapture log = LogCapture.warningsOf(io.ovrseer.internal.Backends.class)) {
      assertThat(io.ovrseer.internal.Backends.select("portable", dir.toString()).name())
          .isEqualTo("portable");
      assertThat(log.warnings()).isEmpty();

      assertThat(io.ovrseer.internal.Backends.select("", dir.toString()).name())
          .isEqualTo("portable");
      assertThat(log.warnings())
          .singleElement(STRING)
          .contains(
              "util-linux setsid on PATH (" + dir + ")",
              "no session of their own",
              "/proc",
              "-Dovrseer.platform=portable");
      // The header of the console's two lines named io.ovrseer.internal.LazyLogger, the wrapper
      // that logged it, not the class that warns.
      assertThat(log.sources()).containsExactly(io.ovrseer.internal.Backends.class.getName());
    }
  }

  @Test
  void linuxIsChosenWhereItWorks() {
    Backends.assumeRootOnLinux("a machine of the kind CI uses");
    assertThat(LinuxBackend.missing(System.getenv("PATH"))).isEmpty();
    assertThat(io.ovrseer.internal.Backends.select("").name()).isEqualTo("linux");
    assertThat(io.ovrseer.internal.Backends.select("linux").name()).isEqualTo("linux");
  }

  /**
   * The portable backend needs no {@code /proc} of its own and no session: the root is signalled,
   * and the grandchildren its child spawned are found through the descendants and end too.
   */
  @Test
  void portableStopsAChildAndTheGrandchildrenItSpawned() throws Exception {
    Process root = startTree();
    List<Long> pids = awaitPids(3);

    boolean gone =
        ProcessTree.terminate(
                Map.of(ProcessTree.Root.of(root, false, null), Duration.ofSeconds(5)),
                new PortableBackend())
            .isEmpty();

    assertThat(gone).isTrue();
    assertThat(pids).allMatch(ProcessTree::isDead);
    root.waitFor();
  }

  @Test
  void portableKillsATreeThatIgnoresSigterm() throws Exception {
    Process root = startTree("ignore-term");
    List<Long> pids = awaitPids(3);

    boolean gone =
        ProcessTree.terminate(
                Map.of(ProcessTree.Root.of(root, false, null), Duration.ofMillis(200)),
                new PortableBackend())
            .isEmpty();

    assertThat(gone).isTrue();
    assertThat(pids).allMatch(ProcessTree::isDead);
    assertThat(root.waitFor()).isEqualTo(137);
  }

  @Test
  void nothingIsSignalledThatMustNotBe() {
    long self = ProcessHandle.current().pid();
    long parent = ProcessHandle.current().parent().orElseThrow().pid();

    assertThat(ProcessTree.maySignal(0)).isFalse();
    assertThat(ProcessTree.maySignal(1)).isFalse();
    assertThat(ProcessTree.maySignal(-1)).isFalse();
    assertThat(ProcessTree.maySignal(self)).isFalse();
    assertThat(ProcessTree.maySignal(parent)).isFalse();
  }

  /**
   * A protected process (the orphan watchdog) is spared by pid and start time: once it is gone, a
   * process of ours given its pid is stopped like any other. In a PID namespace of its own, where
   * the next pid can be chosen.
   */
  @Test
  void aProcessGivenThePidOfADeadProtectedOneIsStopped(@TempDir Path tmp) throws Exception {
    Backends.assumeRootOnLinux("unshare --pid and ns_last_pid need root");
    ProcessBuilder namespace =
        FixtureJvm.inPidNamespace(tmp, ProtectedPidReuse.class)
            .redirectError(ProcessBuilder.Redirect.INHERIT);

    assertThat(FixtureJvm.outputOf(namespace).lines()).containsExactly("stopped");
  }

  /**
   * A process in a session of its own, started after this JVM, whose environment reads empty (as
   * one in the middle of its exec does) is where the mark of a gone root's tree would be looked
   * for: the look says it could not tell. The stop then looks again for a while, and neither
   * signals it (it carries no mark) nor takes it for a member left alive.
   */
  @Test
  void aProcessWhoseEnvironmentReadsEmptyLeavesTheLookUndecidedAndIsNotSignalled()
      throws Exception {
    Backends.assumeLinux("marks are read from /proc/<pid>/environ");
    ProcessBackend linux = io.ovrseer.internal.Backends.select("linux");
    Process empty = new ProcessBuilder("setsid", "env", "-i", "sleep", "600").start();
    try {
      Path environ = Path.of("/proc/" + empty.pid() + "/environ");
      org.awaitility.Awaitility.await()
          .until(
              () ->
                  Files.readString(Path.of("/proc/" + empty.pid() + "/comm")).trim().equals("sleep")
                      && Files.readAllBytes(environ).length == 0);
      Process exited = new ProcessBuilder("true").start();
      exited.waitFor();
      ProcessTree.Root gone =
          new ProcessTree.Root(
              exited.pid(), exited.toHandle(), true, ProcessBackend.newMark(), true);

      ProcessBackend.Look look = linux.look();
      assertThat(look.members(gone, List.of())).isEmpty();
      assertThat(look.undecided()).isTrue();

      assertThat(ProcessTree.terminate(Map.of(gone, Duration.ofSeconds(5)), linux)).isEmpty();
      assertThat(empty.isAlive()).as("the process without an environment").isTrue();
    } finally {
      empty.destroyForcibly().waitFor();
    }
  }

  /**
   * The portable backend never walks the descendants of a gone root: its pid may be another
   * process's by now, whose children the JDK lists as the root's (it compares their start times to
   * that process's). In a PID namespace of its own, where the next pid can be chosen.
   */
  @Test
  void portableSignalsNoChildOfAProcessGivenThePidOfAGoneRoot(@TempDir Path tmp) throws Exception {
    Backends.assumeRootOnLinux("unshare --pid and ns_last_pid need root");
    ProcessBuilder namespace =
        FixtureJvm.inPidNamespace(tmp, PortablePidReuse.class)
            .redirectError(ProcessBuilder.Redirect.INHERIT);

    assertThat(FixtureJvm.outputOf(namespace).lines()).containsExactly("spared");
  }

  /** A root whose child and grandchild each write their pid file, all three with {@code extra}. */
  private Process startTree(String... extra) throws IOException {
    List<String> command = new ArrayList<>(Steps.java());
    for (int level = 0; level < 3; level++) {
      command.addAll(List.of(extra));
      command.addAll(List.of("pidfile", dir.resolve(level + ".pid").toString()));
      if (level < 2) {
        command.add("child");
      }
    }
    command.add("hang");
    return new ProcessBuilder(command).redirectErrorStream(true).start();
  }

  private List<Long> awaitPids(int count) {
    List<Path> files = new ArrayList<>();
    for (int level = 0; level < count; level++) {
      files.add(dir.resolve(level + ".pid"));
    }
    org.awaitility.Awaitility.await().until(() -> files.stream().allMatch(Files::exists));
    return files.stream()
        .map(
            file -> {
              try {
                return Long.parseLong(Files.readString(file).trim());
              } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
            })
        .toList();
  }
}
