package io.ovrseer;

import static io.ovrseer.fixtures.Fixtures.steps;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.ovrseer.crash.CrashReport;
import io.ovrseer.crash.CrashReporter;
import io.ovrseer.crash.CrashType;
import io.ovrseer.event.ProcessCrash;
import io.ovrseer.event.ProcessExit;
import io.ovrseer.event.ProcessLog;
import io.ovrseer.event.ProcessRestart;
import io.ovrseer.event.ProcessSpawn;
import io.ovrseer.process.ProcessState;
import io.ovrseer.process.ProcessUnit;
import io.ovrseer.process.ReadyCheck;
import io.ovrseer.testing.NoLeftoverProcesses;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(NoLeftoverProcesses.class)
class CrashRecoveryTest {
  @TempDir Path reports;
  private Ovrseer ovrseer;

  private Ovrseer ovrseer(int retries, Duration retryDelay) {
    ovrseer =
        new Ovrseer(
            OvrseerOptions.builder()
                .retries(retries)
                .retryDelay(retryDelay)
                .crashReporter(new CrashReporter(reports))
                .build());
    return ovrseer;
  }

  @AfterEach
  void stop() {
    ovrseer.stop();
  }

  @Test
  void aRunStartedByTheUnitsOwnRestartIsSupervisedToo() {
    ovrseer(1, Duration.ofMillis(100));
    List<String> events = new CopyOnWriteArrayList<>();
    ovrseer.on(ProcessSpawn.class, e -> events.add("spawn " + e.name() + " " + e.pid()));
    ovrseer.on(ProcessCrash.class, e -> events.add("crash " + e.name()));
    ProcessUnit db =
        ProcessUnit.builder("sh", "-c", "echo up; exec sleep 600")
            .readyCheck(ReadyCheck.logPattern("up", Duration.ofSeconds(30)))
            .build();
    ovrseer.addDependency("db", db);
    ovrseer.start();

    // As a test would, on the handle it was given.
    db.restart();
    db.ready().join();
    long restartedPid = db.getPid().orElseThrow();
    ProcessHandle.of(restartedPid).ifPresent(ProcessHandle::destroyForcibly);

    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> db.getState() == ProcessState.READY && db.getPid().orElseThrow() != restartedPid);
    ovrseer.awaitEventsDelivered();
    assertThat(events).containsSubsequence("spawn db " + restartedPid, "crash db");
  }

  @Test
  void aRunTheUnitStartsWhileACrashRestartIsSpawningItIsSupervisedAndNoSpawnFailure()
      throws Exception {
    ovrseer(3, Duration.ofMillis(10));
    List<CrashReport> crashes = new CopyOnWriteArrayList<>();
    ovrseer.on(ProcessCrash.class, e -> crashes.add(e.report()));
    List<Long> spawned = new CopyOnWriteArrayList<>();
    ovrseer.on(ProcessSpawn.class, e -> spawned.add(e.pid()));
    // Its first start (by start()) goes through; the crash restart's waits, as a service's does
    // while it prepares its files.
    GatedStart db =
        new GatedStart(
            ProcessUnit.builder("sh", "-c", "echo up; exec sleep 600")
                .readyCheck(ReadyCheck.logPattern("up", Duration.ofSeconds(30)))
                .build(),
            1);
    ovrseer.addDependency("db", db);
    ovrseer.start();
    ProcessHandle.of(db.getPid().orElseThrow()).ifPresent(ProcessHandle::destroyForcibly);
    assertThat(db.entered.await(30, TimeUnit.SECONDS)).isTrue();

    // The test's own restart, while the crash restart is spawning db.
    db.restart();
    db.release.countDown();
    db.ready().join();
    long restartedPid = db.getPid().orElseThrow();
    assertThat(db.left.await(30, TimeUnit.SECONDS)).isTrue();
    ProcessHandle.of(restartedPid).ifPresent(ProcessHandle::destroyForcibly);

    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> db.getState() == ProcessState.READY && db.getPid().orElseThrow() != restartedPid);
    ovrseer.awaitEventsDelivered();
    assertThat(spawned).contains(restartedPid);
    // The crash restart that found db started by the test is no spawn failure, and used no retry.
    assertThat(crashes)
        .extracting(CrashReport::message)
        .containsExactly(
            "dependency \"db\" exited with signal SIGKILL; restarting in 10 ms (retry 1 of 3)",
            "dependency \"db\" exited with signal SIGKILL; restarting in 10 ms (retry 1 of 3)");
  }

  @Test
  void stopProcessDoesNotWaitForARunTheUnitsOwnRestartStartedAfterItsStop() throws Exception {
    ovrseer(3, Duration.ofMillis(100));
    GatedStart db = new GatedStart(ProcessUnit.builder("sleep", "600").build(), 1);
    ovrseer.addDependency("db", db);
    ovrseer.start();
    db.gateStops = true;
    CompletableFuture<Void> stopping = CompletableFuture.runAsync(() -> ovrseer.stopProcess("db"));
    assertThat(db.stopped.await(30, TimeUnit.SECONDS)).isTrue();

    // The test's own restart, once stopProcess has stopped db and before it returned.
    db.restart();
    db.releaseStop.countDown();

    // It waited for the exit it caused, not for the run started after it (for up to a minute).
    stopping.get(30, TimeUnit.SECONDS);
    assertThat(db.getState()).isEqualTo(ProcessState.READY);
  }

  @Test
  void aRestartByHandWhileACrashIsBeingReportedIsNotFollowedByTheAutomaticOne() throws Exception {
    // The crash's report is held on disk's way, so that the automatic restart is scheduled only
    // after restartProcess began.
    HeldReporter held = new HeldReporter(reports);
    ovrseer =
        new Ovrseer(
            OvrseerOptions.builder()
                .retries(3)
                .retryDelay(Duration.ofMillis(300))
                .crashReporter(held)
                .build());
    Path marker = reports.resolve("crashed-once");
    ProcessUnit api =
        ProcessUnit.builder(
                "sh",
                "-c",
                "if [ -f \"$0\" ]; then echo up; exec sleep 600; fi; touch \"$0\"; exit 3",
                marker.toString())
            .build();
    ovrseer.addMainProcess("api", api);
    ovrseer.start();
    assertThat(held.reporting.await(20, TimeUnit.SECONDS)).isTrue();

    CompletableFuture<Void> byHand =
        CompletableFuture.runAsync(() -> ovrseer.restartProcess("api"));
    held.release.countDown();
    byHand.get(30, TimeUnit.SECONDS);

    // Past the retry delay, the automatic restart would have found the process running.
    await()
        .during(Duration.ofMillis(900))
        .atMost(Duration.ofSeconds(5))
        .until(
            () ->
                held.getReports().stream().noneMatch(r -> r.type() == CrashType.SPAWN_FAILED)
                    && api.isRunning());
    assertThat(held.getReports()).extracting(CrashReport::type).containsExactly(CrashType.CRASH);
  }

  @Test
  void aCrashHandledWhileAStopRanIsNotRestartedByTheNextStart() throws Exception {
    // The crash's report is held until the stop has begun: its restart, decided before the stop,
    // would be scheduled after the stop cancelled the pending ones.
    HeldReporter held = new HeldReporter(reports);
    ovrseer =
        new Ovrseer(
            OvrseerOptions.builder()
                .retries(3)
                .retryDelay(Duration.ofMillis(1500))
                .crashReporter(held)
                .build());
    Path second = reports.resolve("second-start");
    Path go = reports.resolve("go");
    // In the second start, db is ready only once the test lets it: api must wait until then.
    ovrseer.addDependency(
        "db",
        ProcessUnit.builder(
                "sh",
                "-c",
                "if [ -f \"$0\" ]; then while [ ! -f \"$1\" ]; do sleep 0.05; done; fi;"
                    + " echo ready; exec sleep 600",
                second.toString(),
                go.toString())
            .readyCheck(ReadyCheck.logPattern("ready", Duration.ofSeconds(30)))
            .build());
    ProcessUnit api =
        ProcessUnit.builder(
                "sh", "-c", "if [ -f \"$0\" ]; then exec sleep 600; fi; exit 3", second.toString())
            .build();
    ovrseer.addMainProcess("api", api);
    List<String> events = new CopyOnWriteArrayList<>();
    ovrseer.on(ProcessSpawn.class, e -> events.add("spawn " + e.name()));
    ovrseer.on(ProcessRestart.class, e -> events.add("restart " + e.name()));
    ovrseer.start();
    assertThat(held.reporting.await(20, TimeUnit.SECONDS)).isTrue();
    CompletableFuture<Void> stopping = CompletableFuture.runAsync(ovrseer::stop);
    await().atMost(Duration.ofSeconds(10)).until(() -> !ovrseer.isRunning());
    held.release.countDown();
    stopping.get(30, TimeUnit.SECONDS);
    ovrseer.awaitEventsDelivered();
    events.clear();
    java.nio.file.Files.createFile(second);

    CompletableFuture<Void> starting = CompletableFuture.runAsync(ovrseer::start);

    // Well past the retry delay, api still waits for db.
    await()
        .during(Duration.ofMillis(2500))
        .atMost(Duration.ofSeconds(6))
        .until(() -> events.equals(List.of("spawn db")));
    java.nio.file.Files.createFile(go);
    starting.get(30, TimeUnit.SECONDS);
    ovrseer.awaitEventsDelivered();
    assertThat(events).containsExactly("spawn db", "spawn api");
    assertThat(held.getReports()).extracting(CrashReport::type).containsExactly(CrashType.CRASH);
    assertThat(ovrseer.getRetryCount("api")).isZero();
  }

  @Test
  void aMainThatAlwaysCrashesIsSpawnedFourTimesThenFails() {
    Ovrseer ovrseer = ovrseer(3, Duration.ofMillis(300));
    List<Long> spawnTimes = new CopyOnWriteArrayList<>();
    List<ProcessRestart> restarts = new CopyOnWriteArrayList<>();
    List<ProcessCrash> crashes = new CopyOnWriteArrayList<>();
    ovrseer.on(ProcessSpawn.class, e -> spawnTimes.add(System.nanoTime()));
    ovrseer.on(ProcessRestart.class, restarts::add);
    ovrseer.on(ProcessCrash.class, crashes::add);
    ProcessUnit api = steps("out", "starting", "exit", "3").build();
    ovrseer.addMainProcess("api", api);

    ovrseer.start();

    await().atMost(Duration.ofSeconds(30)).until(() -> api.getState() == ProcessState.FAILED);
    ovrseer.awaitEventsDelivered();
    assertThat(spawnTimes).hasSize(4);
    for (int i = 1; i < spawnTimes.size(); i++) {
      assertThat(Duration.ofNanos(spawnTimes.get(i) - spawnTimes.get(i - 1)))
          .isGreaterThanOrEqualTo(Duration.ofMillis(300));
    }
    assertThat(restarts).extracting(ProcessRestart::retryCount).containsExactly(1, 2, 3);
    assertThat(restarts).extracting(ProcessRestart::maxRetries).containsOnly(3);
    List<CrashReport> saved = CrashReporter.readReports(reports);
    assertThat(saved).hasSize(4);
    assertThat(saved)
        .extracting(CrashReport::type)
        .containsExactly(
            CrashType.CRASH, CrashType.CRASH, CrashType.CRASH, CrashType.RETRIES_EXHAUSTED);
    assertThat(saved).extracting(CrashReport::exitCode).containsOnly(3);
    assertThat(saved.get(3).lastLogs()).contains("starting");
    assertThat(crashes).extracting(ProcessCrash::exitCode).containsOnly(3);
    assertThat(crashes.get(3).report()).isEqualTo(saved.get(3));
  }

  @Test
  void aFailedReadinessIsReportedWithTheCheckThatFailedAndWhy() {
    Ovrseer ovrseer = ovrseer(1, Duration.ZERO);
    ProcessUnit api =
        steps("out", "booting", "hang")
            .readyCheck(ReadyCheck.logPattern("listening on", Duration.ofSeconds(1)))
            .build();
    ovrseer.addMainProcess("api", api);

    ovrseer.start();

    await().atMost(Duration.ofSeconds(30)).until(() -> api.getState() == ProcessState.FAILED);
    String why =
        "main process \"api\" did not become ready within 1 s: waited for log line matching"
            + " /listening on/";
    assertThat(CrashReporter.readReports(reports))
        .extracting(CrashReport::message)
        .containsExactly(
            why + "; restarting in 0 s (retry 1 of 1)",
            why + "; its 1 retry is used, it stays FAILED");
  }

  @Test
  void aSlowLogListenerDoesNotCostTheCrashReportItsLastLines() {
    Ovrseer ovrseer = ovrseer(0, Duration.ofMillis(50));
    List<String> order = new CopyOnWriteArrayList<>();
    // 65,536 log events may wait for the listeners before a reader must: empty lines fill that
    // and the pipe (64k more), and the pipe's lines then take the readers longer to hand over,
    // one event each at 35 µs (spent, not slept: a sleep this short overshoots), than an exit
    // used to wait for them.
    ovrseer.on(
        ProcessLog.class,
        log -> {
          long until = System.nanoTime() + 35_000;
          while (System.nanoTime() - until < 0) {
            Thread.onSpinWait();
          }
          if (log.line().startsWith("FATAL")) {
            order.add("log " + log.line());
          }
        });
    ovrseer.on(ProcessExit.class, exit -> order.add("exit"));
    ProcessUnit api =
        ProcessUnit.builder(
                "sh", "-c", "yes '' | head -n 140000; echo 'FATAL: out of disk'; exit 1")
            .build();
    ovrseer.addMainProcess("api", api);

    ovrseer.start();

    await().atMost(Duration.ofSeconds(90)).until(() -> api.getState() == ProcessState.FAILED);
    ovrseer.awaitEventsDelivered();
    List<CrashReport> saved = CrashReporter.readReports(reports);
    assertThat(saved).hasSize(1);
    assertThat(saved.get(0).lastLogs()).last().isEqualTo("FATAL: out of disk");
    assertThat(order).containsExactly("log FATAL: out of disk", "exit");
  }

  @Test
  void theReportOfAProcessThatPrintedBinaryJunkReadsBackFromItsFile() {
    CrashReporter reporter = new CrashReporter(reports);
    ovrseer = new Ovrseer(OvrseerOptions.builder().retries(0).crashReporter(reporter).build());
    // 100 lines of the longest length kept, each byte a control character that JSON writes as
    // six (\u0001), then a line of everything else JSON must escape or may trip on.
    ProcessUnit dump =
        ProcessUnit.builder(
                "sh",
                "-c",
                "for i in $(seq 100); do head -c 65536 /dev/zero | tr '\\0' '\\1'; echo; done;"
                    + " printf 'q\"uote back\\\\slash \\000 \\033[31m \\342\\200\\250 \\377\\n';"
                    + " exit 1")
            .build();
    ovrseer.addMainProcess("dump", dump);

    ovrseer.start();

    await().atMost(Duration.ofSeconds(30)).until(() -> dump.getState() == ProcessState.FAILED);
    CrashReport kept = reporter.getReports().get(0);
    assertThat(kept.lastLogs())
        .hasSize(100)
        .endsWith("q\"uote back\\slash \0 \033[31m \u2028 \uFFFD");
    assertThat(CrashReporter.readReports(reports)).containsExactly(kept);
  }

  @Test
  void aProcessThatExitsZeroOnItsOwnIsCompletedAndNotRestarted() {
    Ovrseer ovrseer = ovrseer(3, Duration.ofMillis(50));
    List<String> spawns = new CopyOnWriteArrayList<>();
    ovrseer.on(ProcessSpawn.class, e -> spawns.add(e.name()));
    ProcessUnit job = steps("out", "done").build();
    ovrseer.addMainProcess("job", job);

    ovrseer.start();

    await().atMost(Duration.ofSeconds(10)).until(() -> job.getState() == ProcessState.COMPLETED);
    ovrseer.awaitEventsDelivered();
    assertThat(spawns).containsExactly("job");
    assertThat(ovrseer.getOptions().crashReporter().getReports()).isEmpty();
  }

  @Test
  void aProcessKilledBySignalIsACrashWithTheSignalName() {
    Ovrseer ovrseer = ovrseer(1, Duration.ofMillis(50));
    List<ProcessCrash> crashes = new CopyOnWriteArrayList<>();
    ovrseer.on(ProcessCrash.class, crashes::add);
    ProcessUnit api = steps("out", "up", "hang").build();
    ovrseer.addMainProcess("api", api);
    ovrseer.start();
    long firstPid = api.getPid().orElseThrow();

    ProcessHandle.of(firstPid).orElseThrow().destroyForcibly();

    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> api.isRunning() && api.getPid().orElseThrow() != firstPid);
    ovrseer.awaitEventsDelivered();
    assertThat(crashes).hasSize(1);
    assertThat(crashes.get(0).exitCode()).isNull();
    assertThat(crashes.get(0).signal()).isEqualTo("SIGKILL");
    assertThat(crashes.get(0).report().type()).isEqualTo(CrashType.CRASH);
  }

  @Test
  void aReportAsTextWithoutLogLinesIsItsSummaryAloneNotASayingThatItHasNone() {
    ovrseer(0, Duration.ofMillis(50));
    List<ProcessCrash> crashes = new CopyOnWriteArrayList<>();
    ovrseer.on(ProcessCrash.class, crashes::add);
    ovrseer.addMainProcess(
        "worker", ProcessUnit.builder("sh", "-c", "echo polling; exit 1").build());
    ovrseer.start();
    await().atMost(Duration.ofSeconds(10)).until(() -> !crashes.isEmpty());
    CrashReport report = crashes.get(0).report();

    assertThat(report.toText(0))
        .isEqualTo(
            "process \"worker\" (main) RETRIES_EXHAUSTED, exit code 1, retries used: 0 of 0: main"
                + " process \"worker\" exited with exit code 1; it has no retries, it stays FAILED");
    assertThat(report.toText(1)).endsWith("\n  last log lines:\n  | polling");
    assertThatThrownBy(() -> report.toText(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxLines must be 0 or more but was -1");
  }

  /**
   * toText(0) is documented as the summary line alone. A report without log lines (a process that
   * could not be spawned) got "(no log lines)" under it even then: a caller logging one line per
   * crash got two.
   */
  @Test
  void aReportWithoutLogLinesAsTextOfNoLinesIsItsSummaryAlone() {
    ovrseer(0, Duration.ofMillis(50));
    ovrseer.addMainProcess(
        "api", ProcessUnit.builder(reports.resolve("no-such-app").toString()).build());
    assertThatThrownBy(() -> ovrseer.start()).isInstanceOf(OvrseerStartException.class);
    CrashReport report = CrashReporter.readReports(reports).get(0);
    assertThat(report.type()).isEqualTo(CrashType.SPAWN_FAILED);
    assertThat(report.lastLogs()).isEmpty();

    assertThat(report.toText(0))
        .startsWith("process \"api\" (main) SPAWN_FAILED, no exit status, retries used: 0 of 0:")
        .doesNotContain("\n");
    assertThat(report.toText(5)).endsWith("\n  (no log lines)");
  }

  @Test
  void restartAllResetsTheRetryCounters() {
    Ovrseer ovrseer = ovrseer(1, Duration.ofMillis(50));
    ProcessUnit api = steps("exit", "5").build();
    ovrseer.addMainProcess("api", api);
    ovrseer.start();
    await().atMost(Duration.ofSeconds(10)).until(() -> api.getState() == ProcessState.FAILED);
    assertThat(ovrseer.getRetryCount("api")).isEqualTo(1);

    List<ProcessRestart> restarts = new CopyOnWriteArrayList<>();
    ovrseer.on(ProcessRestart.class, restarts::add);
    ovrseer.restartAll();

    await().atMost(Duration.ofSeconds(10)).until(() -> api.getState() == ProcessState.FAILED);
    ovrseer.awaitEventsDelivered();
    assertThat(restarts).extracting(ProcessRestart::retryCount).containsExactly(1);
  }

  @Test
  void stopDuringAPendingRetryCancelsIt() {
    Ovrseer ovrseer = ovrseer(3, Duration.ofSeconds(2));
    List<String> spawns = new CopyOnWriteArrayList<>();
    ovrseer.on(ProcessSpawn.class, e -> spawns.add(e.name()));
    List<ProcessCrash> crashes = new CopyOnWriteArrayList<>();
    ovrseer.on(ProcessCrash.class, crashes::add);
    ovrseer.addMainProcess("api", steps("exit", "1").build());
    ovrseer.start();
    await().atMost(Duration.ofSeconds(10)).until(() -> !crashes.isEmpty());

    ovrseer.stop();

    await()
        .during(Duration.ofMillis(2500))
        .atMost(Duration.ofSeconds(4))
        .until(() -> spawns.size() == 1);
  }

  @Test
  void aDependencyThatCrashesWhileMainsRunIsRestartedAndMainsKeepRunning() {
    Ovrseer ovrseer = ovrseer(3, Duration.ofMillis(100));
    ProcessUnit db = steps("out", "READY", "hang").build();
    ProcessUnit api = steps("hang").build();
    ovrseer.addDependency("db", db);
    ovrseer.addMainProcess("api", api);
    ovrseer.start();
    long dbPid = db.getPid().orElseThrow();
    long apiPid = api.getPid().orElseThrow();

    ProcessHandle.of(dbPid).orElseThrow().destroyForcibly();

    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> db.isRunning() && db.getPid().orElseThrow() != dbPid);
    assertThat(api.isRunning()).isTrue();
    assertThat(api.getPid()).hasValue(apiPid);
  }

  @Test
  void aDependencyWhoseRetriesAreUsedUpWhileMainsRunIsFailedAndTheMainsKeepRunning() {
    Ovrseer ovrseer = ovrseer(0, Duration.ofMillis(50));
    ProcessUnit db = steps("out", "READY", "hang").build();
    ProcessUnit api = steps("hang").dependsOn("db").build();
    ovrseer.addDependency("db", db);
    ovrseer.addMainProcess("api", api);
    ovrseer.start();
    long apiPid = api.getPid().orElseThrow();

    ProcessHandle.of(db.getPid().orElseThrow()).orElseThrow().destroyForcibly();

    await().atMost(Duration.ofSeconds(10)).until(() -> db.getState() == ProcessState.FAILED);
    assertThat(ovrseer.getOptions().crashReporter().getReports("db"))
        .singleElement()
        .extracting(CrashReport::type)
        .isEqualTo(CrashType.RETRIES_EXHAUSTED);
    assertThat(api.isRunning()).isTrue();
    assertThat(api.getPid()).hasValue(apiPid);
    assertThat(ovrseer.isRunning()).isTrue();
  }

  @Test
  void stopProcessDuringTheRetryDelayCancelsTheRestartUntilARestartByHand() {
    Ovrseer ovrseer = ovrseer(3, Duration.ofSeconds(2));
    List<ProcessRestart> restarts = new CopyOnWriteArrayList<>();
    ovrseer.on(ProcessRestart.class, restarts::add);
    CompletableFuture<ProcessCrash> crashed = new CompletableFuture<>();
    ovrseer.on(ProcessCrash.class, crashed::complete);
    ProcessUnit api = steps("out", "starting", "sleep", "300", "exit", "3").build();
    ovrseer.addMainProcess("api", api);
    ovrseer.start();
    assertThat(crashed.orTimeout(20, TimeUnit.SECONDS).join().report().message())
        .contains("restarting in 2 s");

    ovrseer.stopProcess("api");

    // Well past the retry delay: no automatic restart came.
    await()
        .during(Duration.ofSeconds(3))
        .atMost(Duration.ofSeconds(5))
        .until(() -> restarts.isEmpty() && !api.isRunning());
    assertThat(api.getState()).isEqualTo(ProcessState.CRASHED);
    ovrseer.restartProcess("api");
    await().atMost(Duration.ofSeconds(5)).until(() -> !restarts.isEmpty());
    assertThat(restarts.get(0).retryCount()).isZero();
  }

  @Test
  void aProcessStoppedByStopProcessIsNotRestarted() {
    Ovrseer ovrseer = ovrseer(3, Duration.ofMillis(100));
    List<ProcessRestart> restarts = new CopyOnWriteArrayList<>();
    ovrseer.on(ProcessRestart.class, restarts::add);
    ProcessUnit api = steps("out", "starting", "hang").build();
    ovrseer.addMainProcess("api", api);
    ovrseer.start();

    ovrseer.stopProcess("api");

    assertThat(api.getState()).isEqualTo(ProcessState.STOPPED);
    await()
        .during(Duration.ofMillis(500))
        .atMost(Duration.ofSeconds(5))
        .until(() -> restarts.isEmpty() && !api.isRunning());
    assertThat(ovrseer.isRunning()).isTrue();
  }

  @Test
  void stopProcessOfADependencyThatStartAwaitsFailsTheStartInsteadOfLeavingItWaiting() {
    Ovrseer ovrseer = ovrseer(3, Duration.ofMillis(100));
    ProcessUnit db =
        steps("out", "booting", "hang")
            .readyCheck(ReadyCheck.logPattern("never", Duration.ofMinutes(5)))
            .build();
    ovrseer.addDependency("db", db);
    ovrseer.addMainProcess("api", steps("out", "api up", "hang").build());
    CompletableFuture<Void> start = CompletableFuture.runAsync(ovrseer::start);
    await().atMost(Duration.ofSeconds(20)).until(db::isRunning);

    ovrseer.stopProcess("db");

    assertThat(start)
        .failsWithin(Duration.ofSeconds(20))
        .withThrowableOfType(java.util.concurrent.ExecutionException.class)
        .havingCause()
        .isInstanceOf(OvrseerStartException.class)
        .withMessageContaining("dependency \"db\" was stopped while starting");
    assertThat(ovrseer.getProcess("api").orElseThrow().isRunning()).isFalse();
  }

  /** Holds each crash report on its way to disk until the test releases it. */
  private static final class HeldReporter extends CrashReporter {
    final CountDownLatch reporting = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);

    HeldReporter(Path directory) {
      super(directory);
    }

    @Override
    public void saveReport(CrashReport report) {
      reporting.countDown();
      try {
        release.await(20, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      super.saveReport(report);
    }
  }
}
