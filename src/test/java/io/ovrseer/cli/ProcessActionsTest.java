package io.ovrseer.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ovrseer.Ovrseer;
import io.ovrseer.OvrseerOptions;
import io.ovrseer.crash.CrashReporter;
import io.ovrseer.internal.ProcessTree;
import io.ovrseer.process.ProcessState;
import io.ovrseer.process.ProcessUnit;
import io.ovrseer.process.ReadyCheck;
import io.ovrseer.testing.Backends;
import io.ovrseer.testing.NoLeftoverProcesses;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Predicate;
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

  /**
   * {@code s} on the dependency "keeper", whose child this JVM may not signal ({@linkplain
   * ProcessTree#protect protected}, as a process of another user would be to a CLI that is not
   * root): the stop leaves the child running, which ends the run with 4, as when the stop of the
   * environment or of a failed start leaves one. The child is gone before the environment's own
   * stop, which therefore goes well: the 4 is the {@code s}'s. The stop waits out the 5 s that it
   * keeps sending SIGKILL.
   */
  @Test
  void aStopKeyThatLeavesAProcessRunningEndsTheRunWithExitCode4AndSaysWhich() {
    RunOutcome outcome =
        afterAKeyWhileKeepersChildCannotBeStopped(
            actions -> actions.stop("keeper"),
            status -> status.startsWith("stopping keeper failed: "));

    assertThat(outcome.exitCode()).isEqualTo(ExitCode.STOP_FAILED);
    assertThat(outcome.reasons())
        .singleElement()
        .asString()
        .startsWith("the stop went wrong: s could not stop keeper: ")
        .contains("after SIGKILL");
  }

  /**
   * {@code R} while the child of "keeper" cannot be stopped: the restart's stop leaves it running,
   * then the start succeeds. The run ends with 4 all the same, as when {@code s} leaves one.
   */
  @Test
  void aRestartAllWhoseStopLeavesAProcessRunningEndsTheRunWithExitCode4() {
    RunOutcome outcome =
        afterAKeyWhileKeepersChildCannotBeStopped(
            ProcessActions::restartAll, status -> status.equals("all restarted"));

    assertThat(outcome.exitCode()).isEqualTo(ExitCode.STOP_FAILED);
    assertThat(outcome.reasons())
        .singleElement()
        .asString()
        .startsWith("the stop went wrong: error in dependencies phase: could not stop all of")
        .contains("after SIGKILL");
  }

  /**
   * {@code r} on "keeper" while its child cannot be stopped: the restart's stop leaves the child
   * running and the restart ends there. The run ends with 4 and says which, as for {@code s}; the
   * child is gone before the environment's own stop, so the 4 is the {@code r}'s.
   */
  @Test
  void aRestartKeyWhoseStopLeavesAProcessRunningEndsTheRunWithExitCode4AndSaysWhich() {
    RunOutcome outcome =
        afterAKeyWhileKeepersChildCannotBeStopped(
            actions -> actions.restart("keeper"),
            status -> status.startsWith("restarting keeper failed: "));

    assertThat(outcome.exitCode()).isEqualTo(ExitCode.STOP_FAILED);
    assertThat(outcome.reasons())
        .singleElement()
        .asString()
        .startsWith("the stop went wrong: r could not stop keeper: ")
        .contains("after SIGKILL");
  }

  /**
   * {@code u} on "keeper" after it exited 0 and left its child running, which cannot be stopped:
   * the start's stop of what the run left fails, so it does not start it, and the run ends with 4
   * and says which, as for {@code s}.
   */
  @Test
  void aStartKeyWhoseStopOfWhatTheLastRunLeftFailsEndsTheRunWithExitCode4AndSaysWhich() {
    Backends.assumeLinux(
        "finds what a run that exited left in its session; portable does not look for it");
    RunOutcome outcome =
        afterAKeyWhileKeepersChildCannotBeStopped(
            ProcessActionsTest::keeperExitsZero,
            actions -> actions.start("keeper"),
            status -> status.startsWith("starting keeper failed: "));

    assertThat(outcome.exitCode()).isEqualTo(ExitCode.STOP_FAILED);
    assertThat(outcome.reasons())
        .singleElement()
        .asString()
        .startsWith("the stop went wrong: u could not stop keeper: ")
        .contains("after SIGKILL");
  }

  /**
   * {@code U} while "keeper" exited 0 and left its child running, which cannot be stopped: as for
   * {@code u}, the run ends with 4 and says which.
   */
  @Test
  void aStartAllKeyWhoseStopOfWhatARunLeftFailsEndsTheRunWithExitCode4AndSaysWhich() {
    Backends.assumeLinux(
        "finds what a run that exited left in its session; portable does not look for it");
    RunOutcome outcome =
        afterAKeyWhileKeepersChildCannotBeStopped(
            ProcessActionsTest::keeperExitsZero,
            ProcessActions::startAll,
            status -> status.startsWith("starting all stopped processes failed: "));

    assertThat(outcome.exitCode()).isEqualTo(ExitCode.STOP_FAILED);
    assertThat(outcome.reasons())
        .singleElement()
        .asString()
        .startsWith("the stop went wrong: U could not stop keeper: ")
        .contains("after SIGKILL");
  }

  /** Ends the run of "keeper" with exit 0 (its line read), leaving its child running. */
  private static void keeperExitsZero(Ovrseer ovrseer) {
    ProcessUnit keeper = ovrseer.getProcess("keeper").orElseThrow();
    keeper.sendStdin("exit");
    await("keeper exited 0")
        .atMost(Duration.ofSeconds(30))
        .until(() -> keeper.getState() == ProcessState.COMPLETED);
  }

  private RunOutcome afterAKeyWhileKeepersChildCannotBeStopped(
      Consumer<ProcessActions> key, Predicate<String> shown) {
    return afterAKeyWhileKeepersChildCannotBeStopped(ovrseer -> {}, key, shown);
  }

  /**
   * Starts a dependency "keeper" whose child is {@linkplain ProcessTree#protect protected} (it
   * outlives SIGKILL), runs {@code before} (keeper exits 0 once it reads a line), presses {@code
   * key} and waits until the status line shows what {@code shown} accepts; then ends the child, so
   * that the environment's own stop goes well, stops the environment and returns the run's outcome:
   * any stop failure in it is the key's.
   */
  private RunOutcome afterAKeyWhileKeepersChildCannotBeStopped(
      Consumer<Ovrseer> before, Consumer<ProcessActions> key, Predicate<String> shown) {
    Ovrseer ovrseer =
        new Ovrseer(
            OvrseerOptions.builder()
                .crashReporter(new CrashReporter(dir.resolve("reports")))
                .build());
    ovrseer.addDependency(
        "keeper",
        ProcessUnit.builder("sh", "-c", "sleep 600 & echo READY; read line; exit 0")
            .readyCheck(ReadyCheck.logPattern("READY", Duration.ofSeconds(20)))
            .stopTimeout(Duration.ofMillis(100))
            .build());
    ViewState state = new ViewState(List.of("keeper"), false);
    List<String> statuses = new CopyOnWriteArrayList<>();
    Runnable changed = () -> statuses.add(state.view().status());
    RunOutcome outcome = RunOutcome.of(ovrseer);
    ProcessActions actions = new ProcessActions(ovrseer, state, outcome, changed);
    ProcessHandle child = null;
    try {
      actions.startEnvironment();
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> statuses.contains("up: dependencies ready, main processes started"));
      child =
          ProcessHandle.of(ovrseer.getProcess("keeper").orElseThrow().getPid().orElseThrow())
              .orElseThrow()
              .children()
              .findFirst()
              .orElseThrow();
      ProcessTree.protect(child);

      before.accept(ovrseer);
      key.accept(actions);
      await("the key's outcome shown")
          .atMost(Duration.ofSeconds(30))
          .until(() -> statuses.stream().anyMatch(shown));
      child.destroyForcibly();
      child.onExit().join();
      actions.close();
      outcome.stopping();
      ovrseer.stop();
      ovrseer.awaitEventsDelivered();
      return outcome;
    } finally {
      if (child != null) {
        child.destroyForcibly();
        child.onExit().join();
      }
      actions.close();
      ovrseer.stop();
    }
  }
}
