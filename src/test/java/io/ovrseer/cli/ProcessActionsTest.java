package io.ovrseer.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ovrseer.Ovrseer;
import io.ovrseer.OvrseerOptions;
import io.ovrseer.crash.CrashReporter;
import io.ovrseer.process.ProcessUnit;
import io.ovrseer.process.ReadyCheck;
import io.ovrseer.testing.NoLeftoverProcesses;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The terminal UI's actions, run in this JVM: what they tell on the status line. */
@ExtendWith(NoLeftoverProcesses.class)
class ProcessActionsTest {
  @TempDir Path dir;

  @Test
  void aRestartWhoseReadinessFailsNeverSaysRestarted() {
    // Ready on its first run; its restart exits before it is ready.
    Path marker = dir.resolve("ran");
    Ovrseer ovrseer =
        new Ovrseer(
            OvrseerOptions.builder()
                .retries(0)
                .crashReporter(new CrashReporter(dir.resolve("reports")))
                .build());
    ovrseer.addMainProcess(
        "api",
        ProcessUnit.builder(
                "sh",
                "-c",
                "if [ -e '"
                    + marker
                    + "' ]; then echo broken; exit 3; fi; : > '"
                    + marker
                    + "'; echo READY; exec sleep 600")
            .readyCheck(ReadyCheck.logPattern("READY", Duration.ofSeconds(20)))
            .build());
    ovrseer.addMainProcess("worker", ProcessUnit.builder("sleep", "600").build());
    ViewState state = new ViewState(List.of("api", "worker"), false);
    // Every status the line shows is followed by a frame request: recorded there.
    List<String> shown = new CopyOnWriteArrayList<>();
    Runnable changed = () -> shown.add(state.view().status());
    StatusFeed.attach(ovrseer, state, changed);
    ProcessActions actions = new ProcessActions(ovrseer, state, RunOutcome.of(ovrseer), changed);
    try {
      actions.startEnvironment();
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> shown.contains("up: dependencies ready, main processes started"));

      actions.restart("api");
      // Run after the restart: once its outcome is shown, the restart's is too.
      actions.stop("worker");
      await().atMost(Duration.ofSeconds(30)).until(() -> shown.contains("worker stopped"));

      await("api's crash told")
          .atMost(Duration.ofSeconds(30))
          .until(() -> shown.stream().anyMatch(s -> s.startsWith("api crashed: ")));
      assertThat(shown).as("the statuses shown").noneMatch(s -> s.startsWith("api restarted"));
    } finally {
      actions.close();
      ovrseer.stop();
    }
  }
}
