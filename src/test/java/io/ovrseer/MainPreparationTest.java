package io.ovrseer;

import static io.ovrseer.fixtures.Fixtures.steps;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.ovrseer.crash.CrashReporter;
import io.ovrseer.event.ProcessSpawn;
import io.ovrseer.fixtures.Steps;
import io.ovrseer.internal.SessionLeader;
import io.ovrseer.process.ProcessState;
import io.ovrseer.process.ReadyCheck;
import io.ovrseer.testing.NoLeftoverProcesses;
import io.ovrseer.testing.ProcFiles;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * While the dependencies start, the main processes are spawned ahead and held before they execute
 * their commands; the main phase releases them, and a start that fails ends them.
 */
@ExtendWith(NoLeftoverProcesses.class)
class MainPreparationTest {
  @TempDir Path reports;
  private Ovrseer ovrseer;

  @BeforeEach
  void needsOvrseerSetsid() {
    assumeTrue(
        SessionLeader.waitingPrefix().isPresent(),
        "main processes are prepared ahead only under ovrseer-setsid (x86-64 and AArch64 Linux)");
    ovrseer =
        new Ovrseer(OvrseerOptions.builder().crashReporter(new CrashReporter(reports)).build());
    // The dependency is ready when the test says so, on its standard input.
    ovrseer.addDependency(
        "db",
        steps("echo-stdin")
            .readyCheck(ReadyCheck.logPattern("echo: go", Duration.ofSeconds(30)))
            .build());
    ovrseer.addMainProcess(
        "api",
        steps("out", "READY", "hang")
            .readyCheck(ReadyCheck.logPattern("READY", Duration.ofSeconds(30)))
            .build());
  }

  @AfterEach
  void stop() {
    if (ovrseer != null) {
      ovrseer.stop();
    }
  }

  @Test
  void theMainIsSpawnedWhileTheDependencyStartsAndReleasedInTheMainPhase() throws Exception {
    List<String> spawned = new CopyOnWriteArrayList<>();
    ovrseer.on(ProcessSpawn.class, event -> spawned.add(event.name()));
    CompletableFuture<Void> start = CompletableFuture.runAsync(ovrseer::start);

    long waiting = awaitWaitingChild();
    assertThat(spawned).as("process:spawn events so far").containsExactly("db");
    assertThat(ovrseer.getProcess("api").orElseThrow().getState()).isEqualTo(ProcessState.CREATED);
    ovrseer.getProcess("db").orElseThrow().sendStdin("go");
    start.get(30, TimeUnit.SECONDS);

    assertThat(spawned).containsExactly("db", "api");
    assertThat(ovrseer.getProcess("api").orElseThrow().getPid()).hasValue(waiting);
    ovrseer.getProcess("api").orElseThrow().ready().get(30, TimeUnit.SECONDS);
  }

  @Test
  void aStartStoppedBeforeTheMainPhaseEndsThePreparedMain() throws Exception {
    CompletableFuture<Void> start = CompletableFuture.runAsync(ovrseer::start);
    long waiting = awaitWaitingChild();

    ovrseer.stop();

    Throwable failure =
        catchThrowableOfType(
            java.util.concurrent.ExecutionException.class, () -> start.get(30, TimeUnit.SECONDS));
    assertThat(failure).hasCauseInstanceOf(OvrseerStartException.class);
    assertThat(ProcessHandle.of(waiting).filter(ProcessHandle::isAlive)).isEmpty();
    assertThat(ovrseer.getProcess("api").orElseThrow().getPid()).isEmpty();
  }

  /** The pid of the main process held by ovrseer-setsid --wait, once there is one. */
  private static long awaitWaitingChild() {
    return await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> ProcFiles.waitingChildren(Steps.class.getName()), found -> found.size() == 1)
        .get(0);
  }
}
