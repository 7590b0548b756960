package io.ovrseer.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.ovrseer.fixtures.StopGivenUp;
import io.ovrseer.internal.ProcessBackend;
import io.ovrseer.internal.ProcessTree;
import io.ovrseer.testing.FixtureJvm;
import io.ovrseer.testing.NoLeftoverProcesses;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(NoLeftoverProcesses.class)
class StopTreeTest {

  @Test
  void aChildForkedWhileStoppingIsStoppedToo() {
    // On SIGTERM the shell forks a sleeper and goes on; SIGKILL then ends the shell, and the
    // sleeper, forked after the tree was collected, must be found by the look that follows.
    ProcessUnit unit = forkingOnSigterm().build();
    unit.start();
    unit.ready().join();

    unit.stop(Duration.ofMillis(500));

    String forked =
        unit.logger().getLogs().stream()
            .filter(l -> l.startsWith("forked "))
            .findFirst()
            .orElseThrow();
    long pid = Long.parseLong(forked.substring("forked ".length()));
    assertThat(ProcessTree.isDead(pid))
        .as("the sleeper forked on SIGTERM, pid %d, is dead", pid)
        .isTrue();
    assertThat(unit.getState()).isEqualTo(ProcessState.STOPPED);
  }

  @Test
  void unitsStoppedTogetherEachKeepTheirStopTimeoutAndLoseTheirWholeTree() {
    // One batch, two trees: a shell that forks a sleeper on SIGTERM and is killed after its own
    // 300 ms, and a shell whose child the first look finds; both end, each tree whole.
    ProcessUnit forking = forkingOnSigterm().stopTimeout(Duration.ofMillis(300)).build();
    ProcessUnit parent =
        ProcessUnit.builder("sh", "-c", "sleep 60 & echo \"child $!\"; echo READY; wait")
            .readyCheck(ReadyCheck.logPattern("READY", Duration.ofSeconds(20)))
            .build();
    List<ProcessUnit> units = List.of(forking, parent);
    units.forEach(ProcessUnit::start);
    units.forEach(unit -> unit.ready().join());

    ProcessUnit.stopAll(units);

    assertThat(ProcessTree.isDead(pidAfter(forking, "forked "))).isTrue();
    assertThat(ProcessTree.isDead(pidAfter(parent, "child "))).isTrue();
    assertThat(units).allMatch(unit -> unit.getState() == ProcessState.STOPPED);
  }

  @Test
  void aStopThatCannotEndTheWholeTreeSaysSoAndNamesWhatIsLeft(@TempDir Path tmp) throws Exception {
    ProcessBuilder fixture =
        new ProcessBuilder(
                FixtureJvm.java(),
                "-D" + ProcessBackend.PROPERTY + "=" + ProcessBackend.get().name(),
                "-Dovrseer.watchdog.disabled=true",
                "-Djava.io.tmpdir=" + tmp,
                "-cp",
                System.getProperty("java.class.path"),
                StopGivenUp.class.getName())
            .redirectError(ProcessBuilder.Redirect.INHERIT);

    List<String> output = FixtureJvm.outputOf(fixture).lines().toList();

    assertThat(output).hasSize(2);
    String child = output.get(1).substring("child ".length());
    assertThat(output.get(0))
        .startsWith("process [sh -c ")
        .contains("its tree was still there 5 s after SIGKILL (pids [" + child + "])")
        .endsWith("what is left stays recorded for the orphan guard");
  }

  /** A shell, ready at once, that forks a sleeper on each SIGTERM and logs "forked PID". */
  private static ProcessUnit.Builder forkingOnSigterm() {
    return ProcessUnit.builder(
            "sh",
            "-c",
            "trap 'sleep 60 & echo \"forked $!\"' TERM; echo READY; while :; do sleep 0.05; done")
        .readyCheck(ReadyCheck.logPattern("READY", Duration.ofSeconds(20)));
  }

  /** The pid a unit logged after {@code prefix}. */
  private static long pidAfter(ProcessUnit unit, String prefix) {
    String line =
        unit.logger().getLogs().stream()
            .filter(l -> l.startsWith(prefix))
            .findFirst()
            .orElseThrow();
    return Long.parseLong(line.substring(prefix.length()));
  }
}
