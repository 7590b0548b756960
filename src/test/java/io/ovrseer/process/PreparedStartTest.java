package io.ovrseer.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.ovrseer.internal.PreparedStart;
import io.ovrseer.internal.SessionLeader;
import io.ovrseer.testing.NoLeftoverProcesses;
import io.ovrseer.testing.ProcFiles;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A unit spawned ahead of its start ({@link PreparedStart}): held by {@code ovrseer-setsid --wait}
 * in its own session until start() releases it, and gone without a trace when discarded.
 */
@ExtendWith(NoLeftoverProcesses.class)
class PreparedStartTest {
  private ProcessUnit unit;

  @BeforeEach
  void needsOvrseerSetsid() {
    assumeTrue(
        SessionLeader.waitingPrefix().isPresent(),
        "processes are prepared ahead only under ovrseer-setsid (x86-64 and AArch64 Linux)");
  }

  @AfterEach
  void stopIt() {
    if (unit != null) {
      ((PreparedStart) unit).discardPreparedStart();
      unit.stop();
    }
  }

  /** A shell that prints its pid and session, then echoes its standard input line by line. */
  private static ProcessUnit echoingShell(String marker) {
    return ProcessUnit.builder(
            "/bin/sh",
            "-c",
            "echo \"started $$ session $(cut -d' ' -f6 /proc/$$/stat)\"; cat",
            marker)
        .readyCheck(ReadyCheck.logPattern("started", Duration.ofSeconds(20)))
        .build();
  }

  @Test
  void aPreparedProcessWaitsInItsOwnSessionAndStartReleasesThatSameProcess() throws Exception {
    unit = echoingShell("prepared-1");

    assertThat(((PreparedStart) unit).prepareStart()).isTrue();

    long waiting = waitingChild("prepared-1");
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> assertThat(ProcFiles.sessionOf(waiting)).as("its session").isEqualTo(waiting));
    assertThat(unit.getState()).isEqualTo(ProcessState.CREATED);
    assertThat(unit.getPid()).isEmpty();
    assertThat(unit.logger().getLogs()).isEmpty();

    unit.start();
    unit.ready().get(20, TimeUnit.SECONDS);

    assertThat(unit.getPid()).hasValue(waiting);
    assertThat(unit.logger().getLogs())
        .containsExactly("started " + waiting + " session " + waiting);
  }

  @Test
  void theReleaseTakesOneByteAndTheRestOfStandardInputReachesTheCommand() throws Exception {
    unit = echoingShell("prepared-2");
    ((PreparedStart) unit).prepareStart();
    unit.start();
    unit.ready().get(20, TimeUnit.SECONDS);

    unit.sendStdin("first line");
    unit.sendStdin("second line");

    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () ->
                assertThat(unit.logger().getLogs())
                    .endsWith("first line", "second line")
                    .hasSize(3));
  }

  @Test
  void aDiscardedPreparationIsGoneWhenDiscardReturnsAndStartThenSpawnsAfresh() throws Exception {
    unit = echoingShell("prepared-3");
    ((PreparedStart) unit).prepareStart();
    long waiting = waitingChild("prepared-3");

    ((PreparedStart) unit).discardPreparedStart();

    assertThat(ProcessHandle.of(waiting).filter(ProcessHandle::isAlive)).isEmpty();
    assertThat(unit.logger().getLogs()).as("it never ran the command").isEmpty();
    unit.start();
    unit.ready().get(20, TimeUnit.SECONDS);
    assertThat(unit.getPid()).isPresent().isNotEqualTo(java.util.OptionalLong.of(waiting));
  }

  @Test
  void aPreparedProcessKilledBeforeItsStartIsSpawnedAgainByStart() throws Exception {
    unit = echoingShell("prepared-4");
    ((PreparedStart) unit).prepareStart();
    ProcessHandle waiting = ProcessHandle.of(waitingChild("prepared-4")).orElseThrow();
    waiting.destroyForcibly();
    waiting.onExit().get(20, TimeUnit.SECONDS);

    unit.start();
    unit.ready().get(20, TimeUnit.SECONDS);

    assertThat(unit.getPid()).isPresent();
    assertThat(unit.getPid().getAsLong()).isNotEqualTo(waiting.pid());
    assertThat(unit.getState()).isEqualTo(ProcessState.READY);
  }

  @Test
  void aCommandThatCannotBeSpawnedIsNotPreparedAndStartReportsWhy() {
    unit = ProcessUnit.builder("ovrseer-no-such-command").build();

    assertThat(((PreparedStart) unit).prepareStart()).isFalse();

    ProcessSpawnException failure = catchThrowableOfType(ProcessSpawnException.class, unit::start);
    assertThat(failure).hasMessageContaining("\"ovrseer-no-such-command\" not found on PATH");
    assertThat(unit.getState()).isEqualTo(ProcessState.FAILED);
  }

  @Test
  void aRunningUnitIsNotPreparedAgain() throws Exception {
    unit = echoingShell("prepared-6");
    unit.start();
    unit.ready().get(20, TimeUnit.SECONDS);

    assertThat(((PreparedStart) unit).prepareStart()).isFalse();
    assertThat(ProcFiles.waitingChildren("prepared-6")).isEmpty();
  }

  /** The pid of the one child of this JVM that waits under ovrseer-setsid with {@code marker}. */
  private static long waitingChild(String marker) {
    List<Long> found = ProcFiles.waitingChildren(marker);
    assertThat(found).as("children waiting with %s", marker).hasSize(1);
    return found.get(0);
  }
}
