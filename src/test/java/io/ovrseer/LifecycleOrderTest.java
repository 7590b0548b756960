package io.ovrseer;

import static io.ovrseer.fixtures.Fixtures.steps;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ovrseer.crash.CrashReporter;
import io.ovrseer.event.OvrseerEvent;
import io.ovrseer.event.ProcessExit;
import io.ovrseer.event.ProcessReady;
import io.ovrseer.event.ProcessSpawn;
import io.ovrseer.process.ProcessUnit;
import io.ovrseer.process.ReadyCheck;
import io.ovrseer.testing.NoLeftoverProcesses;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(NoLeftoverProcesses.class)
class LifecycleOrderTest {
  @TempDir Path reports;
  private Ovrseer ovrseer;

  @AfterEach
  void stop() {
    if (ovrseer != null) {
      ovrseer.stop();
    }
  }

  @Test
  void startAndStopEmitTheSeedsLifecycleEventsInOrder() {
    ovrseer =
        new Ovrseer(OvrseerOptions.builder().crashReporter(new CrashReporter(reports)).build());
    List<String> seen = Collections.synchronizedList(new ArrayList<>());
    for (String name :
        List.of(
            "process:spawn",
            "process:ready",
            "process:exit",
            "lifecycle:dependencies-ready",
            "lifecycle:main-started",
            "lifecycle:main-stopped",
            "lifecycle:cleanup-started",
            "lifecycle:cleanup-complete")) {
      ovrseer.on(name, event -> seen.add(describe(event)));
    }
    ovrseer.addDependency("db", ready(steps("out", "READY", "hang")));
    ovrseer.addDependency("cache", ready(steps("out", "READY", "hang")));
    ovrseer.addMainProcess("api", ready(steps("out", "READY", "hang")));
    ovrseer.addMainProcess("worker", ready(steps("out", "READY", "hang")));
    ovrseer.addCleanupProcess("backup", steps("out", "backed up").build());

    ovrseer.start();
    ovrseer.stop();

    List<String> spawns = seen.stream().filter(s -> s.startsWith("process:spawn")).toList();
    // Each group is spawned in parallel: the order within a group is not defined.
    assertThat(spawns).hasSize(5);
    assertThat(spawns.subList(0, 2))
        .containsExactlyInAnyOrder("process:spawn db", "process:spawn cache");
    assertThat(spawns.subList(2, 4))
        .containsExactlyInAnyOrder("process:spawn api", "process:spawn worker");
    assertThat(spawns.get(4)).isEqualTo("process:spawn backup");
    int depsReady = seen.indexOf("lifecycle:dependencies-ready");
    assertThat(seen.indexOf("process:ready db")).isLessThan(depsReady);
    assertThat(seen.indexOf("process:ready cache")).isLessThan(depsReady);
    assertThat(seen.indexOf("process:spawn api")).isGreaterThan(depsReady);
    int mainStarted = seen.indexOf("lifecycle:main-started");
    assertThat(seen.indexOf("process:spawn worker")).isLessThan(mainStarted);
    int mainStopped = seen.indexOf("lifecycle:main-stopped");
    assertThat(seen.indexOf("process:exit api")).isLessThan(mainStopped);
    assertThat(seen.indexOf("process:exit worker")).isLessThan(mainStopped);
    int cleanupStarted = seen.indexOf("lifecycle:cleanup-started");
    int cleanupComplete = seen.indexOf("lifecycle:cleanup-complete");
    assertThat(mainStopped).isLessThan(cleanupStarted);
    assertThat(seen.indexOf("process:spawn backup")).isBetween(mainStopped, cleanupStarted);
    assertThat(seen.indexOf("process:exit backup")).isBetween(cleanupStarted, cleanupComplete);
    assertThat(seen.subList(seen.size() - 2, seen.size()))
        .containsExactlyInAnyOrder("process:exit db", "process:exit cache");
    assertThat(seen.indexOf("process:exit db")).isGreaterThan(cleanupComplete);
  }

  @Test
  void dependenciesSpawnInParallelAndMainsWaitForTheLastOne() {
    ovrseer =
        new Ovrseer(OvrseerOptions.builder().crashReporter(new CrashReporter(reports)).build());
    List<String> seen = Collections.synchronizedList(new ArrayList<>());
    ovrseer.on(ProcessSpawn.class, e -> seen.add("spawn " + e.name()));
    ovrseer.on(ProcessReady.class, e -> seen.add("ready " + e.name()));
    for (String dep : List.of("a", "b", "c")) {
      ovrseer.addDependency(dep, ready(steps("sleep", "1000", "out", "READY", "hang")));
    }
    ovrseer.addMainProcess("main", steps("hang").build());

    ovrseer.start();

    int lastDepSpawn =
        Math.max(
            seen.indexOf("spawn a"), Math.max(seen.indexOf("spawn b"), seen.indexOf("spawn c")));
    int firstDepReady =
        Math.min(
            seen.indexOf("ready a"), Math.min(seen.indexOf("ready b"), seen.indexOf("ready c")));
    int lastDepReady =
        Math.max(
            seen.indexOf("ready a"), Math.max(seen.indexOf("ready b"), seen.indexOf("ready c")));
    assertThat(firstDepReady).as("first dependency ready in %s", seen).isGreaterThan(lastDepSpawn);
    assertThat(seen.indexOf("spawn main")).as("main spawn in %s", seen).isGreaterThan(lastDepReady);
  }

  @Test
  void theEventsOfOneProcessComeInTheOrderTheyHappenedAcrossACrashAndItsRestart() {
    ovrseer =
        new Ovrseer(
            OvrseerOptions.builder()
                .retryDelay(Duration.ofMillis(100))
                .crashReporter(new CrashReporter(reports))
                .build());
    List<String> seen = Collections.synchronizedList(new ArrayList<>());
    for (String name :
        List.of(
            "process:spawn", "process:ready", "process:exit", "process:crash", "process:restart")) {
      ovrseer.on(name, event -> seen.add(event.eventName()));
    }
    Path crashed = reports.resolve("crashed");
    // The first run crashes once it is ready; the second stays up.
    ProcessUnit api =
        ProcessUnit.builder(
                "sh",
                "-c",
                "echo READY; [ -f \"$0\" ] && exec sleep 600; touch \"$0\"; exit 3",
                crashed.toString())
            .readyCheck(ReadyCheck.logPattern("READY", Duration.ofSeconds(20)))
            .build();
    ovrseer.addMainProcess("api", api);

    ovrseer.start();
    await().atMost(Duration.ofSeconds(20)).until(() -> seen.size() == 7);
    ovrseer.stop();

    assertThat(seen)
        .containsExactly(
            "process:spawn",
            "process:ready",
            "process:exit",
            "process:crash",
            "process:restart",
            "process:spawn",
            "process:ready",
            "process:exit");
  }

  @Test
  void aListenerOfOvrseerEventHearsEveryEventAfterTheListenersOfItsType() {
    ovrseer =
        new Ovrseer(OvrseerOptions.builder().crashReporter(new CrashReporter(reports)).build());
    List<String> every = Collections.synchronizedList(new ArrayList<>());
    List<String> order = Collections.synchronizedList(new ArrayList<>());
    ovrseer.on(ProcessSpawn.class, spawn -> order.add("own type"));
    ovrseer.on(
        OvrseerEvent.class,
        event -> {
          every.add(event.eventName());
          if (event instanceof ProcessSpawn) {
            order.add("every event");
          }
        });
    ovrseer.addMainProcess("api", ready(steps("out", "READY", "hang")));

    ovrseer.start();
    ovrseer.getProcess("api").orElseThrow().ready().join();
    ovrseer.stop();

    assertThat(every)
        .contains(
            "process:added",
            "process:spawn",
            "process:log",
            "process:ready",
            "lifecycle:main-started",
            "process:exit",
            "lifecycle:cleanup-complete");
    assertThat(order).containsExactly("own type", "every event");
  }

  @Test
  void aProcessIsReadyNoEarlierThanItWasSpawnedByTheEventsTimestamps() {
    ovrseer =
        new Ovrseer(OvrseerOptions.builder().crashReporter(new CrashReporter(reports)).build());
    List<OvrseerEvent> seen = Collections.synchronizedList(new ArrayList<>());
    ovrseer.on(ProcessSpawn.class, seen::add);
    ovrseer.on(ProcessReady.class, seen::add);
    // No readiness check: ready as it is spawned, while start() still runs.
    ovrseer.addDependency("db", steps("hang").build());

    ovrseer.start();
    ovrseer.awaitEventsDelivered();

    assertThat(seen).hasSize(2);
    assertThat(seen.get(0)).isInstanceOf(ProcessSpawn.class);
    assertThat(seen.get(1).timestamp()).isAfterOrEqualTo(seen.get(0).timestamp());
  }

  private static io.ovrseer.process.ProcessUnit ready(
      io.ovrseer.process.ProcessUnit.Builder builder) {
    return builder.readyCheck(ReadyCheck.logPattern("READY", Duration.ofSeconds(20))).build();
  }

  private static String describe(OvrseerEvent event) {
    if (event instanceof ProcessSpawn e) {
      return e.eventName() + " " + e.name();
    } else if (event instanceof ProcessReady e) {
      return e.eventName() + " " + e.name();
    } else if (event instanceof ProcessExit e) {
      return e.eventName() + " " + e.name();
    }
    return event.eventName();
  }
}
