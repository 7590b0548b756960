package io.ovrseer;

import static io.ovrseer.fixtures.Fixtures.steps;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.ovrseer.crash.CrashReporter;
import io.ovrseer.event.ProcessLog;
import io.ovrseer.event.ProcessRestart;
import io.ovrseer.process.ProcessSpawnException;
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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(NoLeftoverProcesses.class)
class RestartProcessTest {
  @TempDir Path reports;
  private Ovrseer ovrseer;
  private ProcessUnit db;
  private ProcessUnit api;

  @BeforeEach
  void start() {
    ovrseer =
        new Ovrseer(OvrseerOptions.builder().crashReporter(new CrashReporter(reports)).build());
    db =
        steps("out", "db READY", "hang")
            .readyCheck(ReadyCheck.logPattern("READY", Duration.ofSeconds(20)))
            .build();
    api =
        steps("out", "api READY", "hang")
            .readyCheck(ReadyCheck.logPattern("READY", Duration.ofSeconds(20)))
            .build();
    ovrseer.addDependency("db", db);
    ovrseer.addMainProcess("api", api);
    ovrseer.start();
    api.ready().join();
  }

  @AfterEach
  void stop() {
    ovrseer.stop();
  }

  @Test
  void restartProcessGivesANewPidTheSameLoggerAndReadiness() {
    long before = api.getPid().orElseThrow();
    var logger = api.logger();

    ovrseer.restartProcess("api");

    assertThat(api.getPid().orElseThrow()).isNotEqualTo(before);
    assertThat(api.logger()).isSameAs(logger);
    assertThat(api.getState()).isEqualTo(ProcessState.READY);
    assertThat(logger.getLogs()).containsExactly("api READY", "api READY");
    assertThat(ProcessHandle.of(before).map(ProcessHandle::isAlive))
        .isNotEqualTo(java.util.Optional.of(true));
  }

  @Test
  void aProcessRestartedBeforeStartIsRunAgainByStart() {
    // start() found it running and failed: "could not be spawned: ... is already running".
    Ovrseer idle =
        new Ovrseer(OvrseerOptions.builder().crashReporter(new CrashReporter(reports)).build());
    ProcessUnit web =
        steps("out", "web READY", "hang")
            .readyCheck(ReadyCheck.logPattern("READY", Duration.ofSeconds(20)))
            .build();
    idle.addMainProcess("web", web);
    try {
      idle.restartProcess("web");
      long before = web.getPid().orElseThrow();

      idle.start();
      web.ready().join();

      assertThat(web.getState()).isEqualTo(ProcessState.READY);
      assertThat(web.getPid().orElseThrow()).isNotEqualTo(before);
    } finally {
      idle.stop();
    }
  }

  /**
   * start() stopped the processes restartProcess had run, then began: a restartProcess in between
   * ran its process again, and start() found it running ("could not be spawned: ... is already
   * running", a SPAWN_FAILED report, everything stopped).
   */
  @Test
  void aProcessRestartedWhileStartStopsTheEarlierOnesIsStoppedAndRunByStartToo() throws Exception {
    Ovrseer idle =
        new Ovrseer(OvrseerOptions.builder().crashReporter(new CrashReporter(reports)).build());
    GatedStart worker = new GatedStart(steps("hang").build(), Integer.MAX_VALUE);
    ProcessUnit web = steps("hang").build();
    idle.addDependency("worker", worker);
    idle.addMainProcess("web", web);
    try {
      idle.restartProcess("worker");
      worker.gateStops = true;
      CompletableFuture<Void> start = CompletableFuture.runAsync(idle::start);
      // start() is stopping worker, the process restartProcess ran.
      assertThat(worker.stopped.await(30, TimeUnit.SECONDS)).isTrue();

      idle.restartProcess("web");
      long before = web.getPid().orElseThrow();
      worker.releaseStop.countDown();

      assertThat(start).succeedsWithin(Duration.ofSeconds(30));
      assertThat(web.isRunning()).isTrue();
      assertThat(web.getPid().orElseThrow()).isNotEqualTo(before);
      assertThat(idle.getOptions().crashReporter().getReports()).isEmpty();
    } finally {
      worker.releaseStop.countDown();
      idle.stop();
    }
  }

  @Test
  void aRestartWhoseSpawnFailsThrowsWhyAndWritesNoCrashReport(@TempDir Path work) throws Exception {
    Path dir = Files.createDirectory(work.resolve("api-home"));
    ProcessUnit inDir =
        steps("out", "api2 READY", "hang")
            .workingDirectory(dir)
            .readyCheck(ReadyCheck.logPattern("READY", Duration.ofSeconds(20)))
            .build();
    ovrseer.addMainProcess("api2", inDir);
    ovrseer.restartProcess("api2");
    Files.delete(dir);

    assertThatThrownBy(() -> ovrseer.restartProcess("api2"))
        .isInstanceOf(ProcessSpawnException.class)
        .hasMessageContaining("working directory " + dir + " does not exist");
    assertThat(inDir.isRunning()).isFalse();
    assertThat(CrashReporter.readReports(reports)).isEmpty();
  }

  @Test
  void twoRestartsOfOneProcessAtOnceTakeTurnsAndBothSucceed() throws Exception {
    CountDownLatch go = new CountDownLatch(1);
    Runnable restart =
        () -> {
          try {
            go.await();
          } catch (InterruptedException e) {
            throw new IllegalStateException(e);
          }
          ovrseer.restartProcess("api");
        };
    CompletableFuture<Void> first = CompletableFuture.runAsync(restart);
    CompletableFuture<Void> second = CompletableFuture.runAsync(restart);

    go.countDown();

    first.get(60, TimeUnit.SECONDS);
    second.get(60, TimeUnit.SECONDS);
    assertThat(api.getState()).isEqualTo(ProcessState.READY);
    assertThat(ovrseer.getOptions().crashReporter().getReports()).isEmpty();
  }

  @Test
  void restartProcessWithATypeRestartsOnlyInThatGroup() {
    long dbBefore = db.getPid().orElseThrow();
    long apiBefore = api.getPid().orElseThrow();

    ovrseer.restartProcess("db", ProcessType.DEPENDENCY);

    assertThat(db.getPid().orElseThrow()).isNotEqualTo(dbBefore);
    assertThat(api.getPid()).hasValue(apiBefore);
    assertThat(db.getState()).isEqualTo(ProcessState.READY);
  }

  /**
   * process:restart tells the retries the process has after a crash, as its crash reports do: none
   * for setup and cleanup processes, which are never restarted automatically.
   */
  @Test
  void restartProcessTellsNoRetriesForSetupAndCleanupProcesses() {
    List<ProcessRestart> restarts = new CopyOnWriteArrayList<>();
    ovrseer.on(ProcessRestart.class, restarts::add);
    ovrseer.addSetupProcess("migrate", steps("out", "migrated").build());
    ovrseer.addCleanupProcess("flush", steps("out", "flushed").build());

    ovrseer.restartProcess("migrate");
    ovrseer.restartProcess("flush");
    ovrseer.restartProcess("db");
    ovrseer.awaitEventsDelivered();

    assertThat(restarts)
        .extracting(r -> r.name() + " " + r.retryCount() + " of " + r.maxRetries())
        .containsExactly(
            "migrate 0 of 0", "flush 0 of 0", "db 0 of " + OvrseerOptions.DEFAULT_RETRIES);
  }

  @Test
  void stopAlsoStopsProcessesRestartedWhileTheOrchestratorWasNotStarted() {
    ovrseer.stop();
    ovrseer.restartProcess("api");
    assertThat(api.isRunning()).isTrue();

    ovrseer.stop();

    assertThat(api.isRunning()).isFalse();
  }

  @Test
  void aRestartThatAStopOvertakesDoesNotStartTheProcessAgain() throws Exception {
    ovrseer.stop();
    // The restart's own stop of the process is held until the orchestrator's stop has returned.
    CountDownLatch restartStopping = new CountDownLatch(1);
    CountDownLatch orchestratorStopped = new CountDownLatch(1);
    AtomicBoolean first = new AtomicBoolean(true);
    ProcessUnit held =
        org.mockito.Mockito.spy(
            steps("out", "READY", "hang")
                .readyCheck(ReadyCheck.logPattern("READY", Duration.ofSeconds(20)))
                .build());
    org.mockito.Mockito.doAnswer(
            call -> {
              if (first.getAndSet(false)) {
                restartStopping.countDown();
                orchestratorStopped.await(20, TimeUnit.SECONDS);
              }
              return call.callRealMethod();
            })
        .when(held)
        .stop();
    ovrseer =
        new Ovrseer(OvrseerOptions.builder().crashReporter(new CrashReporter(reports)).build());
    ovrseer.addMainProcess("api", held);
    ovrseer.start();
    CompletableFuture<Void> restart =
        CompletableFuture.runAsync(() -> ovrseer.restartProcess("api"));
    assertThat(restartStopping.await(20, TimeUnit.SECONDS)).isTrue();

    ovrseer.stop();
    orchestratorStopped.countDown();

    assertThatThrownBy(restart::join)
        .hasCauseInstanceOf(IllegalStateException.class)
        .hasMessageContaining(
            "process \"api\" was not started again: Ovrseer was stopped meanwhile");
    assertThat(held.isRunning()).isFalse();
  }

  @Test
  void unknownIdsAreRejected() {
    assertThatThrownBy(() -> ovrseer.restartProcess("apy"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("\"apy\"")
        .hasMessageContaining("[db, api]");
    assertThatThrownBy(() -> ovrseer.restartProcess("api", ProcessType.DEPENDENCY))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("dependency");
  }

  @Test
  void aRemovedProcessCannotBeRestartedAndIsStopped() {
    long pid = api.getPid().orElseThrow();

    ovrseer.removeMainProcess("api");

    assertThat(api.isRunning()).isFalse();
    assertThat(ovrseer.getProcess("api")).isEmpty();
    assertThatThrownBy(() -> ovrseer.restartProcess("api"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(io.ovrseer.internal.ProcessTree.isDead(pid)).isTrue();
  }

  @Test
  void aListenerRestartsAProcessWhileItsFloodFillsTheEventQueue() throws Exception {
    ProcessUnit flooding =
        steps("out", "flood READY", "flood", "100000", "hang")
            .readyCheck(ReadyCheck.logPattern("READY", Duration.ofSeconds(20)))
            .build();
    CompletableFuture<ProcessState> afterRestart = new CompletableFuture<>();
    AtomicBoolean first = new AtomicBoolean(true);
    ovrseer.on(
        ProcessLog.class,
        event -> {
          if (event.name().equals("flooding") && first.getAndSet(false)) {
            // Held until the queue is full (65,536 log events) and the reader waits for room.
            await().until(() -> flooding.logger().getLineCount() > 65_536);
            try {
              ovrseer.restartProcess("flooding");
              afterRestart.complete(flooding.getState());
            } catch (RuntimeException e) {
              afterRestart.completeExceptionally(e);
            }
          }
        });
    ovrseer.addMainProcess("flooding", flooding);
    ovrseer.restartProcess("flooding");

    // Before, the new run's READY line waited behind the listener, until its check timed out.
    assertThat(afterRestart.get(60, TimeUnit.SECONDS)).isEqualTo(ProcessState.READY);
    assertThat(reports).isEmptyDirectory();
  }
}
