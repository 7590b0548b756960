package io.ovrseer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.ovrseer.crash.CrashReporter;
import io.ovrseer.event.DependenciesReady;
import io.ovrseer.event.ProcessCrash;
import io.ovrseer.event.ProcessReady;
import io.ovrseer.event.ProcessSpawn;
import io.ovrseer.process.ProcessSpawnException;
import io.ovrseer.process.ProcessUnit;
import io.ovrseer.process.ReadyCheck;
import io.ovrseer.testing.NoLeftoverProcesses;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The start order holds while a process start() counted as done goes down again before what waits
 * for it is spawned: restarted by hand, or crashed and restarted.
 */
@ExtendWith(NoLeftoverProcesses.class)
class StartOrderTest {
  @TempDir Path dir;
  private final List<String> events = new CopyOnWriteArrayList<>();
  private Ovrseer ovrseer;

  private Ovrseer ovrseer(int retries, Duration retryDelay) {
    ovrseer =
        new Ovrseer(
            OvrseerOptions.builder()
                .retries(retries)
                .retryDelay(retryDelay)
                .crashReporter(new CrashReporter(dir.resolve("reports")))
                .build());
    ovrseer.on(ProcessReady.class, e -> events.add("ready " + e.name()));
    ovrseer.on(ProcessCrash.class, e -> events.add("crash " + e.name()));
    ovrseer.on(DependenciesReady.class, e -> events.add("dependencies-ready"));
    ovrseer.on(ProcessSpawn.class, e -> events.add("spawn " + e.name()));
    return ovrseer;
  }

  @AfterEach
  void stop() {
    if (ovrseer != null) {
      ovrseer.stop();
    }
  }

  /**
   * restartProcess of a dependency that was ready, while start() still waited for another, let
   * start() spawn the main processes while the restarted one was down: the stop left its startup
   * done.
   */
  @Test
  void restartProcessOfAReadyDependencyHoldsBackTheMainsUntilItIsReadyAgain() throws Exception {
    Ovrseer ovrseer = ovrseer(0, Duration.ofMillis(100));
    Path again = dir.resolve("again");
    Path go = dir.resolve("go");
    ovrseer.addDependency("db", readyAtOnceThenOnceThere(dir.resolve("ran-once"), again));
    ovrseer.addDependency("slow", readyOnceThere(go));
    ovrseer.addMainProcess("api", ProcessUnit.builder("sleep", "600").build());
    CompletableFuture<Void> start = CompletableFuture.runAsync(ovrseer::start);
    await().atMost(Duration.ofSeconds(20)).until(() -> events.contains("ready db"));

    CompletableFuture<Void> restart =
        CompletableFuture.runAsync(() -> ovrseer.restartProcess("db"));
    await().atMost(Duration.ofSeconds(20)).until(() -> count("spawn db") == 2);
    Files.createFile(go);
    await().atMost(Duration.ofSeconds(20)).until(() -> events.contains("ready slow"));
    // db is not ready: nothing may spawn the main process now.
    await()
        .during(Duration.ofSeconds(1))
        .atMost(Duration.ofSeconds(3))
        .until(() -> !events.contains("spawn api"));
    Files.createFile(again);

    restart.get(30, TimeUnit.SECONDS);
    start.get(30, TimeUnit.SECONDS);
    assertThat(events)
        .containsSubsequence(
            "ready db", "ready slow", "ready db", "dependencies-ready", "spawn api");
  }

  /**
   * Once start() waits for the run restartProcess spawns, a spawn that fails must end that wait:
   * start() fails naming the process instead of hanging.
   */
  @Test
  void restartProcessOfAReadyDependencyThatCannotBeSpawnedAgainFailsStartNamingIt()
      throws Exception {
    Ovrseer ovrseer = ovrseer(0, Duration.ofMillis(100));
    Path script = dir.resolve("db.sh");
    Files.writeString(script, "#!/bin/sh\necho up\nexec sleep 600\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
    Path go = dir.resolve("go");
    ovrseer.addDependency(
        "db",
        ProcessUnit.builder(script.toString())
            .readyCheck(ReadyCheck.logPattern("up", Duration.ofSeconds(30)))
            .build());
    ovrseer.addDependency("slow", readyOnceThere(go));
    ProcessUnit api = ProcessUnit.builder("sleep", "600").build();
    ovrseer.addMainProcess("api", api);
    CompletableFuture<Void> start = CompletableFuture.runAsync(ovrseer::start);
    await().atMost(Duration.ofSeconds(20)).until(() -> events.contains("ready db"));
    Files.delete(script);

    assertThatThrownBy(() -> ovrseer.restartProcess("db"))
        .isInstanceOf(ProcessSpawnException.class);
    Files.createFile(go);

    assertThatStartFailure(start)
        .hasMessageStartingWith(
            "Ovrseer could not start: dependency \"db\" could not be spawned again by"
                + " restartProcess: ")
        .satisfies(e -> assertThat(((OvrseerStartException) e).getProcessId()).isEqualTo("db"));
    assertThat(events).doesNotContain("spawn api");
    assertThat(api.isRunning()).isFalse();
  }

  /**
   * restartProcess of a dependency start() waited for (not ready yet), whose new run could not be
   * spawned: the stopped run was the one its startup waited for, and start() waited until stop().
   */
  @Test
  void restartProcessOfADependencyStartWaitsForThatCannotBeSpawnedAgainFailsStart()
      throws Exception {
    Ovrseer ovrseer = ovrseer(0, Duration.ofMillis(100));
    Path script = dir.resolve("db.sh");
    Files.writeString(script, "#!/bin/sh\necho booting\nexec sleep 600\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
    ovrseer.addDependency(
        "db",
        ProcessUnit.builder(script.toString())
            .readyCheck(ReadyCheck.logPattern("never printed", Duration.ofMinutes(5)))
            .build());
    ovrseer.addMainProcess("api", ProcessUnit.builder("sleep", "600").build());
    CompletableFuture<Void> start = CompletableFuture.runAsync(ovrseer::start);
    await().atMost(Duration.ofSeconds(20)).until(() -> events.contains("spawn db"));
    Files.delete(script);

    assertThatThrownBy(() -> ovrseer.restartProcess("db"))
        .isInstanceOf(ProcessSpawnException.class);

    assertThatStartFailure(start)
        .hasMessageStartingWith(
            "Ovrseer could not start: dependency \"db\" could not be spawned again by"
                + " restartProcess: ");
    assertThat(events).doesNotContain("spawn api");
  }

  /**
   * The same for a dependsOn target: cache depends on db and slow; db, ready, was restarted by hand
   * while cache waited for slow, and cache was spawned once slow was ready, db still down.
   */
  @Test
  void restartProcessOfAReadyDependsOnTargetHoldsBackWhatDependsOnIt() throws Exception {
    Ovrseer ovrseer = ovrseer(0, Duration.ofMillis(100));
    Path again = dir.resolve("again");
    Path go = dir.resolve("go");
    ovrseer.addDependency("db", readyAtOnceThenOnceThere(dir.resolve("ran-once"), again));
    ovrseer.addDependency("slow", readyOnceThere(go));
    ovrseer.addDependency(
        "cache",
        ProcessUnit.builder("sh", "-c", "echo up; exec sleep 600")
            .dependsOn("db", "slow")
            .readyCheck(ReadyCheck.logPattern("up", Duration.ofSeconds(30)))
            .build());
    CompletableFuture<Void> start = CompletableFuture.runAsync(ovrseer::start);
    await().atMost(Duration.ofSeconds(20)).until(() -> events.contains("ready db"));

    CompletableFuture<Void> restart =
        CompletableFuture.runAsync(() -> ovrseer.restartProcess("db"));
    await().atMost(Duration.ofSeconds(20)).until(() -> count("spawn db") == 2);
    Files.createFile(go);
    await().atMost(Duration.ofSeconds(20)).until(() -> events.contains("ready slow"));
    await()
        .during(Duration.ofSeconds(1))
        .atMost(Duration.ofSeconds(3))
        .until(() -> !events.contains("spawn cache"));
    Files.createFile(again);

    restart.get(30, TimeUnit.SECONDS);
    start.get(30, TimeUnit.SECONDS);
    assertThat(events)
        .containsSubsequence("ready db", "ready slow", "ready db", "spawn cache", "ready cache");
  }

  /**
   * A setup process that had exited 0, run again by restartProcess while what depends on it waited
   * for another process: what depends on it waits for the new run to exit 0 too.
   */
  @Test
  void aSetupProcessRunAgainByRestartProcessHoldsBackWhatDependsOnIt() throws Exception {
    Ovrseer ovrseer = ovrseer(0, Duration.ofMillis(100));
    Path ranOnce = dir.resolve("ran-once");
    Path again = dir.resolve("again");
    Path go = dir.resolve("go");
    // Exits 0 at once in its first run, and in later runs once again exists.
    ovrseer.addSetupProcess(
        "init",
        ProcessUnit.builder(
                "sh",
                "-c",
                "if [ -f \"$0\" ]; then while [ ! -f \"$1\" ]; do sleep 0.05; done; fi; touch"
                    + " \"$0\"",
                ranOnce.toString(),
                again.toString())
            .build());
    ovrseer.addDependency("slow", readyOnceThere(go));
    ovrseer.addDependency(
        "db",
        ProcessUnit.builder("sh", "-c", "echo up; exec sleep 600")
            .dependsOn("init", "slow")
            .readyCheck(ReadyCheck.logPattern("up", Duration.ofSeconds(30)))
            .build());
    ovrseer.on(io.ovrseer.event.ProcessExit.class, e -> events.add("exit " + e.name()));
    CompletableFuture<Void> start = CompletableFuture.runAsync(ovrseer::start);
    await().atMost(Duration.ofSeconds(20)).until(() -> events.contains("exit init"));

    ovrseer.restartProcess("init");
    Files.createFile(go);
    await().atMost(Duration.ofSeconds(20)).until(() -> events.contains("ready slow"));
    await()
        .during(Duration.ofSeconds(1))
        .atMost(Duration.ofSeconds(3))
        .until(() -> !events.contains("spawn db"));
    Files.createFile(again);

    start.get(30, TimeUnit.SECONDS);
    assertThat(events)
        .containsSubsequence("exit init", "spawn init", "ready slow", "exit init", "spawn db");
  }

  /**
   * Among main processes: b depends on a and c; a, ready, was restarted by hand while b waited for
   * c, and b was spawned with a not ready.
   */
  @Test
  void restartProcessOfAReadyMainProcessHoldsBackTheMainProcessesThatDependOnIt() throws Exception {
    Ovrseer ovrseer = ovrseer(0, Duration.ofMillis(100));
    Path again = dir.resolve("again");
    Path go = dir.resolve("go");
    ovrseer.addMainProcess("a", readyAtOnceThenOnceThere(dir.resolve("ran-once"), again));
    ovrseer.addMainProcess("c", readyOnceThere(go));
    ovrseer.addMainProcess("b", ProcessUnit.builder("sleep", "600").dependsOn("a", "c").build());
    CompletableFuture<Void> start = CompletableFuture.runAsync(ovrseer::start);
    await().atMost(Duration.ofSeconds(20)).until(() -> events.contains("ready a"));

    CompletableFuture<Void> restart = CompletableFuture.runAsync(() -> ovrseer.restartProcess("a"));
    await().atMost(Duration.ofSeconds(20)).until(() -> count("spawn a") == 2);
    Files.createFile(go);
    await().atMost(Duration.ofSeconds(20)).until(() -> events.contains("ready c"));
    await()
        .during(Duration.ofSeconds(1))
        .atMost(Duration.ofSeconds(3))
        .until(() -> !events.contains("spawn b"));
    Files.createFile(again);

    restart.get(30, TimeUnit.SECONDS);
    start.get(30, TimeUnit.SECONDS);
    assertThat(events).containsSubsequence("ready a", "ready c", "ready a", "spawn b");
  }

  /**
   * A main process that depends on a dependency and on another main process: the dependency,
   * restarted by hand after dependencies-ready while the other main process became ready, was down
   * when the main process was spawned (only the wait before dependencies-ready was renewed).
   */
  @Test
  void aMainProcessWaitsForTheDependencyItNamesRestartedAfterDependenciesReady() throws Exception {
    Ovrseer ovrseer = ovrseer(0, Duration.ofMillis(100));
    Path again = dir.resolve("again");
    Path go = dir.resolve("go");
    ovrseer.addDependency("db", readyAtOnceThenOnceThere(dir.resolve("ran-once"), again));
    ovrseer.addMainProcess("c", readyOnceThere(go));
    ovrseer.addMainProcess("api", ProcessUnit.builder("sleep", "600").dependsOn("db", "c").build());
    CompletableFuture<Void> start = CompletableFuture.runAsync(ovrseer::start);
    await().atMost(Duration.ofSeconds(20)).until(() -> events.contains("spawn c"));

    CompletableFuture<Void> restart =
        CompletableFuture.runAsync(() -> ovrseer.restartProcess("db"));
    await().atMost(Duration.ofSeconds(20)).until(() -> count("spawn db") == 2);
    Files.createFile(go);
    await().atMost(Duration.ofSeconds(20)).until(() -> events.contains("ready c"));
    await()
        .during(Duration.ofSeconds(1))
        .atMost(Duration.ofSeconds(3))
        .until(() -> !events.contains("spawn api"));
    Files.createFile(again);

    restart.get(30, TimeUnit.SECONDS);
    start.get(30, TimeUnit.SECONDS);
    assertThat(events)
        .containsSubsequence("dependencies-ready", "ready c", "ready db", "spawn api");
  }

  /**
   * stopProcess of a dependency that was ready, while start() still waited for another: its startup
   * stayed complete, so start() spawned the main processes and returned with the dependency down
   * for good. It now fails as for a dependency it waits for.
   */
  @Test
  void stopProcessOfAReadyDependencyWhileStartWaitsForAnotherFailsThatStart() throws Exception {
    Ovrseer ovrseer = ovrseer(0, Duration.ofMillis(100));
    Path go = dir.resolve("go");
    ovrseer.addDependency("db", readyAtOnceThenOnceThere(dir.resolve("ran-once"), go));
    ovrseer.addDependency("slow", readyOnceThere(go));
    ProcessUnit api = ProcessUnit.builder("sleep", "600").build();
    ovrseer.addMainProcess("api", api);
    CompletableFuture<Void> start = CompletableFuture.runAsync(ovrseer::start);
    await().atMost(Duration.ofSeconds(20)).until(() -> events.contains("ready db"));

    ovrseer.stopProcess("db");
    Files.createFile(go);

    assertThatStartFailure(start)
        .hasMessage("Ovrseer could not start: dependency \"db\" was stopped while starting");
    assertThat(events).doesNotContain("spawn api");
    assertThat(api.isRunning()).isFalse();
  }

  /**
   * removeDependency of a dependency that was ready, while start() still waited for another: what
   * depends on it was spawned without it, and start() returned as if nothing had happened.
   */
  @Test
  void removalOfAReadyDependsOnTargetWhileStartWaitsForAnotherFailsThatStart() throws Exception {
    Ovrseer ovrseer = ovrseer(0, Duration.ofMillis(100));
    Path go = dir.resolve("go");
    ovrseer.addDependency("db", readyAtOnceThenOnceThere(dir.resolve("ran-once"), go));
    ovrseer.addDependency("slow", readyOnceThere(go));
    ProcessUnit cache =
        ProcessUnit.builder("sh", "-c", "echo up; exec sleep 600")
            .dependsOn("db", "slow")
            .readyCheck(ReadyCheck.logPattern("up", Duration.ofSeconds(30)))
            .build();
    ovrseer.addDependency("cache", cache);
    CompletableFuture<Void> start = CompletableFuture.runAsync(ovrseer::start);
    await().atMost(Duration.ofSeconds(20)).until(() -> events.contains("ready db"));

    ovrseer.removeDependency("db");
    Files.createFile(go);

    assertThatStartFailure(start)
        .hasMessage("Ovrseer could not start: dependency \"db\" was removed while starting");
    assertThat(events).doesNotContain("spawn cache");
    assertThat(cache.isRunning()).isFalse();
  }

  /**
   * A dependsOn target that crashed after it was ready, while what depends on it waited for another
   * one, was restarted after retryDelay; what depends on it was spawned meanwhile, with it down.
   */
  @Test
  void aDependsOnTargetThatCrashesAfterItWasReadyIsWaitedForAgain() throws Exception {
    Ovrseer ovrseer = ovrseer(1, Duration.ofSeconds(1));
    Path crash = dir.resolve("crash");
    Path go = dir.resolve("go");
    ovrseer.addDependency("db", readyThenCrashingOnce(dir.resolve("ran-once"), crash));
    ovrseer.addDependency("slow", readyOnceThere(go));
    ovrseer.addDependency(
        "cache",
        ProcessUnit.builder("sh", "-c", "echo up; exec sleep 600")
            .dependsOn("db", "slow")
            .readyCheck(ReadyCheck.logPattern("up", Duration.ofSeconds(30)))
            .build());
    CompletableFuture<Void> start = CompletableFuture.runAsync(ovrseer::start);
    await().atMost(Duration.ofSeconds(20)).until(() -> events.contains("ready db"));

    Files.createFile(crash);
    await().atMost(Duration.ofSeconds(20)).until(() -> events.contains("crash db"));
    Files.createFile(go);

    start.get(30, TimeUnit.SECONDS);
    assertThat(events)
        .containsSubsequence("ready db", "crash db", "ready slow", "ready db", "spawn cache");
  }

  private long count(String event) {
    return events.stream().filter(event::equals).count();
  }

  /**
   * A dependency that prints "up" (its readiness) at once in its first run, and in later runs once
   * {@code again} exists.
   */
  private static ProcessUnit readyAtOnceThenOnceThere(Path ranOnce, Path again) {
    return ProcessUnit.builder(
            "sh",
            "-c",
            "if [ -f \"$0\" ]; then while [ ! -f \"$1\" ]; do sleep 0.05; done; fi; touch \"$0\";"
                + " echo up; exec sleep 600",
            ranOnce.toString(),
            again.toString())
        .readyCheck(ReadyCheck.logPattern("up", Duration.ofSeconds(30)))
        .build();
  }

  /** A dependency that is ready once {@code go} exists. */
  private static ProcessUnit readyOnceThere(Path go) {
    return ProcessUnit.builder(
            "sh",
            "-c",
            "while [ ! -f \"$0\" ]; do sleep 0.05; done; echo up; exec sleep 600",
            go.toString())
        .readyCheck(ReadyCheck.logPattern("up", Duration.ofSeconds(30)))
        .build();
  }

  /** A dependency that is ready at once; in its first run, it exits 3 once {@code crash} exists. */
  private static ProcessUnit readyThenCrashingOnce(Path ranOnce, Path crash) {
    return ProcessUnit.builder(
            "sh",
            "-c",
            "if [ -f \"$0\" ]; then echo up; exec sleep 600; fi; touch \"$0\"; echo up;"
                + " while [ ! -f \"$1\" ]; do sleep 0.05; done; exit 3",
            ranOnce.toString(),
            crash.toString())
        .readyCheck(ReadyCheck.logPattern("up", Duration.ofSeconds(30)))
        .build();
  }

  /** The failure of {@code start} (running start() in the background), within 30 s. */
  private static AbstractThrowableAssert<?, ? extends Throwable> assertThatStartFailure(
      CompletableFuture<Void> start) {
    return assertThatThrownBy(() -> start.get(30, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOf(OvrseerStartException.class);
  }
}
