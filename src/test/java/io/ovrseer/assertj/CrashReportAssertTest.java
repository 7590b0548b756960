package io.ovrseer.assertj;

import static io.ovrseer.assertj.OvrseerAssertions.assertThat;
import static io.ovrseer.fixtures.Fixtures.steps;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.ovrseer.Ovrseer;
import io.ovrseer.OvrseerOptions;
import io.ovrseer.OvrseerStartException;
import io.ovrseer.ProcessType;
import io.ovrseer.crash.CrashReport;
import io.ovrseer.crash.CrashReporter;
import io.ovrseer.crash.CrashType;
import io.ovrseer.process.ProcessUnit;
import io.ovrseer.process.ReadyCheck;
import io.ovrseer.testing.NoLeftoverProcesses;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** CrashReportAssert, on reports of real crashes. */
@ExtendWith(NoLeftoverProcesses.class)
class CrashReportAssertTest {
  @TempDir Path reports;
  private Ovrseer ovrseer;

  @AfterEach
  void stop() {
    if (ovrseer != null) {
      ovrseer.stop();
    }
  }

  @Test
  void aProcessThatExitedHasItsExitCodeTypeAndLastLogs() {
    CrashReport crash =
        crashOf(steps("out", "connecting to db", "out", "connection refused", "exit", "3"));

    assertThat(crash)
        .hasProcessId("api")
        .hasType(CrashType.CRASH)
        .hasExitCode(3)
        .lastLogsContain("refused");
    assertThatThrownBy(() -> assertThat(crash).hasSignal("SIGKILL"))
        .isInstanceOf(AssertionError.class)
        .hasMessage(
            "Expecting the crash report of process \"api\" to have signal SIGKILL but it has exit"
                + " code 3");
    assertThatThrownBy(() -> assertThat(crash).hasExitCode(1))
        .hasMessage(
            "Expecting the crash report of process \"api\" to have exit code 1 but it has exit code"
                + " 3");
    assertThatThrownBy(() -> assertThat(crash).hasType(CrashType.READY_CHECK_FAILED))
        .hasMessageStartingWith(
            "Expecting the crash report of process \"api\" to be of type READY_CHECK_FAILED but it"
                + " is CRASH: main process \"api\" exited with exit code 3");
    assertThatThrownBy(() -> assertThat(crash).lastLogsContain("timeout"))
        .hasMessage(
            "Expecting the crash report of process \"api\" to have a last log line containing"
                + " \"timeout\" but none of its 2 lines did; last log lines:\n"
                + "  | connecting to db\n"
                + "  | connection refused");
    assertThatThrownBy(() -> assertThat(crash).hasProcessId("db"))
        .hasMessage("Expecting the crash report of process \"api\" to be about process \"db\"");
  }

  @Test
  void aProcessKilledBySignalHasItsSignal() {
    CrashReport crash =
        crashOf(
            steps("out", "READY", "hang"),
            unit -> ProcessHandle.of(unit.getPid().orElseThrow()).orElseThrow().destroyForcibly());

    assertThat(crash).hasSignal("SIGKILL").hasSignal("KILL").lastLogsContain("READY");
    // A number never matched: "to have signal SIG9 but it has signal SIGKILL".
    assertThat(crash).hasSignal("9").hasSignal("kill");
    assertThatThrownBy(() -> assertThat(crash).hasSignal("15"))
        .isInstanceOf(AssertionError.class)
        .hasMessage(
            "Expecting the crash report of process \"api\" to have signal SIGTERM (15) but it has"
                + " signal SIGKILL");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> assertThat(crash).hasSignal("99"))
        .withMessage(
            "hasSignal(\"99\"): this system has no signal numbered 99; give its name, such as"
                + " \"SIGKILL\"");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> assertThat(crash).hasSignal("-9"))
        .withMessage(
            "hasSignal(\"-9\"): not a signal name or number; give one such as \"SIGKILL\","
                + " \"KILL\" or \"9\"");
    assertThatThrownBy(() -> assertThat(crash).hasExitCode(137))
        .hasMessage(
            "Expecting the crash report of process \"api\" to have exit code 137 but it has signal"
                + " SIGKILL");
  }

  @Test
  void lastLogsContainOnAReportWithoutLinesSaysTheProcessLoggedNothing() {
    // A value, not a process: a process that logs nothing has no readiness check to wait for.
    CrashReport silent =
        new CrashReport(
            "api",
            ProcessType.MAIN,
            CrashType.CRASH,
            "./api",
            List.of(),
            3,
            null,
            Instant.now(),
            List.of(),
            0,
            0,
            "main process \"api\" exited with exit code 3",
            Map.of());

    // It said "but none of its 0 did; it logged nothing".
    assertThatThrownBy(() -> assertThat(silent).lastLogsContain("started"))
        .isInstanceOf(AssertionError.class)
        .hasMessage(
            "Expecting the crash report of process \"api\" to have a last log line containing"
                + " \"started\" but it has none: the process logged nothing");
  }

  @Test
  void theExitStatusOfAProcessStoppedForFailingItsCheckComesWithWhy() {
    ovrseer =
        new Ovrseer(
            OvrseerOptions.builder().retries(0).crashReporter(new CrashReporter(reports)).build());
    ovrseer.addDependency(
        "db",
        steps("out", "starting", "hang")
            .readyCheck(ReadyCheck.logPattern("listening", Duration.ofMillis(300)))
            .build());
    assertThatThrownBy(ovrseer::start).isInstanceOf(OvrseerStartException.class);
    CrashReport crash = ovrseer.getOptions().crashReporter().getReports().get(0);

    // It said "but it has signal SIGTERM", as if the process had been killed: the signal Ovrseer
    // stopped it with, not that its check failed.
    assertThatThrownBy(() -> assertThat(crash).hasExitCode(1))
        .hasMessage(
            "Expecting the crash report of process \"db\" to have exit code 1 but it has "
                + crash.describeExit()
                + " (READY_CHECK_FAILED: dependency \"db\" did not become ready within 300 ms:"
                + " waited for log line matching /listening/)");
    assertThatThrownBy(() -> assertThat(crash).hasSignal("KILL"))
        .hasMessageEndingWith(
            " (READY_CHECK_FAILED: dependency \"db\" did not become ready within 300 ms: waited"
                + " for log line matching /listening/)");
  }

  private CrashReport crashOf(ProcessUnit.Builder process) {
    return crashOf(process, unit -> {});
  }

  /** Runs {@code process} as main process "api" and returns the report of its first crash. */
  private CrashReport crashOf(
      ProcessUnit.Builder process, java.util.function.Consumer<ProcessUnit> crash) {
    ovrseer =
        new Ovrseer(
            OvrseerOptions.builder()
                .retries(1)
                .retryDelay(Duration.ofMinutes(1))
                .crashReporter(new CrashReporter(reports))
                .build());
    ProcessUnit api =
        process.readyCheck(ReadyCheck.logPattern(".", Duration.ofSeconds(20))).build();
    ovrseer.addMainProcess("api", api);
    ovrseer.start();
    api.ready().join();
    crash.accept(api);
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> !ovrseer.getOptions().crashReporter().getReports().isEmpty());
    List<CrashReport> reports = ovrseer.getOptions().crashReporter().getReports();
    return reports.get(0);
  }
}
