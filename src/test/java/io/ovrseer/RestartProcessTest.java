package io.ovrseer;

import static io.ovrseer.fixtures.Fixtures.steps;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ovrseer.crash.CrashReporter;
import io.ovrseer.process.ProcessState;
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

@ExtendWith(NoLeftoverProcesses.class)
class RestartProcessTest {
  @TempDir Path reports;
  private Ovrseer ovrseer;
  private ProcessUnit db;
  private ProcessUnit api;

  @BeforeEach
  void start() {
    ovrseer =
        new Ovrseer(OvrseerOptions.builder().crashReporter(new CrashReporter(reports)).build());
    db =
        steps("out", "db READY", "hang")
            .readyCheck(ReadyCheck.logPattern("READY", Duration.ofSeconds(20)))
            .build();
    api =
        steps("out", "api READY", "hang")
            .readyCheck(ReadyCheck.logPattern("READY", Duration.ofSeconds(20)))
            .build();
    ovrseer.addDependency("db", db);
    ovrseer.addMainProcess("api", api);
    ovrseer.start();
    api.ready().join();
  }

  @AfterEach
  void stop() {
    ovrseer.stop();
  }

  @Test
  void restartProcessGivesANewPidTheSameLoggerAndReadiness() {
    long before = api.getPid().orElseThrow();
    var logger = api.logger();

    ovrseer.restartProcess("api");

    assertThat(api.getPid().orElseThrow()).isNotEqualTo(before);
    assertThat(api.logger()).isSameAs(logger);
    assertThat(api.getState()).isEqualTo(ProcessState.READY);
    assertThat(logger.getLogs()).containsExactly("api READY", "api READY");
    assertThat(ProcessHandle.of(before).map(ProcessHandle::isAlive))
        .isNotEqualTo(java.util.Optional.of(true));
  }

  @Test
  void restartProcessWithATypeRestartsOnlyInThatGroup() {
    long dbBefore = db.getPid().orElseThrow();
    long apiBefore = api.getPid().orElseThrow();

    ovrseer.restartProcess("db", ProcessType.DEPENDENCY);

    assertThat(db.getPid().orElseThrow()).isNotEqualTo(dbBefore);
    assertThat(api.getPid()).hasValue(apiBefore);
    assertThat(db.getState()).isEqualTo(ProcessState.READY);
  }

  @Test
  void stopAlsoStopsProcessesRestartedWhileTheOrchestratorWasNotStarted() {
    ovrseer.stop();
    ovrseer.restartProcess("api");
    assertThat(api.isRunning()).isTrue();

    ovrseer.stop();

    assertThat(api.isRunning()).isFalse();
  }

  @Test
  void unknownIdsAreRejected() {
    assertThatThrownBy(() -> ovrseer.restartProcess("apy"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("\"apy\"")
        .hasMessageContaining("[db, api]");
    assertThatThrownBy(() -> ovrseer.restartProcess("api", ProcessType.DEPENDENCY))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("dependency");
  }

  @Test
  void aRemovedProcessCannotBeRestartedAndIsStopped() {
    long pid = api.getPid().orElseThrow();

    ovrseer.removeMainProcess("api");

    assertThat(api.isRunning()).isFalse();
    assertThat(ovrseer.getProcess("api")).isEmpty();
    assertThatThrownBy(() -> ovrseer.restartProcess("api"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(io.ovrseer.internal.ProcessTree.isDead(pid)).isTrue();
  }
}
