package io.ovrseer.assertj;

import static io.ovrseer.assertj.OvrseerAssertions.assertThat;
import static io.ovrseer.fixtures.Fixtures.steps;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.ovrseer.Ovrseer;
import io.ovrseer.OvrseerOptions;
import io.ovrseer.crash.CrashReport;
import io.ovrseer.crash.CrashReporter;
import io.ovrseer.crash.CrashType;
import io.ovrseer.process.ProcessUnit;
import io.ovrseer.process.ReadyCheck;
import io.ovrseer.testing.NoLeftoverProcesses;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** OvrseerAssert, on a real orchestrator. */
@ExtendWith(NoLeftoverProcesses.class)
class OvrseerAssertTest {
  @TempDir Path reports;
  private Ovrseer ovrseer;
  private ProcessUnit api;

  @BeforeEach
  void start() {
    ovrseer =
        new Ovrseer(
            OvrseerOptions.builder()
                .retries(1)
                .retryDelay(Duration.ofMinutes(1))
                .crashReporter(new CrashReporter(reports))
                .build());
    ovrseer.addDependency(
        "db",
        steps("out", "db up", "hang")
            .readyCheck(ReadyCheck.logPattern("db up", Duration.ofSeconds(20)))
            .build());
    api =
        steps("out", "api up", "hang")
            .readyCheck(ReadyCheck.logPattern("api up", Duration.ofSeconds(20)))
            .build();
    ovrseer.addMainProcess("api", api);
    ovrseer.start();
    api.ready().join();
  }

  @AfterEach
  void stop() {
    ovrseer.stop();
  }

  @Test
  void aHealthyEnvironmentHasNoCrashReportsAndReadyProcesses() {
    assertThat(ovrseer).isRunning().hasNoCrashReports();
    assertThat(ovrseer).crashReports().isEmpty();
    assertThat(ovrseer).process("api").isReady().hasLogLineMatching("api up");
  }

  @Test
  void hasNoCrashReportsListsTheReportsThereAre() {
    ProcessHandle.of(api.getPid().orElseThrow()).orElseThrow().destroyForcibly();
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> !ovrseer.getOptions().crashReporter().getReports().isEmpty());

    assertThatThrownBy(() -> assertThat(ovrseer).hasNoCrashReports())
        .isInstanceOf(AssertionError.class)
        .hasMessageStartingWith(
            "Expecting no crash reports but found 1:\n"
                + "process \"api\" (main) CRASH, signal SIGKILL, retries used: 0 of 1: main process"
                + " \"api\" exited with signal SIGKILL")
        .hasMessageEndingWith("last log lines:\n  | api up");
    assertThat(ovrseer)
        .crashReports()
        .singleElement()
        .satisfies(report -> assertThat(report).hasType(CrashType.CRASH).hasSignal("SIGKILL"));
    assertThatThrownBy(() -> assertThat(ovrseer).process("api").isRunning())
        .hasMessageStartingWith(
            "Expecting process \"api\" to be running but it was not: CRASHED (signal SIGKILL)");
  }

  @Test
  void aDescriptionCarriesToTheCrashReportsAndTheProcesses() {
    ProcessHandle.of(api.getPid().orElseThrow()).orElseThrow().destroyForcibly();
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> !ovrseer.getOptions().crashReporter().getReports().isEmpty());

    // crashReports() replaced it with its own ("[crash reports of [db, api]]"), process(..)
    // dropped it.
    assertThatThrownBy(() -> assertThat(ovrseer).as("after 100% load").crashReports().isEmpty())
        .isInstanceOf(AssertionError.class)
        .hasMessageStartingWith("[after 100% load: crash reports of [db, api]] ");
    assertThatThrownBy(() -> assertThat(ovrseer).crashReports().isEmpty())
        .hasMessageStartingWith("[crash reports of [db, api]] ");
    assertThatThrownBy(() -> assertThat(ovrseer).as("after 100%% load").process("api").isRunning())
        .hasMessageStartingWith(
            "[after 100%% load] Expecting process \"api\" to be running but it was not");
    assertThatThrownBy(
            () -> assertThat(ovrseer).as("after %s", "the load").process("db").isNotRunning())
        .hasMessageStartingWith("[after the load] Expecting process \"db\" not to be running");
  }

  @Test
  void crashReportsFailuresShowEachReportOnAReadableLine() {
    ProcessHandle.of(api.getPid().orElseThrow()).orElseThrow().destroyForcibly();
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> !ovrseer.getOptions().crashReporter().getReports().isEmpty());
    CrashReport report = ovrseer.getOptions().crashReporter().getReports().get(0);
    // The line hasNoCrashReports() starts each report with, and when it was seen.
    String line = report.toText(0) + " (at " + report.timestamp() + ")";

    // Shown as the record was, every field (command, args, each log line, flag counts) on one line.
    assertThatThrownBy(() -> assertThat(ovrseer).crashReports().isEmpty())
        .hasMessageContaining(line)
        .hasMessageNotContaining("CrashReport[");
    assertThatThrownBy(() -> assertThat(ovrseer).crashReports().hasSize(2))
        .hasMessageContaining(line)
        .hasMessageNotContaining("CrashReport[");
    assertThatThrownBy(() -> assertThat(ovrseer).crashReports().allMatch(r -> r.exitCode() != null))
        .hasMessageContaining(line)
        .hasMessageNotContaining("CrashReport[");
  }

  @Test
  void aNavigationToOneCrashReportGivesItsAssertionsAndMessages() {
    ProcessHandle.of(api.getPid().orElseThrow()).orElseThrow().destroyForcibly();
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> !ovrseer.getOptions().crashReporter().getReports().isEmpty());

    assertThat(ovrseer).crashReports().singleElement().hasType(CrashType.CRASH);
    assertThat(ovrseer).crashReports().last().hasProcessId("api").hasSignal("SIGKILL");
    assertThatThrownBy(() -> assertThat(ovrseer).crashReports().first().hasExitCode(1))
        .hasMessageContaining(
            "Expecting the crash report of process \"api\" to have exit code 1 but it has signal"
                + " SIGKILL")
        .hasMessageNotContaining("CrashReport[");
  }

  @Test
  void processFailsForAnUnknownId() {
    assertThatThrownBy(() -> assertThat(ovrseer).process("apy"))
        .isInstanceOf(AssertionError.class)
        .hasMessage("Expecting a process \"apy\" but the processes are [db, api]");
  }

  @Test
  void isRunningFailsOnceStopped() {
    ovrseer.stop();

    assertThatThrownBy(() -> assertThat(ovrseer).isRunning())
        .hasMessage(
            "Expecting the Ovrseer to be running but it was not (never started, or stopped)");
  }
}
