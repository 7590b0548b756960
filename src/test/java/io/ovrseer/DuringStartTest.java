package io.ovrseer;

import static io.ovrseer.fixtures.Fixtures.steps;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.ovrseer.crash.CrashReporter;
import io.ovrseer.event.LifecycleError;
import io.ovrseer.event.ProcessSpawn;
import io.ovrseer.process.ProcessState;
import io.ovrseer.process.ProcessUnit;
import io.ovrseer.process.ReadyCheck;
import io.ovrseer.testing.NoLeftoverProcesses;
import java.nio.file.Files;
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

/** Calls into an orchestrator while its start() is under way. */
@ExtendWith(NoLeftoverProcesses.class)
class DuringStartTest {
  @TempDir Path dir;
  private Ovrseer ovrseer;
  private final List<String> spawns = new CopyOnWriteArrayList<>();
  private Path dbReady;

  @BeforeEach
  void create() {
    ovrseer =
        new Ovrseer(
            OvrseerOptions.builder().crashReporter(new CrashReporter(dir.resolve("r"))).build());
    ovrseer.on(ProcessSpawn.class, e -> spawns.add(e.name()));
    // Ready once the test creates the file: start() waits for it as long as the test wants.
    dbReady = dir.resolve("db-ready");
    ovrseer.addDependency(
        "db",
        steps("hang")
            .readyCheck(
                ReadyCheck.command(Duration.ofSeconds(60), "test", "-e", dbReady.toString()))
            .build());
  }

  @AfterEach
  void stop() {
    ovrseer.stop();
  }

  private static ProcessUnit api() {
    return steps("out", "api READY", "hang")
        .readyCheck(ReadyCheck.logPattern("READY", Duration.ofSeconds(20)))
        .build();
  }

  @Test
  void restartOfAMainProcessThatStartHasNotSpawnedYetIsRefusedAndStartStillSpawnsIt()
      throws Exception {
    ProcessUnit api = api();
    ovrseer.addMainProcess("api", api);
    CompletableFuture<Void> start = CompletableFuture.runAsync(ovrseer::start);
    await().atMost(Duration.ofSeconds(20)).until(() -> spawns.contains("db"));

    assertThatThrownBy(() -> ovrseer.restartProcess("api"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "main process \"api\" was not restarted: start() is under way and has yet to spawn it");
    createFile(dbReady);

    assertThat(start).succeedsWithin(Duration.ofSeconds(30));
    api.ready().get();
    assertThat(api.getState()).isEqualTo(ProcessState.READY);
    assertThat(spawns).containsExactly("db", "api");
    assertThat(ovrseer.getOptions().crashReporter().getReports()).isEmpty();
  }

  /**
   * stopProcess promises that the process stays down until restartProcess, restartAll() or the next
   * start(); for a main process start() had yet to spawn, it returned at once and start() spawned
   * the process a moment later. It now ends that start, as for a dependency start() waits for.
   */
  @Test
  void stopOfAMainProcessThatStartHasNotSpawnedYetEndsThatStartAndItIsNeverSpawned() {
    ProcessUnit api = api();
    ovrseer.addMainProcess("api", api);
    CompletableFuture<Void> start = CompletableFuture.runAsync(ovrseer::start);
    await().atMost(Duration.ofSeconds(20)).until(() -> spawns.contains("db"));

    ovrseer.stopProcess("api");
    createFile(dbReady);

    assertThat(start)
        .failsWithin(Duration.ofSeconds(30))
        .withThrowableOfType(java.util.concurrent.ExecutionException.class)
        .havingCause()
        .isInstanceOf(OvrseerStartException.class)
        .withMessage("Ovrseer could not start: main process \"api\" was stopped while starting");
    ovrseer.awaitEventsDelivered();
    assertThat(spawns).containsExactly("db");
    assertThat(api.isRunning()).isFalse();
  }

  /**
   * A process start() has already spawned is restarted as usual; a setup process still running used
   * to take the stop of the restart for a stop of the start: that start failed ("was stopped before
   * it finished") and stopped everything, the run restartProcess spawned included.
   */
  @Test
  void restartOfASetupProcessThatStartIsRunningLetsThatStartWaitForItsNewRun() throws Exception {
    createFile(dbReady);
    Path firstRun = dir.resolve("init-ran");
    // The first run marks that it ran and hangs; the second exits 0.
    ovrseer.addSetupProcess(
        "init",
        ProcessUnit.builder(
                "sh",
                "-c",
                "if [ -e \"$1\" ]; then exit 0; fi; : > \"$1\"; exec sleep 600",
                "init",
                firstRun.toString())
            .build());
    ovrseer.addMainProcess("api", api());
    CompletableFuture<Void> start = CompletableFuture.runAsync(ovrseer::start);
    await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(firstRun));

    ovrseer.restartProcess("init");

    assertThat(start).succeedsWithin(Duration.ofSeconds(30));
    assertThat(ovrseer.getProcess("init").orElseThrow().getState())
        .isEqualTo(ProcessState.COMPLETED);
    assertThat(ovrseer.getProcess("api").orElseThrow().isRunning()).isTrue();
  }

  @Test
  void aListenerThatRestartsADependencyWaitingForItsDependsOnIsALifecycleErrorNotAFailedStart() {
    ProcessUnit cache =
        steps("out", "cache READY", "hang")
            .dependsOn("db")
            .readyCheck(ReadyCheck.logPattern("READY", Duration.ofSeconds(20)))
            .build();
    ovrseer.addDependency("cache", cache);
    List<LifecycleError> errors = new CopyOnWriteArrayList<>();
    ovrseer.on(LifecycleError.class, errors::add);
    ovrseer.on(
        ProcessSpawn.class,
        e -> {
          if (e.name().equals("db")) {
            ovrseer.restartProcess("cache");
          }
        });
    CompletableFuture<Void> start = CompletableFuture.runAsync(ovrseer::start);
    await().atMost(Duration.ofSeconds(20)).until(() -> !errors.isEmpty());

    createFile(dbReady);

    assertThat(start).succeedsWithin(Duration.ofSeconds(30));
    assertThat(cache.getState()).isEqualTo(ProcessState.READY);
    assertThat(spawns).containsExactly("db", "cache");
    assertThat(errors)
        .singleElement()
        .satisfies(
            error ->
                assertThat(error.error())
                    .hasRootCauseMessage(
                        "dependency \"cache\" was not restarted: start() is under way and has yet"
                            + " to spawn it"));
  }

  @Test
  void aProcessRemovedWhileStartIsSpawningItDoesNotOutliveStop() throws Exception {
    createFile(dbReady);
    GatedStart api = new GatedStart(steps("hang").build());
    ovrseer.addMainProcess("api", api);
    CompletableFuture<Void> start = CompletableFuture.runAsync(ovrseer::start);
    // start() found api registered and is about to spawn it.
    assertThat(api.entered.await(30, TimeUnit.SECONDS)).isTrue();
    Thread remover = new Thread(() -> ovrseer.removeMainProcess("api"), "remover");
    remover.start();
    // The removal either waits for that spawn, or (as before) was done without it.
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> !remover.isAlive() || remover.getState() == Thread.State.BLOCKED);

    api.release.countDown();

    remover.join();
    start.handle((ok, error) -> null).get(30, TimeUnit.SECONDS);
    ovrseer.stop();
    try {
      assertThat(api.isRunning()).as("api runs on, unregistered").isFalse();
      assertThat(ovrseer.getProcess("api")).isEmpty();
    } finally {
      api.kill();
    }
  }

  @Test
  void killDuringStartIsNamedInTheExceptionOfThatStart() throws Exception {
    CompletableFuture<Void> start = CompletableFuture.runAsync(ovrseer::start);
    await().atMost(Duration.ofSeconds(20)).until(() -> spawns.contains("db"));

    ovrseer.kill();

    assertThatThrownBy(() -> start.get(30, TimeUnit.SECONDS))
        .hasCauseInstanceOf(OvrseerStartException.class)
        .cause()
        .hasMessage("Ovrseer start was interrupted: kill() was called while starting");
  }

  /**
   * The start that restartAll() ended used to stop everything once it could, which, when the
   * restart's own start had begun by then, ended that one too ("stop() was called while starting",
   * nothing left running). A race: a few rounds, each of which could lose it.
   */
  @Test
  void restartAllDuringStartEndsThatStartAndStartsAgain() throws Exception {
    ovrseer.addMainProcess("api", api());
    for (int round = 0; round < 5; round++) {
      spawns.clear();
      CompletableFuture<Void> first = CompletableFuture.runAsync(ovrseer::start);
      await().atMost(Duration.ofSeconds(20)).until(() -> spawns.contains("db"));

      CompletableFuture<Void> restart = CompletableFuture.runAsync(ovrseer::restartAll);
      assertThatThrownBy(() -> first.get(30, TimeUnit.SECONDS))
          .hasCauseInstanceOf(OvrseerStartException.class)
          .hasMessageContaining("stop() was called while starting");
      createFile(dbReady);
      restart.get(30, TimeUnit.SECONDS);

      assertThat(ovrseer.isRunning()).as("round %d", round).isTrue();
      assertThat(ovrseer.getProcess("api").orElseThrow().isRunning()).isTrue();
      ovrseer.stop();
      Files.delete(dbReady);
    }
  }

  private static void createFile(Path path) {
    try {
      Files.createFile(path);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
