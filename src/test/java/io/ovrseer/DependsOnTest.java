package io.ovrseer;

import static io.ovrseer.fixtures.Fixtures.steps;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import io.ovrseer.crash.CrashReporter;
import io.ovrseer.event.ProcessCrash;
import io.ovrseer.event.ProcessExit;
import io.ovrseer.event.ProcessReady;
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
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(NoLeftoverProcesses.class)
class DependsOnTest {
  @TempDir Path reports;
  private Ovrseer ovrseer;
  private final List<String> seen = new CopyOnWriteArrayList<>();

  @AfterEach
  void stop() {
    if (ovrseer != null) {
      ovrseer.stop();
    }
  }

  private Ovrseer ovrseer() {
    ovrseer =
        new Ovrseer(OvrseerOptions.builder().crashReporter(new CrashReporter(reports)).build());
    ovrseer.on(ProcessSpawn.class, e -> seen.add("spawn " + e.name()));
    ovrseer.on(ProcessReady.class, e -> seen.add("ready " + e.name()));
    ovrseer.on(ProcessExit.class, e -> seen.add("exit " + e.name()));
    return ovrseer;
  }

  @Test
  void aChainOfDependenciesStartsOneAfterTheOtherEachOnceTheOneBeforeIsReady() {
    Ovrseer ovrseer = ovrseer();
    // Registered in reverse, so that registration order cannot explain the order seen.
    ovrseer.addDependency("c", slowlyReady(steps().dependsOn("b")));
    ovrseer.addDependency("b", slowlyReady(steps().dependsOn("a")));
    ovrseer.addDependency("a", slowlyReady(steps()));
    ovrseer.addMainProcess("api", steps("hang").build());

    ovrseer.start();

    assertThat(seen)
        .as("events")
        .containsSubsequence(
            "spawn a", "ready a", "spawn b", "ready b", "spawn c", "ready c", "spawn api");
  }

  @Test
  void dependenciesWithoutDependsOnStillStartInParallel() {
    Ovrseer ovrseer = ovrseer();
    ovrseer.addDependency("x", slowlyReady(steps()));
    ovrseer.addDependency("y", slowlyReady(steps()));
    ovrseer.addDependency("z", slowlyReady(steps().dependsOn("x")));

    ovrseer.start();

    int firstReady = Math.min(seen.indexOf("ready x"), seen.indexOf("ready y"));
    assertThat(seen.indexOf("spawn x")).as("events %s", seen).isLessThan(firstReady);
    assertThat(seen.indexOf("spawn y")).as("events %s", seen).isLessThan(firstReady);
    assertThat(seen.indexOf("spawn z"))
        .as("events %s", seen)
        .isGreaterThan(seen.indexOf("ready x"));
  }

  @Test
  void aMainProcessThatDependsOnAnotherMainProcessIsSpawnedOnceThatOneIsReady() {
    Ovrseer ovrseer = ovrseer();
    ovrseer.addMainProcess("web", steps("out", "serving", "hang").dependsOn("api").build());
    ovrseer.addMainProcess("api", slowlyReady(steps()));

    ovrseer.start();

    assertThat(seen).as("events").containsSubsequence("spawn api", "ready api", "spawn web");
    assertThat(ovrseer.isRunning()).isTrue();
  }

  @Test
  void stopRunsInTheReverseOrderAndIndependentProcessesStopTogether() {
    Ovrseer ovrseer = ovrseer();
    ovrseer.addDependency("db", slowlyReady(steps()));
    ovrseer.addDependency("cache", slowlyReady(steps()));
    ovrseer.addDependency("search", slowlyReady(steps().dependsOn("db")));
    ovrseer.addMainProcess("api", slowlyReady(steps()));
    ovrseer.addMainProcess("web", steps("hang").dependsOn("api").build());
    ovrseer.start();
    seen.clear();

    ovrseer.stop();

    assertThat(seen)
        .as("events")
        .containsSubsequence("exit web", "exit api", "exit search", "exit db");
    // The first wave of the dependencies holds both search and cache: cache goes before db.
    assertThat(seen.indexOf("exit cache"))
        .as("events %s", seen)
        .isLessThan(seen.indexOf("exit db"));
  }

  @Test
  void anUnknownIdFailsStartBeforeAnythingIsSpawned() {
    Ovrseer ovrseer = ovrseer();
    ovrseer.addSetupProcess("init", steps("out", "done").build());
    ovrseer.addDependency("db", steps("hang").dependsOn("int").build());

    OvrseerStartException failure =
        catchThrowableOfType(OvrseerStartException.class, ovrseer::start);

    assertThat(failure)
        .hasMessage(
            "Ovrseer could not start: dependency \"db\" depends on \"int\", which is not"
                + " registered; known ids: [init, db]");
    assertThat(failure.getProcessId()).isEqualTo("db");
    ovrseer.awaitEventsDelivered();
    assertThat(seen).isEmpty();
    assertThat(ovrseer.isRunning()).isFalse();
  }

  @Test
  void aCycleFailsStartAndIsSpelledOut() {
    Ovrseer ovrseer = ovrseer();
    ovrseer.addDependency("ok", steps("hang").build());
    ovrseer.addDependency("a", steps("hang").dependsOn("b").build());
    ovrseer.addDependency("b", steps("hang").dependsOn("c").build());
    ovrseer.addSetupProcess("c", steps("out", "done").dependsOn("a").build());

    OvrseerStartException failure =
        catchThrowableOfType(OvrseerStartException.class, ovrseer::start);

    // Spelled from the member that comes first in getAllProcesses(): setup processes first.
    assertThat(failure)
        .hasMessage("Ovrseer could not start: dependsOn forms a cycle: c -> a -> b -> c");
    assertThat(failure.getProcessId()).isEqualTo("c");
    ovrseer.awaitEventsDelivered();
    assertThat(seen).isEmpty();
  }

  @Test
  void aProcessThatDependsOnItselfIsACycle() {
    Ovrseer ovrseer = ovrseer();
    ovrseer.addDependency("a", steps("hang").dependsOn("a").build());

    assertThat(catchThrowableOfType(OvrseerStartException.class, ovrseer::start))
        .hasMessage("Ovrseer could not start: dependsOn forms a cycle: a -> a");
  }

  @Test
  void aDependencyCannotDependOnAMainProcess() {
    Ovrseer ovrseer = ovrseer();
    ovrseer.addMainProcess("api", steps("hang").build());
    ovrseer.addDependency("db", steps("hang").dependsOn("api").build());

    assertThat(catchThrowableOfType(OvrseerStartException.class, ovrseer::start))
        .hasMessage(
            "Ovrseer could not start: dependency \"db\" depends on main process \"api\"; setup"
                + " processes and dependencies can only depend on setup processes and dependencies"
                + " (main processes start after all of them)");
  }

  @Test
  void aCleanupProcessMayNameADependencyButNotAMainProcess() {
    Ovrseer ovrseer = ovrseer();
    ovrseer.addDependency("db", steps("hang").build());
    ovrseer.addMainProcess("api", steps("hang").build());
    ovrseer.addCleanupProcess("dump", steps("out", "dumped").dependsOn("db").build());
    ovrseer.addCleanupProcess("drain", steps("out", "drained").dependsOn("api").build());

    assertThat(catchThrowableOfType(OvrseerStartException.class, ovrseer::start))
        .hasMessage(
            "Ovrseer could not start: cleanup process \"drain\" depends on main process \"api\";"
                + " cleanup processes can only depend on setup processes and dependencies (which are"
                + " done or running when the cleanup phase begins)");

    ovrseer.removeCleanupProcess("drain");
    ovrseer.start();
    ovrseer.stop();
    assertThat(ovrseer.getProcess("dump").orElseThrow().logger().getLogs())
        .containsExactly("dumped");
  }

  @Test
  void aDependencyWhoseSpawnFailsEndsTheStartOfWhatDependsOnIt() {
    Ovrseer ovrseer = ovrseer();
    ovrseer.addDependency("a", slowlyReady(steps()));
    ovrseer.addDependency(
        "ghost", ProcessUnit.builder("no-such-binary-ovrseer").dependsOn("a").build());
    ovrseer.addDependency("after", steps("hang").dependsOn("ghost").build());

    OvrseerStartException failure =
        catchThrowableOfType(OvrseerStartException.class, ovrseer::start);

    assertThat(failure.getProcessId()).isEqualTo("ghost");
    assertThat(failure.getMessage()).contains("dependency \"ghost\" could not be spawned");
    assertThat(seen).doesNotContain("spawn after");
    assertThat(ovrseer.getProcess("a").orElseThrow().isRunning()).isFalse();
    assertThat(ovrseer.getProcess("ghost").orElseThrow().getState()).isEqualTo(ProcessState.FAILED);
  }

  @Test
  void aMainProcessThatOthersDependOnAndExitsBeforeItIsReadyFailsStart() {
    Ovrseer ovrseer = ovrseer();
    ovrseer.addMainProcess(
        "api",
        steps("out", "bye")
            .readyCheck(ReadyCheck.logPattern("READY", Duration.ofSeconds(60)))
            .build());
    ovrseer.addMainProcess("web", steps("hang").dependsOn("api").build());

    OvrseerStartException failure =
        catchThrowableOfType(OvrseerStartException.class, ovrseer::start);

    assertThat(failure.getProcessId()).isEqualTo("api");
    assertThat(failure.getMessage())
        .startsWith(
            "Ovrseer could not start: main process \"api\" exited with exit code 0 before it was"
                + " ready; the main processes that depend on it need it running");
    assertThat(seen).doesNotContain("spawn web");
  }

  /**
   * During start(), a process whose prerequisite crashed is itself restarted after a crash only
   * once that prerequisite is ready again: spawned meanwhile, it would find it down, as start()'s
   * own spawn would (and crash again, using up its retries).
   */
  @Test
  void aCrashRestartDuringStartWaitsUntilWhatItDependsOnIsReadyAgain() throws Exception {
    ovrseer =
        new Ovrseer(
            OvrseerOptions.builder()
                .retries(3)
                .retryDelay(Duration.ofMillis(10))
                .crashReporter(new CrashReporter(reports))
                .build());
    ovrseer.on(ProcessSpawn.class, e -> seen.add("spawn " + e.name()));
    ovrseer.on(ProcessReady.class, e -> seen.add("ready " + e.name()));
    // Its restart after the crash waits until the test lets it go on.
    GatedStart db =
        new GatedStart(
            steps("out", "READY", "hang")
                .readyCheck(ReadyCheck.logPattern("READY", Duration.ofSeconds(20)))
                .build(),
            1);
    ProcessUnit cache =
        steps("out", "READY", "hang")
            .readyCheck(ReadyCheck.logPattern("READY", Duration.ofSeconds(20)))
            .dependsOn("db")
            .build();
    // Holds start() in its main phase, where it still supervises the start order.
    GatedStart api = new GatedStart(steps("hang").build());
    ovrseer.addDependency("db", db);
    ovrseer.addDependency("cache", cache);
    ovrseer.addMainProcess("api", api);
    CompletableFuture<Void> start = CompletableFuture.runAsync(ovrseer::start);
    try {
      assertThat(api.entered.await(30, TimeUnit.SECONDS)).isTrue();
      ProcessHandle.of(db.getPid().orElseThrow()).ifPresent(ProcessHandle::destroyForcibly);
      assertThat(db.entered.await(30, TimeUnit.SECONDS)).isTrue();
      CompletableFuture<?> cacheExit = cache.exit();
      ProcessHandle.of(cache.getPid().orElseThrow()).ifPresent(ProcessHandle::destroyForcibly);
      assertThat(cacheExit).succeedsWithin(Duration.ofSeconds(30));
      // Its report says what the restart waits for, not a delay that will not hold.
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> !ovrseer.getOptions().crashReporter().getReports("cache").isEmpty());
      assertThat(ovrseer.getOptions().crashReporter().getReports("cache").get(0).message())
          .endsWith(
              "; restarting once dependency \"db\" is ready, not before 10 ms (retry 1 of 3)");

      // Well past the retry delay, cache is still down: db is.
      await("cache not spawned again while db is down")
          .during(Duration.ofMillis(1500))
          .atMost(Duration.ofSeconds(5))
          .until(() -> !cache.isRunning());

      db.release.countDown();
      api.release.countDown();
      assertThat(start).succeedsWithin(Duration.ofSeconds(30));
      await().atMost(Duration.ofSeconds(30)).until(() -> cache.getState() == ProcessState.READY);
      assertThat(seen)
          .as("events")
          .containsSubsequence(
              "spawn db",
              "ready db",
              "spawn cache",
              "ready cache",
              "spawn db",
              "ready db",
              "spawn cache",
              "ready cache");
      assertThat(ovrseer.getRetryCount("cache")).isEqualTo(1);
    } finally {
      db.release.countDown();
      api.release.countDown();
    }
  }

  /**
   * A crash restart that waits for a prerequisite (see above) and is superseded by restartProcess
   * stays called off: when the new run crashes too, its own restart comes after retryDelay, not as
   * soon as the prerequisite is ready because the old one takes the new one's place.
   */
  @Test
  void aCrashRestartCalledOffByRestartProcessDoesNotTakeTheNextOnesPlace() throws Exception {
    Duration retryDelay = Duration.ofSeconds(1);
    ovrseer =
        new Ovrseer(
            OvrseerOptions.builder()
                .retries(3)
                .retryDelay(retryDelay)
                .crashReporter(new CrashReporter(reports))
                .build());
    // cache's crashes, and its restarts after a crash (not restartProcess's, retryCount 0).
    List<ProcessCrash> crashes = new CopyOnWriteArrayList<>();
    List<ProcessRestart> restarts = new CopyOnWriteArrayList<>();
    ovrseer.on(
        ProcessCrash.class,
        e -> {
          if (e.name().equals("cache")) {
            crashes.add(e);
          }
        });
    ovrseer.on(
        ProcessRestart.class,
        e -> {
          if (e.name().equals("cache") && e.retryCount() > 0) {
            restarts.add(e);
          }
        });
    GatedStart db =
        new GatedStart(
            steps("out", "READY", "hang")
                .readyCheck(ReadyCheck.logPattern("READY", Duration.ofSeconds(20)))
                .build(),
            1);
    ProcessUnit cache =
        steps("out", "READY", "hang")
            .readyCheck(ReadyCheck.logPattern("READY", Duration.ofSeconds(20)))
            .dependsOn("db")
            .build();
    GatedStart api = new GatedStart(steps("hang").build());
    ovrseer.addDependency("db", db);
    ovrseer.addDependency("cache", cache);
    ovrseer.addMainProcess("api", api);
    CompletableFuture<Void> start = CompletableFuture.runAsync(ovrseer::start);
    try {
      assertThat(api.entered.await(30, TimeUnit.SECONDS)).isTrue();
      ProcessHandle.of(db.getPid().orElseThrow()).ifPresent(ProcessHandle::destroyForcibly);
      assertThat(db.entered.await(30, TimeUnit.SECONDS)).isTrue();
      CompletableFuture<?> cacheExit = cache.exit();
      ProcessHandle.of(cache.getPid().orElseThrow()).ifPresent(ProcessHandle::destroyForcibly);
      assertThat(cacheExit).succeedsWithin(Duration.ofSeconds(30));
      // Past its retry delay, the first restart of cache waits for db (nothing tells when it began
      // to: the delay is watched out, as in the test above).
      await("cache's first restart waiting for db")
          .during(retryDelay.plusMillis(500))
          .atMost(Duration.ofSeconds(10))
          .until(() -> !cache.isRunning());

      ovrseer.restartProcess("cache");
      CompletableFuture<?> againExit = cache.exit();
      ProcessHandle.of(cache.getPid().orElseThrow()).ifPresent(ProcessHandle::destroyForcibly);
      assertThat(againExit).succeedsWithin(Duration.ofSeconds(30));
      await().atMost(Duration.ofSeconds(30)).until(() -> crashes.size() == 2);
      db.release.countDown();

      await().atMost(Duration.ofSeconds(30)).until(() -> !restarts.isEmpty());
      assertThat(Duration.between(crashes.get(1).timestamp(), restarts.get(0).timestamp()))
          .as("time from cache's second crash to its restart")
          .isGreaterThanOrEqualTo(retryDelay);
      api.release.countDown();
      assertThat(start).succeedsWithin(Duration.ofSeconds(30));
      assertThat(ovrseer.getRetryCount("cache")).isEqualTo(1);
    } finally {
      db.release.countDown();
      api.release.countDown();
    }
  }

  @Test
  void aDependencyRestartedByItsOwnUnitDuringStartIsWaitedForAgain(@TempDir Path files)
      throws Exception {
    Path dbUp = files.resolve("db-up");
    Path gateUp = files.resolve("gate-up");
    java.nio.file.Files.createFile(dbUp);
    Ovrseer ovrseer = ovrseer();
    ProcessUnit db =
        steps("hang")
            .readyCheck(ReadyCheck.command(Duration.ofSeconds(30), "test", "-f", dbUp.toString()))
            .build();
    ProcessUnit gate =
        steps("hang")
            .readyCheck(ReadyCheck.command(Duration.ofSeconds(30), "test", "-f", gateUp.toString()))
            .build();
    ovrseer.addDependency("db", db);
    ovrseer.addDependency("gate", gate);
    ovrseer.addMainProcess("api", steps("hang").build());
    CompletableFuture<Void> start = CompletableFuture.runAsync(ovrseer::start);
    await().atMost(Duration.ofSeconds(30)).until(() -> db.getState() == ProcessState.READY);
    java.nio.file.Files.delete(dbUp);
    db.restart();
    java.nio.file.Files.createFile(gateUp);
    await().atMost(Duration.ofSeconds(30)).until(() -> gate.getState() == ProcessState.READY);
    await("api not spawned while db is not ready again")
        .during(Duration.ofMillis(1500))
        .atMost(Duration.ofSeconds(5))
        .until(() -> !seen.contains("spawn api"));
    java.nio.file.Files.createFile(dbUp);
    assertThat(start).succeedsWithin(Duration.ofSeconds(30));
  }

  /** Ready after a moment, so that a dependent spawned too early would show in the events. */
  private static ProcessUnit slowlyReady(ProcessUnit.Builder builder) {
    return builder
        .args("sleep", "300", "out", "READY", "hang")
        .readyCheck(ReadyCheck.logPattern("READY", Duration.ofSeconds(20)))
        .build();
  }
}
