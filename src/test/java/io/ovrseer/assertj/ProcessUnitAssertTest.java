package io.ovrseer.assertj;

import static io.ovrseer.assertj.OvrseerAssertions.assertThat;
import static io.ovrseer.fixtures.Fixtures.steps;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.ovrseer.log.Flag;
import io.ovrseer.log.LogLine;
import io.ovrseer.log.ProcessLogger;
import io.ovrseer.process.ProcessSpawnException;
import io.ovrseer.process.ProcessState;
import io.ovrseer.process.ProcessUnit;
import io.ovrseer.process.ReadinessException;
import io.ovrseer.process.ReadyCheck;
import io.ovrseer.testing.NoLeftoverProcesses;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** ProcessUnitAssert, on real processes. */
@ExtendWith(NoLeftoverProcesses.class)
class ProcessUnitAssertTest {
  private final List<ProcessUnit> started = new ArrayList<>();

  @AfterEach
  void stopAll() {
    started.forEach(ProcessUnit::stop);
  }

  @Test
  void aReadyProcessPassesIsReadyIsRunningAndHasState() {
    ProcessUnit api = readyProcess("api", "out", "listening on 8080", "hang");

    assertThat(api)
        .isReady()
        .isRunning()
        .hasState(ProcessState.READY)
        .hasLogLineMatching("listening on \\d+");
  }

  @Test
  void isReadyOfACrashedProcessShowsItsStateExitCodeAndLastLogLines() {
    ProcessUnit api =
        start(
            "api",
            steps("out", "loading config", "out", "no such file: app.yml", "exit", "3")
                .readyCheck(ReadyCheck.logPattern("listening", Duration.ofSeconds(20)))
                .build());
    api.exit().join();

    assertThatThrownBy(() -> assertThat(api).isReady())
        .isInstanceOf(AssertionError.class)
        .hasMessage(
            "Expecting process \"api\" to be ready but was CRASHED (exit code 3); last log lines:\n"
                + "  | loading config\n"
                + "  | no such file: app.yml");
  }

  @Test
  void aProcessThatFailedItsReadinessCheckIsShownWithTheCheckNotTheSignalThatStoppedIt() {
    ProcessUnit api =
        start(
            "api",
            steps("out", "starting", "hang")
                .readyCheck(ReadyCheck.logPattern("listening", Duration.ofMillis(300)))
                .build());
    assertThatThrownBy(() -> api.ready().join()).hasCauseInstanceOf(ReadinessException.class);
    api.exit().join();

    // It said "but was CRASHED (signal SIGTERM)": as if the process had been killed, when it was
    // Ovrseer that stopped it for failing its check, which the message did not name.
    // Its last lines are not checked: on a loaded machine the 300 ms can end before the child JVM
    // printed "starting" (it is then stopped during its start-up, which says so).
    assertThatThrownBy(() -> assertThat(api).isReady())
        .hasMessageStartingWith(
            "Expecting process \"api\" to be ready but was CRASHED (did not become ready within"
                + " 300 ms: waited for log line matching /listening/); ");
  }

  @Test
  void aProcessWithoutARecordedIdIsNamedByItsCommandLine() {
    ProcessUnit unnamed = ProcessUnit.builder(steps().build().command(), "-version").build();
    unnamed.start();
    started.add(unnamed);
    unnamed.exit().join();

    assertThatThrownBy(() -> assertThat(unnamed).isRunning())
        .hasMessageStartingWith(
            "Expecting process ["
                + unnamed.command()
                + " -version] to be running but it was not: COMPLETED (exit code 0)");
  }

  @Test
  void aProcessThatCouldNotBeSpawnedIsShownFailedWithWhy(@TempDir Path dir) {
    Path gone = dir.resolve("gone");
    ProcessUnit api = ProcessUnit.builder("sh", "-c", "echo hi").workingDirectory(gone).build();
    ProcessNames.record("api", api);
    assertThatThrownBy(api::start).isInstanceOf(ProcessSpawnException.class);

    // It said "but was FAILED; it logged nothing", and not why.
    assertThatThrownBy(() -> assertThat(api).isReady())
        .hasMessage(
            "Expecting process \"api\" to be ready but was FAILED (cannot start process [sh -c"
                + " echo hi] in "
                + gone
                + ": working directory "
                + gone
                + " does not exist); it logged nothing");
    assertThatThrownBy(() -> assertThat(api).isRunning())
        .hasMessageContaining("to be running but it was not: FAILED (cannot start process");
  }

  @Test
  void isRunningAndIsNotRunningFollowTheProcess() {
    ProcessUnit db = readyProcess("db", "out", "db up", "hang");
    long pid = db.getPid().orElseThrow();

    assertThatThrownBy(() -> assertThat(db).isNotRunning())
        .hasMessage("Expecting process \"db\" not to be running but it was: READY, pid " + pid);

    db.stop();

    assertThat(db).isNotRunning().hasState(ProcessState.STOPPED);
    assertThatThrownBy(() -> assertThat(db).isRunning())
        .hasMessageStartingWith("Expecting process \"db\" to be running but it was not: STOPPED (")
        .hasMessageEndingWith("; last log lines:\n  | db up");
  }

  @Test
  void hasStateNamesTheExpectedAndTheActualState() {
    ProcessUnit db = readyProcess("db", "out", "db up", "hang");

    assertThatThrownBy(() -> assertThat(db).hasState(ProcessState.STOPPED))
        .hasMessage(
            "Expecting process \"db\" to be STOPPED but was READY; last log lines:\n  | db up");
  }

  @Test
  void hasLogLineMatchingShowsTheLastLinesWhenNothingMatches() {
    ProcessUnit api = readyProcess("api", "out", "starting", "out", "READY", "hang");

    assertThatThrownBy(() -> assertThat(api).hasLogLineMatching("listening on \\d+"))
        .hasMessage(
            "Expecting process \"api\" to have logged a line matching /listening on \\d+/ but none"
                + " of its 2 lines did; last log lines:\n"
                + "  | starting\n"
                + "  | READY");
    assertThat(api).hasNoLogLineMatching("ERROR");
    assertThatThrownBy(() -> assertThat(api).hasNoLogLineMatching("START|REA"))
        .hasMessage(
            "Expecting process \"api\" to have logged no line matching /START|REA/ but 1 line"
                + " did:\n"
                + "  | READY");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> assertThat(api).hasLogLineMatching("(unclosed"))
        .withMessageStartingWith("invalid log line regex [(unclosed]");
  }

  @Test
  void hasNoLogLineMatchingSaysWhichOfMoreMatchingLinesItShows() {
    List<String> steps = new ArrayList<>();
    for (int i = 1; i <= 12; i++) {
      steps.addAll(List.of("out", "ERROR " + i));
    }
    steps.addAll(List.of("out", "READY", "hang"));
    ProcessUnit api = readyProcess("api", steps.toArray(String[]::new));

    // "but 12 lines did:" then 10 lines, which read as if they were all.
    assertThatThrownBy(() -> assertThat(api).hasNoLogLineMatching("ERROR"))
        .hasMessageStartingWith(
            "Expecting process \"api\" to have logged no line matching /ERROR/ but 12 lines did;"
                + " the first 10:\n"
                + "  | ERROR 1\n")
        .hasMessageEndingWith("  | ERROR 10");
  }

  @Test
  void hasLogLineMatchingOfAProcessThatLoggedNothingSaysSo() {
    ProcessUnit api = start("api", steps("hang").build());
    await().atMost(Duration.ofSeconds(20)).until(api::isRunning);

    // It said "but none of its 0 lines did; it logged nothing".
    assertThatThrownBy(() -> assertThat(api).hasLogLineMatching("listening"))
        .hasMessage(
            "Expecting process \"api\" to have logged a line matching /listening/ but it logged"
                + " nothing");
  }

  @Test
  void hasLogLineMatchingShowsTheLinesItSearched() {
    // A line that comes while the assertion fails (the process is running) was shown among the
    // "last log lines" of a message saying that none matched, as those were read a second time.
    ProcessLogger logger =
        new ProcessLogger() {
          @Override
          public List<LogLine> getEntries() {
            List<LogLine> searched = super.getEntries();
            append(LogLine.Stream.STDOUT, "listening on 8080");
            return searched;
          }
        };
    ProcessUnit api =
        start(
            "api",
            steps("out", "starting", "hang")
                .logger(logger)
                .readyCheck(ReadyCheck.logPattern("starting", Duration.ofSeconds(20)))
                .build());
    api.ready().join();

    assertThatThrownBy(() -> assertThat(api).hasLogLineMatching("listening on \\d+"))
        .hasMessage(
            "Expecting process \"api\" to have logged a line matching /listening on \\d+/ but none"
                + " of its 1 line did; last log lines:\n"
                + "  | starting");
  }

  @Test
  void canBeRetriedUntilTheProcessHasLoggedTheLine() {
    ProcessUnit worker =
        start(
            "worker",
            steps("out", "READY", "sleep", "300", "out", "job 1 done", "hang")
                .readyCheck(ReadyCheck.logPattern("READY", Duration.ofSeconds(20)))
                .build());

    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(() -> assertThat(worker).hasLogLineMatching("job \\d+ done"));
  }

  @Test
  void flagNavigatesToTheFlagOfTheProcessLog() {
    ProcessLogger logger = new ProcessLogger();
    logger.addFlag("errors", Flag.of("ERROR"));
    ProcessUnit api =
        start(
            "api",
            steps("out", "ERROR one", "out", "fine", "out", "ERROR two", "out", "READY", "hang")
                .logger(logger)
                .readyCheck(ReadyCheck.logPattern("READY", Duration.ofSeconds(20)))
                .build());
    api.ready().join();

    assertThat(api).flag("errors").hasCount(2).hasMatchContaining("two");
    assertThatThrownBy(() -> assertThat(api).flag("errors").hasNoMatches())
        .hasMessage(
            "Expecting flag \"errors\" of process \"api\" to have no matches but it matched 2"
                + " times:\n"
                + "  | ERROR one\n"
                + "  | ERROR two");
    // The description of the process's assertion carries to its flag's (it was dropped).
    assertThatThrownBy(() -> assertThat(api).as("after the load").flag("errors").hasNoMatches())
        .hasMessageStartingWith(
            "[after the load] Expecting flag \"errors\" of process \"api\" to have no matches");
    assertThatThrownBy(() -> assertThat(api).flag("warnings"))
        .hasMessage(
            "Expecting process \"api\" to have a flag named \"warnings\" but its flags are"
                + " [errors]");
  }

  /** Starts {@code steps} and waits until its last "out" line was logged. */
  private ProcessUnit readyProcess(String id, String... steps) {
    String last = null;
    for (int i = 0; i < steps.length - 1; i++) {
      if (steps[i].equals("out")) {
        last = steps[i + 1];
      }
    }
    ProcessUnit unit =
        start(
            id,
            steps(steps)
                .readyCheck(
                    ReadyCheck.logPattern(
                        java.util.regex.Pattern.quote(last), Duration.ofSeconds(20)))
                .build());
    unit.ready().join();
    return unit;
  }

  private ProcessUnit start(String id, ProcessUnit unit) {
    ProcessNames.record(id, unit);
    unit.start();
    started.add(unit);
    return unit;
  }
}
