package io.ovrseer;

import static io.ovrseer.fixtures.Fixtures.steps;
import static org.assertj.core.api.Assertions.assertThat;

import io.ovrseer.crash.CrashReporter;
import io.ovrseer.event.FlagMatched;
import io.ovrseer.event.ProcessLog;
import io.ovrseer.event.ProcessReady;
import io.ovrseer.log.Flag;
import io.ovrseer.log.LogLine;
import io.ovrseer.process.ProcessUnit;
import io.ovrseer.process.ReadyCheck;
import io.ovrseer.testing.NoLeftoverProcesses;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Events about what a process logs: readiness duration, log lines, flag matches. */
@ExtendWith(NoLeftoverProcesses.class)
class ReadyEventTest {
  @TempDir Path reports;
  private final Ovrseer ovrseer = new Ovrseer();

  @AfterEach
  void stop() {
    ovrseer.stop();
  }

  @Test
  void processReadyCarriesTheSpawnToReadyDuration() {
    Ovrseer ovrseer =
        new Ovrseer(OvrseerOptions.builder().crashReporter(new CrashReporter(reports)).build());
    List<ProcessReady> ready = new CopyOnWriteArrayList<>();
    ovrseer.on(ProcessReady.class, ready::add);
    ovrseer.addDependency(
        "db",
        steps("sleep", "400", "out", "READY", "hang")
            .readyCheck(ReadyCheck.logPattern("READY", Duration.ofSeconds(30)))
            .build());
    try {
      ovrseer.start();
    } finally {
      ovrseer.stop();
    }

    assertThat(ready)
        .singleElement()
        .satisfies(
            event -> {
              assertThat(event.name()).isEqualTo("db");
              assertThat(event.duration())
                  .isGreaterThanOrEqualTo(Duration.ofMillis(400))
                  .isLessThan(Duration.ofSeconds(30));
            });
  }

  @Test
  void whenAMainsReadyFutureCompletesItsReadyEventIsAlreadyPosted() {
    List<String> ready = new CopyOnWriteArrayList<>();
    ovrseer.on(ProcessReady.class, e -> ready.add(e.name()));
    List<ProcessUnit> mains = new java.util.ArrayList<>();
    for (int i = 0; i < 5; i++) {
      ProcessUnit unit =
          ProcessUnit.builder("sh", "-c", "echo READY; exec sleep 600")
              .readyCheck(ReadyCheck.logPattern("READY", Duration.ofSeconds(30)))
              .build();
      mains.add(unit);
      ovrseer.addMainProcess("m" + i, unit);
    }
    ovrseer.start();

    mains.forEach(m -> m.ready().join());
    ovrseer.awaitEventsDelivered();

    assertThat(ready).containsExactlyInAnyOrder("m0", "m1", "m2", "m3", "m4");
  }

  @Test
  void aProcessesFirstLogLineNeverComesBeforeItsSpawnEvent() {
    List<String> seen = new CopyOnWriteArrayList<>();
    ovrseer.on(io.ovrseer.event.ProcessSpawn.class, e -> seen.add("spawn " + e.name()));
    ovrseer.on(ProcessLog.class, e -> seen.add("log " + e.name()));
    for (int i = 0; i < 5; i++) {
      ovrseer.addMainProcess("p" + i, ProcessUnit.builder("echo", "hello").build());
    }

    ovrseer.start();
    org.awaitility.Awaitility.await().until(() -> seen.size() == 10);

    for (int i = 0; i < 5; i++) {
      assertThat(seen.indexOf("spawn p" + i)).isLessThan(seen.indexOf("log p" + i));
    }
  }

  @Test
  void logLinesAndFlagMatchesAreEvents() {
    List<ProcessLog> logs = new CopyOnWriteArrayList<>();
    List<FlagMatched> matches = new CopyOnWriteArrayList<>();
    ovrseer.on(ProcessLog.class, logs::add);
    ovrseer.on("flag:matched", e -> matches.add((FlagMatched) e));
    ProcessUnit api =
        steps(
                "err",
                "on stderr",
                "out",
                "one",
                "out",
                "two",
                "out",
                "ERROR three",
                "out",
                "READY",
                "hang")
            .readyCheck(ReadyCheck.logPattern("READY", Duration.ofSeconds(30)))
            .build();
    api.logger()
        .addFlag("errors", Flag.builder("ERROR").contextWindowSize(2).targetCount(1).build());
    ovrseer.addMainProcess("api", api);

    ovrseer.start();
    api.ready().join();
    ovrseer.awaitEventsDelivered();

    // stdout and stderr are separate pipes: only the order within one stream is defined.
    assertThat(logs)
        .filteredOn(l -> l.stream() == LogLine.Stream.STDOUT)
        .extracting(ProcessLog::line)
        .containsExactly("one", "two", "ERROR three", "READY");
    // stderr is drained on its own; ready on stdout says nothing about how far stderr got.
    org.awaitility.Awaitility.await()
        .untilAsserted(
            () ->
                assertThat(logs)
                    .filteredOn(l -> l.stream() == LogLine.Stream.STDERR)
                    .extracting(ProcessLog::line)
                    .containsExactly("on stderr"));
    assertThat(matches)
        .singleElement()
        .satisfies(
            match -> {
              assertThat(match.processName()).isEqualTo("api");
              assertThat(match.flagName()).isEqualTo("errors");
              assertThat(match.line()).isEqualTo("ERROR three");
              assertThat(match.matchCount()).isEqualTo(1);
              assertThat(match.targetCount()).isEqualTo(1);
              // The context comes from the one log of both streams; only stdout order is defined.
              assertThat(match.context()).hasSize(2).contains("two");
            });
    assertThat(api.logger().getFlag("errors").orElseThrow().targetReached()).isTrue();
  }
}
