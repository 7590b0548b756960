package io.ovrseer;

import static io.ovrseer.fixtures.Fixtures.steps;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ovrseer.crash.CrashReporter;
import io.ovrseer.process.ProcessState;
import io.ovrseer.process.ProcessUnit;
import io.ovrseer.testing.NoLeftoverProcesses;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A unit whose start() takes long (a service that runs initdb first, a custom unit that waits) must
 * hold up only its own spawn: the queries the TUI and listeners make meanwhile answer at once, and
 * what the spawn took turns with (a start(), a kill()) still does.
 */
@ExtendWith(NoLeftoverProcesses.class)
class SlowSpawnTest {
  private static final Duration AT_ONCE = Duration.ofSeconds(5);

  @TempDir Path reports;
  private Ovrseer ovrseer;

  /**
   * Runs the calls made from other threads. Not the common ForkJoinPool, CompletableFuture's
   * default: with one worker on a 2-core machine (Java 25 uses it there too, where 17 made a thread
   * per task), a call blocked in the slow spawn leaves none for the queries.
   */
  private final ExecutorService background = Executors.newCachedThreadPool();

  private GatedStart gated;

  private Ovrseer ovrseer(Duration cleanupTimeout) {
    ovrseer =
        new Ovrseer(
            OvrseerOptions.builder()
                .retries(2)
                .retryDelay(Duration.ofMillis(10))
                .cleanupTimeout(cleanupTimeout)
                .crashReporter(new CrashReporter(reports))
                .build());
    return ovrseer;
  }

  @AfterEach
  void stop() {
    if (gated != null) {
      gated.release.countDown();
    }
    ovrseer.stop();
    background.shutdown();
  }

  /** Asks what a TUI asks while the spawn waits; each must answer without waiting for it. */
  private void assertQueriesAnswerAtOnce(String id) {
    assertThat(CompletableFuture.supplyAsync(ovrseer::getAllProcesses, background))
        .succeedsWithin(AT_ONCE)
        .satisfies(all -> assertThat(all).containsKey(id));
    assertThat(CompletableFuture.supplyAsync(() -> ovrseer.getProcess(id), background))
        .succeedsWithin(AT_ONCE);
    assertThat(CompletableFuture.supplyAsync(ovrseer::isRunning, background))
        .succeedsWithin(AT_ONCE);
    assertThat(CompletableFuture.supplyAsync(() -> ovrseer.getRetryCount(id), background))
        .succeedsWithin(AT_ONCE);
  }

  @Test
  void aSlowStartOfACrashRestartDoesNotHoldUpQueries() throws Exception {
    ovrseer(Duration.ofSeconds(5));
    gated = new GatedStart(steps("hang").build(), 1);
    ovrseer.addDependency("db", gated);
    ovrseer.start();
    ProcessHandle.of(gated.getPid().orElseThrow()).ifPresent(ProcessHandle::destroyForcibly);
    assertThat(gated.entered.await(30, TimeUnit.SECONDS)).isTrue();

    assertQueriesAnswerAtOnce("db");

    gated.release.countDown();
    assertThat(gated.left.await(30, TimeUnit.SECONDS)).isTrue();
    assertThat(gated.isRunning()).isTrue();
    assertThat(ovrseer.getRetryCount("db")).isEqualTo(1);
  }

  @Test
  void aSlowStartOfRestartProcessDoesNotHoldUpQueries() throws Exception {
    ovrseer(Duration.ofSeconds(5));
    gated = new GatedStart(steps("hang").build(), 1);
    ovrseer.addMainProcess("api", gated);
    ovrseer.start();
    long before = gated.getPid().orElseThrow();
    CompletableFuture<Void> restart =
        CompletableFuture.runAsync(() -> ovrseer.restartProcess("api"), background);
    assertThat(gated.entered.await(30, TimeUnit.SECONDS)).isTrue();

    assertQueriesAnswerAtOnce("api");

    gated.release.countDown();
    assertThat(restart).succeedsWithin(Duration.ofSeconds(30));
    assertThat(gated.getPid().orElseThrow()).isNotEqualTo(before);
    assertThat(gated.getState()).isEqualTo(ProcessState.READY);
  }

  @Test
  void aSlowStartOfACleanupProcessDoesNotHoldUpQueries() throws Exception {
    ovrseer(Duration.ofSeconds(30));
    gated = new GatedStart(steps("out", "flushed").build());
    ovrseer.addMainProcess("api", steps("hang").build());
    ovrseer.addCleanupProcess("flush", gated);
    ovrseer.start();
    CompletableFuture<Void> stop = CompletableFuture.runAsync(ovrseer::stop, background);
    assertThat(gated.entered.await(30, TimeUnit.SECONDS)).isTrue();

    assertQueriesAnswerAtOnce("flush");

    gated.release.countDown();
    assertThat(stop).succeedsWithin(Duration.ofSeconds(30));
    assertThat(gated.getState()).isEqualTo(ProcessState.COMPLETED);
    assertThat(gated.logger().getLogs()).containsExactly("flushed");
  }

  /**
   * A kill() that comes while a cleanup process is being spawned must still end it: the stop that
   * runs the cleanup phase returns at once instead of waiting out its cleanup timeout.
   */
  @Test
  void aKillDuringASlowCleanupSpawnKillsThatCleanupProcess() throws Exception {
    ovrseer(Duration.ofSeconds(60));
    ProcessUnit db = steps("hang").build();
    gated = new GatedStart(steps("hang").build());
    ovrseer.addDependency("db", db);
    ovrseer.addMainProcess("api", steps("hang").build());
    ovrseer.addCleanupProcess("flush", gated);
    ovrseer.start();
    CompletableFuture<Void> stop = CompletableFuture.runAsync(ovrseer::stop, background);
    assertThat(gated.entered.await(30, TimeUnit.SECONDS)).isTrue();
    CompletableFuture<Void> kill = CompletableFuture.runAsync(ovrseer::kill, background);
    // kill() has killed db (the stop leaves it to after the cleanup phase): it has begun.
    assertThat(db.exit()).succeedsWithin(Duration.ofSeconds(30));

    gated.release.countDown();

    assertThat(stop).succeedsWithin(Duration.ofSeconds(30));
    assertThat(kill).succeedsWithin(Duration.ofSeconds(30));
    assertThat(gated.isRunning()).isFalse();
  }

  /**
   * A start() that comes while restartProcess spawns a process of an idle orchestrator stops that
   * run and spawns the process in its turn, as for a run restartProcess had finished spawning.
   */
  @Test
  void aStartDuringASlowSpawnOfRestartProcessRunsTheProcessInItsTurn() throws Exception {
    ovrseer(Duration.ofSeconds(5));
    gated = new GatedStart(steps("hang").build(), 0);
    ovrseer.addMainProcess("api", gated);
    CompletableFuture<Void> restart =
        CompletableFuture.runAsync(() -> ovrseer.restartProcess("api"), background);
    assertThat(gated.entered.await(30, TimeUnit.SECONDS)).isTrue();
    CompletableFuture<Void> start = CompletableFuture.runAsync(ovrseer::start, background);

    gated.release.countDown();

    assertThat(restart).succeedsWithin(Duration.ofSeconds(30));
    assertThat(start).succeedsWithin(Duration.ofSeconds(30));
    assertThat(gated.isRunning()).isTrue();
    assertThat(ovrseer.isRunning()).isTrue();
    assertThat(ovrseer.getOptions().crashReporter().getReports()).isEmpty();
  }

  /**
   * A second start() while one runs fails at once with "already started": the wait for a spawn of
   * restartProcess under way (see start) is no reason to wait for the running start's own slow
   * spawn, which may take as long as the unit likes (a service running initdb).
   */
  @Test
  void aSecondStartDuringASlowSpawnOfTheFirstFailsAtOnce() throws Exception {
    ovrseer(Duration.ofSeconds(5));
    gated = new GatedStart(steps("hang").build());
    ovrseer.addDependency("db", gated);
    CompletableFuture<Void> first = CompletableFuture.runAsync(ovrseer::start, background);
    assertThat(gated.entered.await(30, TimeUnit.SECONDS)).isTrue();

    assertThat(CompletableFuture.runAsync(ovrseer::start, background))
        .failsWithin(AT_ONCE)
        .withThrowableOfType(ExecutionException.class)
        .havingCause()
        .isInstanceOf(IllegalStateException.class)
        .withMessageContaining("already started");

    gated.release.countDown();
    assertThat(first).succeedsWithin(Duration.ofSeconds(30));
    assertThat(gated.isRunning()).isTrue();
  }

  /**
   * A unit whose methods share its monitor, as a hand-written one's may: its start() tells its
   * state listeners (the orchestrator's) holding it. The orchestrator, told of a run the unit's own
   * restart() began, takes its own monitor: no thread may hold that one while it asks the unit.
   */
  @Test
  void aUnitWhoseOwnRestartTellsItsStateUnderItsLockDoesNotDeadlockWithAQuery() throws Exception {
    ovrseer(Duration.ofSeconds(5));
    MonitorUnit db = new MonitorUnit(steps("hang").build());
    ovrseer.addDependency("db", db);
    ovrseer.start();
    db.holdStarts = true;
    CompletableFuture<Void> restart = CompletableFuture.runAsync(db::restart, background);
    assertThat(db.entered.await(30, TimeUnit.SECONDS)).isTrue();
    Thread query = new Thread(ovrseer::awaitEventsDelivered, "query");
    query.start();
    await().atMost(Duration.ofSeconds(30)).until(() -> query.getState() == Thread.State.BLOCKED);

    db.release.countDown();

    assertThat(restart).succeedsWithin(Duration.ofSeconds(10));
    query.join(Duration.ofSeconds(10).toMillis());
    assertThat(query.isAlive()).isFalse();
    assertThat(db.isRunning()).isTrue();
  }

  /** Wraps a unit; every method holds this one's monitor, and a held start() waits in it. */
  private static final class MonitorUnit implements ProcessUnit {
    final java.util.concurrent.CountDownLatch entered = new java.util.concurrent.CountDownLatch(1);
    final java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    volatile boolean holdStarts;
    private final ProcessUnit unit;

    MonitorUnit(ProcessUnit unit) {
      this.unit = unit;
    }

    @Override
    public synchronized void start() {
      if (holdStarts) {
        entered.countDown();
        try {
          release.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      unit.start();
    }

    @Override
    public synchronized String command() {
      return unit.command();
    }

    @Override
    public synchronized java.util.List<String> args() {
      return unit.args();
    }

    @Override
    public synchronized io.ovrseer.log.ProcessLogger logger() {
      return unit.logger();
    }

    @Override
    public synchronized ProcessState getState() {
      return unit.getState();
    }

    @Override
    public synchronized java.util.OptionalLong getPid() {
      return unit.getPid();
    }

    @Override
    public synchronized boolean isRunning() {
      return unit.isRunning();
    }

    @Override
    public synchronized CompletableFuture<Void> ready() {
      return unit.ready();
    }

    @Override
    public synchronized CompletableFuture<io.ovrseer.process.ExitStatus> exit() {
      return unit.exit();
    }

    @Override
    public void stop() {
      unit.stop();
    }

    @Override
    public void stop(Duration timeout) {
      unit.stop(timeout);
    }

    @Override
    public void kill() {
      unit.kill();
    }

    @Override
    public void restart() {
      stop();
      start();
    }

    @Override
    public void sendStdin(String line) {
      unit.sendStdin(line);
    }

    @Override
    public void addStateListener(java.util.function.Consumer<ProcessState> listener) {
      unit.addStateListener(listener);
    }

    @Override
    public void removeStateListener(java.util.function.Consumer<ProcessState> listener) {
      unit.removeStateListener(listener);
    }
  }
}
