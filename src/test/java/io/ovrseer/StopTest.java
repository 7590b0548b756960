package io.ovrseer;

import static io.ovrseer.fixtures.Fixtures.steps;
import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.ovrseer.crash.CrashReporter;
import io.ovrseer.event.OvrseerEvent;
import io.ovrseer.event.ProcessSpawn;
import io.ovrseer.internal.ProcessTree;
import io.ovrseer.process.ExitStatus;
import io.ovrseer.process.ProcessState;
import io.ovrseer.process.ProcessUnit;
import io.ovrseer.process.ReadyCheck;
import io.ovrseer.testing.Backends;
import io.ovrseer.testing.NoLeftoverProcesses;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@ExtendWith(NoLeftoverProcesses.class)
class StopTest {
  @TempDir Path reports;

  private Ovrseer ovrseer() {
    return new Ovrseer(OvrseerOptions.builder().crashReporter(new CrashReporter(reports)).build());
  }

  /** A process that ignores SIGTERM, ready once it printed READY. */
  private static ProcessUnit ignoringSigterm(Duration stopTimeout) {
    return steps("ignore-term", "out", "READY", "hang")
        .stopTimeout(stopTimeout)
        .readyCheck(ReadyCheck.logPattern("READY", Duration.ofSeconds(20)))
        .build();
  }

  @Test
  void aProcessThatIgnoresSigtermIsKilledAfterItsStopTimeout() {
    ProcessUnit stubborn = ignoringSigterm(Duration.ofMillis(500));
    stubborn.start();
    stubborn.ready().join();
    long pid = stubborn.getPid().orElseThrow();
    long began = System.nanoTime();

    stubborn.stop();

    assertThat(Duration.ofNanos(System.nanoTime() - began))
        .isGreaterThanOrEqualTo(Duration.ofMillis(500));
    assertThat(ProcessTree.isDead(pid)).isTrue();
    assertThat(stubborn.getState()).isEqualTo(ProcessState.STOPPED);
    assertThat(stubborn.exit().join()).isEqualTo(new ExitStatus(null, "SIGKILL"));
  }

  @Test
  void stoppingAShellStopsEveryProcessItStarted() {
    ProcessUnit shell =
        ProcessUnit.builder(
                "sh", "-c", "sleep 1000 & sleep 1000 & setsid sleep 1000 & echo started; wait")
            .readyCheck(ReadyCheck.logPattern("started", Duration.ofSeconds(10)))
            .build();
    shell.start();
    shell.ready().join();
    long shellPid = shell.getPid().orElseThrow();
    await().until(() -> ProcessHandle.of(shellPid).orElseThrow().children().count() == 3);
    List<Long> sleeps =
        ProcessHandle.of(shellPid).orElseThrow().descendants().map(ProcessHandle::pid).toList();

    shell.stop();

    assertThat(sleeps).hasSize(3).allSatisfy(pid -> assertThat(ProcessTree.isDead(pid)).isTrue());
    assertThat(ProcessTree.isDead(shellPid)).isTrue();
  }

  @Test
  void stoppingReachesADaemonThatCalledSetsidAndWhoseParentExited() {
    Backends.assumeLinux("a daemon in a session of its own is found by its mark");
    // The classic daemon: forked by a subshell that exits at once, leading a session of its own.
    ProcessUnit shell =
        ProcessUnit.builder(
                "sh", "-c", "(setsid sh -c 'echo daemon $$; exec sleep 1000' &); exec sleep 1000")
            .readyCheck(ReadyCheck.logPattern("daemon [0-9]+", Duration.ofSeconds(10)))
            .build();
    shell.start();
    shell.ready().join();
    long daemon = Long.parseLong(shell.logger().getLogs().get(0).substring("daemon ".length()));
    ProcessHandle root = ProcessHandle.of(shell.getPid().orElseThrow()).orElseThrow();
    // Settled: re-parented, and done with its exec (during an exec its environment reads empty).
    await()
        .until(
            () ->
                root.descendants().noneMatch(p -> p.pid() == daemon)
                    && ProcessHandle.of(daemon)
                        .flatMap(p -> p.info().commandLine())
                        .orElse("")
                        .contains("sleep"));

    shell.stop();

    assertThat(ProcessTree.isDead(daemon)).as("the daemon %d", daemon).isTrue();
  }

  @ParameterizedTest(name = "exit {0}")
  @ValueSource(ints = {0, 3})
  void stoppingAProcessThatExitedEndsWhatItLeftAsTheStopFindsIt(int exitCode) throws Exception {
    Backends.assumeLinux("a child that outlived its parent is found in its session by its mark");
    Path settled = reports.resolve("settled");
    Path go = reports.resolve("go");
    // The daemon carries no mark as its parent exits (and, after exit 3, as the crash's kill
    // looks),
    // as one caught in the middle of its exec then reads (an empty environment), and carries it
    // again by the time of the stop. Its parent exits once it runs without the mark.
    ProcessUnit shell =
        ProcessUnit.builder(
                "sh",
                "-c",
                "env -u OVRSEER_TREE sh -c ': > \"$0\"; until [ -e \"$1\" ]; do sleep 0.01; done;"
                    + " OVRSEER_TREE=$2 exec sleep 600' \"$0\" \"$1\" \"$OVRSEER_TREE\""
                    + " </dev/null >/dev/null 2>&1 &"
                    + " until [ -e \"$0\" ]; do sleep 0.01; done; echo daemon $!; exit $2",
                settled.toString(),
                go.toString(),
                String.valueOf(exitCode))
            .build();
    shell.start();
    assertThat(shell.exit().get(10, TimeUnit.SECONDS).exitCode()).isEqualTo(exitCode);
    long daemon = Long.parseLong(shell.logger().getLogs().get(0).substring("daemon ".length()));
    try {
      Files.createFile(go);
      await()
          .until(
              () ->
                  Files.readString(Path.of("/proc/" + daemon + "/environ"), ISO_8859_1)
                      .contains("OVRSEER_TREE="));

      shell.stop();

      assertThat(ProcessTree.isDead(daemon)).as("the daemon %d", daemon).isTrue();
    } finally {
      ProcessHandle.of(daemon).ifPresent(ProcessHandle::destroyForcibly);
    }
  }

  @Test
  void stopAllStopsSeveralTreesTogetherEachWithItsOwnTimeout() {
    ProcessUnit stubborn = ignoringSigterm(Duration.ofMillis(700));
    ProcessUnit shell =
        ProcessUnit.builder("sh", "-c", "sleep 1000 & setsid sleep 1000 & echo started; wait")
            .readyCheck(ReadyCheck.logPattern("started", Duration.ofSeconds(10)))
            .build();
    ProcessUnit other = org.mockito.Mockito.mock(ProcessUnit.class);
    List<ProcessUnit> units = List.of(stubborn, shell, other);
    stubborn.start();
    shell.start();
    stubborn.ready().join();
    shell.ready().join();
    long shellPid = shell.getPid().orElseThrow();
    await().until(() -> ProcessHandle.of(shellPid).orElseThrow().children().count() == 2);
    List<Long> sleeps =
        ProcessHandle.of(shellPid).orElseThrow().descendants().map(ProcessHandle::pid).toList();
    long began = System.nanoTime();

    ProcessUnit.stopAll(units);

    assertThat(Duration.ofNanos(System.nanoTime() - began))
        .isGreaterThanOrEqualTo(Duration.ofMillis(700));
    assertThat(stubborn.exit().join()).isEqualTo(new ExitStatus(null, "SIGKILL"));
    assertThat(shell.exit().join()).isEqualTo(new ExitStatus(null, "SIGTERM"));
    assertThat(sleeps).hasSize(2).allMatch(ProcessTree::isDead);
    assertThat(stubborn.getState()).isEqualTo(ProcessState.STOPPED);
    assertThat(shell.getState()).isEqualTo(ProcessState.STOPPED);
    org.mockito.Mockito.verify(other).stop();
  }

  @Test
  void anOrderedStopStopsEachPhaseOnTheCallingThreadWithoutAHandOff() {
    // Each phase of stop() used to hand its batch to the shared pool and wait for it: a wake-up of
    // another thread per phase (up to milliseconds on a busy machine), for nothing run meanwhile.
    Ovrseer ovrseer = ovrseer();
    ProcessUnit db = steps("out", "READY", "hang").build();
    ProcessUnit api = steps("out", "READY", "hang").build();
    ovrseer.addDependency("db", db);
    ovrseer.addMainProcess("api", api);
    List<String> stoppingOn = new CopyOnWriteArrayList<>();
    for (ProcessUnit unit : List.of(db, api)) {
      unit.addStateListener(
          state -> {
            if (state == ProcessState.STOPPING) {
              stoppingOn.add(Thread.currentThread().getName());
            }
          });
    }
    ovrseer.start();

    ovrseer.stop();

    assertThat(stoppingOn)
        .containsExactly(Thread.currentThread().getName(), Thread.currentThread().getName());
    assertThat(db.getState()).isEqualTo(ProcessState.STOPPED);
    assertThat(api.getState()).isEqualTo(ProcessState.STOPPED);
  }

  @Test
  void stopIsIdempotentAndSafeFromTwoThreadsAtOnce() throws Exception {
    Ovrseer ovrseer = ovrseer();
    ovrseer.addDependency("db", steps("out", "READY", "hang").build());
    ovrseer.addMainProcess("api", steps("hang").build());
    ovrseer.start();
    CyclicBarrier together = new CyclicBarrier(2);
    Runnable stopper =
        () -> {
          try {
            together.await();
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
          ovrseer.stop();
        };

    CompletableFuture<Void> first = CompletableFuture.runAsync(stopper);
    CompletableFuture<Void> second = CompletableFuture.runAsync(stopper);
    CompletableFuture.allOf(first, second).get();
    ovrseer.stop();

    assertThat(ovrseer.getAllProcesses().values())
        .allSatisfy(p -> assertThat(p.process().isRunning()).isFalse());
    assertThat(ovrseer.getProcess("api").orElseThrow().getState()).isEqualTo(ProcessState.STOPPED);
  }

  @Test
  void stopDuringStartInterruptsItAndLeavesNothingRunning() {
    Ovrseer ovrseer = ovrseer();
    List<String> spawns = new CopyOnWriteArrayList<>();
    ovrseer.on(ProcessSpawn.class, e -> spawns.add(e.name()));
    ovrseer.addDependency(
        "slow-db",
        steps("sleep", "30000", "out", "READY", "hang")
            .readyCheck(ReadyCheck.logPattern("READY", Duration.ofSeconds(60)))
            .build());
    ovrseer.addMainProcess("api", steps("hang").build());
    CompletableFuture<Void> starting = CompletableFuture.runAsync(ovrseer::start);
    await().until(() -> spawns.contains("slow-db"));

    ovrseer.stop();

    assertThatThrownBy(starting::join)
        .hasCauseInstanceOf(OvrseerStartException.class)
        .hasMessageContaining("stop() was called while starting");
    assertThat(spawns).containsExactly("slow-db");
    assertThat(ovrseer.getProcess("slow-db").orElseThrow().isRunning()).isFalse();
  }

  @Test
  void anInterruptWhileStartWaitsEndsTheStartAndLeavesNothingRunning() throws Exception {
    Ovrseer ovrseer = ovrseer();
    List<String> spawns = new CopyOnWriteArrayList<>();
    ovrseer.on(ProcessSpawn.class, e -> spawns.add(e.name()));
    ovrseer.addDependency(
        "never-ready",
        steps("hang").readyCheck(ReadyCheck.logPattern("READY", Duration.ofSeconds(60))).build());
    ovrseer.addMainProcess("api", steps("hang").build());
    CompletableFuture<Throwable> thrown = new CompletableFuture<>();
    CompletableFuture<Boolean> stillInterrupted = new CompletableFuture<>();
    Thread starter =
        new Thread(
            () -> {
              try {
                ovrseer.start();
                thrown.complete(null);
              } catch (Throwable e) {
                thrown.complete(e);
              }
              stillInterrupted.complete(Thread.currentThread().isInterrupted());
            },
            "starter");
    starter.start();
    await().until(() -> spawns.contains("never-ready"));

    starter.interrupt();

    assertThat(thrown.get(30, TimeUnit.SECONDS))
        .isInstanceOf(OvrseerStartException.class)
        .hasMessageContaining("the thread waiting in start() was interrupted");
    assertThat(stillInterrupted.get(30, TimeUnit.SECONDS)).isTrue();
    starter.join();
    assertThat(spawns).containsExactly("never-ready");
    assertThat(ovrseer.getProcess("never-ready").orElseThrow().isRunning()).isFalse();
  }

  @Test
  void killDuringAStopThatWaitsOutStopTimeoutsEndsItWithoutTheCleanupPhase() {
    Ovrseer ovrseer = ovrseer();
    List<String> events = new CopyOnWriteArrayList<>();
    ovrseer.on(OvrseerEvent.class, e -> events.add(e.eventName()));
    ProcessUnit db = ignoringSigterm(Duration.ofMinutes(10));
    ProcessUnit api = ignoringSigterm(Duration.ofMinutes(10));
    ovrseer.addDependency("db", db);
    ovrseer.addMainProcess("api", api);
    ovrseer.addCleanupProcess("backup", steps("out", "backup done").build());
    ovrseer.start();
    api.ready().join(); // SIGTERM is ignored from then on
    CompletableFuture<Void> stop = CompletableFuture.runAsync(ovrseer::stop);
    await().atMost(Duration.ofSeconds(20)).until(() -> api.getState() == ProcessState.STOPPING);

    ovrseer.kill();

    assertThat(stop).succeedsWithin(Duration.ofSeconds(30));
    assertThat(api.exit().join()).isEqualTo(new ExitStatus(null, "SIGKILL"));
    assertThat(db.exit().join()).isEqualTo(new ExitStatus(null, "SIGKILL"));
    assertThat(List.of(api.getState(), db.getState())).containsOnly(ProcessState.STOPPED);
    assertThat(ovrseer.getProcess("backup").orElseThrow().getState())
        .as("never spawned")
        .isEqualTo(ProcessState.CREATED);
    assertThat(events).doesNotContain("lifecycle:cleanup-started", "process:crash");
    assertThat(ovrseer.isRunning()).isFalse();
  }

  @Test
  void killWhileRunningStopsEverythingAndTheNextStartStopsGracefullyAgain() {
    Ovrseer ovrseer = ovrseer();
    ProcessUnit api =
        steps("out", "READY", "hang")
            .readyCheck(ReadyCheck.logPattern("READY", Duration.ofSeconds(20)))
            .build();
    ovrseer.addMainProcess("api", api);
    ovrseer.addCleanupProcess("backup", steps("out", "backup done").build());
    ovrseer.start();

    ovrseer.kill();

    assertThat(api.exit().join()).isEqualTo(new ExitStatus(null, "SIGKILL"));
    assertThat(ovrseer.getProcess("backup").orElseThrow().getState())
        .isEqualTo(ProcessState.CREATED);
    assertThat(ovrseer.isRunning()).isFalse();

    ovrseer.start();
    ovrseer.stop();

    assertThat(api.exit().join()).isEqualTo(new ExitStatus(null, "SIGTERM"));
    assertThat(ovrseer.getProcess("backup").orElseThrow().getState())
        .isEqualTo(ProcessState.COMPLETED);
  }

  @Test
  void stopBeforeStartDoesNothing() {
    Ovrseer ovrseer = ovrseer();
    ovrseer.addMainProcess("api", steps("hang").build());

    ovrseer.stop();

    assertThat(ovrseer.getProcess("api").orElseThrow().getState()).isEqualTo(ProcessState.CREATED);
  }

  @Test
  void startTwiceIsRejected() {
    Ovrseer ovrseer = ovrseer();
    ovrseer.addMainProcess("api", steps("hang").build());
    ovrseer.start();
    try {
      assertThatThrownBy(ovrseer::start)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("already started");
    } finally {
      ovrseer.stop();
    }
  }
}
