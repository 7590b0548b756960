package io.ovrseer.cli;

import io.ovrseer.Ovrseer;
import io.ovrseer.event.LifecycleError;
import io.ovrseer.event.ProcessCrash;
import io.ovrseer.internal.Plural;
import io.ovrseer.process.ProcessState;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * How a run of {@code ovrseer up} went, for its exit code and its last words: the last failed start
 * (forgotten once a start succeeds), the last crash of each process, and what went wrong while it
 * stopped. A run that is stopped ends {@link ExitCode#KILLED} if it was {@link #killed()}, {@link
 * ExitCode#STOP_FAILED} if a {@code lifecycle:error} came after {@link #stopping()} or during a
 * start, failed or not (the stop of what that start had started, or that {@code R} makes first: a
 * process left running), or a stop of one process left one running ({@link #stopFailed}), {@link
 * ExitCode#START_FAILED} if its last start failed, {@link ExitCode#PROCESS_FAILED} if a dependency
 * or main process is {@code FAILED} (Ovrseer gave up on it), else {@link ExitCode#STOPPED}.
 * Thread-safe.
 */
final class RunOutcome {
  private final Ovrseer ovrseer;
  private final Map<String, String> lastCrash = new ConcurrentHashMap<>();
  private final List<String> reported = new CopyOnWriteArrayList<>();
  private final List<String> notWritten = new CopyOnWriteArrayList<>();
  private volatile Throwable lastWriteFailure;
  private volatile List<String> startFailure = List.of();
  private final List<String> stopErrors = new CopyOnWriteArrayList<>();

  /** The {@code lifecycle:error}s since the last {@link #starting()}, told as stop errors. */
  private final List<String> sinceStarting = new CopyOnWriteArrayList<>();

  private volatile boolean stopping;
  private volatile boolean killed;

  private RunOutcome(Ovrseer ovrseer) {
    this.ovrseer = ovrseer;
  }

  /** An outcome that follows the crashes of {@code ovrseer}, from now on. */
  static RunOutcome of(Ovrseer ovrseer) {
    RunOutcome outcome = new RunOutcome(ovrseer);
    ovrseer.on(
        ProcessCrash.class,
        crash -> {
          EventText.describe(crash).ifPresent(text -> outcome.lastCrash.put(crash.name(), text));
          if (crash.report() != null) {
            // Posted after the report was saved, or failed to be: the reporter knows which.
            Optional<Throwable> failure =
                outcome.reporter().flatMap(reporter -> reporter.failure(crash.report()));
            if (failure.isPresent()) {
              outcome.notWritten.add(crash.name());
              outcome.lastWriteFailure = failure.get();
            } else if (outcome.reporter().isPresent()) {
              outcome.reported.add(crash.name());
            }
          }
        });
    ovrseer.on(
        LifecycleError.class,
        error -> {
          if (outcome.reporter().map(r -> r.isFailure(error.error())).orElse(false)) {
            return; // a crash report not written: told with the crash reports, not a stop error
          }
          String text =
              "the stop went wrong: " + EventText.describe(error).orElse(error.toString());
          if (outcome.stopping) {
            outcome.stopErrors.add(text);
          } else {
            outcome.sinceStarting.add(text);
          }
        });
    return outcome;
  }

  /** The environment is being stopped: a {@code lifecycle:error} from now on fails the run. */
  void stopping() {
    stopping = true;
  }

  /** A second Ctrl+C came while stopping: the environment is being killed, without cleanup. */
  void killed() {
    killed = true;
  }

  /**
   * A start (or a command that may end as a failed start) begins: the {@code lifecycle:error}s from
   * now on are what went wrong while it stopped what it had started, should it fail.
   */
  void starting() {
    sinceStarting.clear();
  }

  /**
   * A start failed; {@code lines} tell why (see {@link StartFailure}). Ovrseer stopped what it had
   * started before it threw, and delivered the events of that stop: a {@code lifecycle:error} since
   * {@link #starting()} is a stop that went wrong (a process left running).
   */
  void startFailed(List<String> lines) {
    startFailure = List.copyOf(lines);
    stopErrors.addAll(sinceStarting);
    sinceStarting.clear();
  }

  /**
   * A stop of one process ({@code s}, or the one {@code r}, {@code u} or {@code U} makes first)
   * failed and left a process running ({@code why} says which): the run ends {@link
   * ExitCode#STOP_FAILED}, as when the stop of the environment leaves one.
   */
  void stopFailed(String why) {
    stopErrors.add("the stop went wrong: " + why);
  }

  /**
   * A start succeeded: an earlier failed start is no longer the outcome. A {@code lifecycle:error}
   * since {@link #starting()} still is: the stop that {@code R} (or {@code U} after a failed start)
   * makes first left a process running, which its start does not undo.
   */
  void started() {
    startFailure = List.of();
    stopErrors.addAll(sinceStarting);
    sinceStarting.clear();
  }

  /** The exit code, once the environment was stopped on request. */
  ExitCode exitCode() {
    if (killed) {
      return ExitCode.KILLED;
    }
    // A process left running matters more than why the start failed, which the reasons tell too.
    if (!stopErrors.isEmpty()) {
      return ExitCode.STOP_FAILED;
    }
    if (!startFailure.isEmpty()) {
      return ExitCode.START_FAILED;
    }
    return failedProcesses().isEmpty() ? ExitCode.STOPPED : ExitCode.PROCESS_FAILED;
  }

  /**
   * The lines that tell why {@link #exitCode()} is not {@link ExitCode#STOPPED}: that it was
   * killed, if so; the failed start's lines, or each failed process with its last crash; then what
   * went wrong while stopping; none for a good run.
   */
  List<String> reasons() {
    List<String> reasons = new ArrayList<>();
    if (killed) {
      reasons.add(
          "stopped hard by a second Ctrl+C: what still ran was killed (SIGKILL), without waiting"
              + " out stop timeouts or the cleanup phase");
    }
    if (!startFailure.isEmpty()) {
      reasons.addAll(startFailure);
      reasons.addAll(stopErrors);
      return reasons;
    }
    for (String id : failedProcesses()) {
      String crash = lastCrash.get(id);
      reasons.add(id + " is FAILED" + (crash == null ? "" : ": " + crash));
    }
    reasons.addAll(stopErrors);
    return reasons;
  }

  /**
   * Where the crash reports of this run went, as {@code 2 crash reports (worker, backup) written to
   * DIR}, the directory absolute; then those that could not be written, as {@code 1 crash report
   * (api) could not be written: WHY} (the last failure's message, which names the process and the
   * directory); none if no process crashed. Known only with a {@link TrackedCrashReporter}, as
   * {@link Environments#toOvrseer} gives the CLI's orchestrator; with another reporter, none.
   */
  List<String> crashReports() {
    List<String> lines = new ArrayList<>();
    if (!reported.isEmpty()) {
      Path dir = ovrseer.getOptions().crashReporter().getReportsDir().toAbsolutePath();
      lines.add(count(reported) + " written to " + dir);
    }
    Throwable failure = lastWriteFailure;
    if (!notWritten.isEmpty() && failure != null) {
      lines.add(count(notWritten) + " could not be written: " + failure.getMessage());
    }
    return lines;
  }

  /** {@code 2 crash reports (worker, backup)}: how many, of which processes. */
  private static String count(List<String> ids) {
    return Plural.of(ids.size(), "crash report", "crash reports")
        + " ("
        + String.join(", ", new LinkedHashSet<>(ids))
        + ")";
  }

  private Optional<TrackedCrashReporter> reporter() {
    return ovrseer.getOptions().crashReporter() instanceof TrackedCrashReporter tracked
        ? Optional.of(tracked)
        : Optional.empty();
  }

  private List<String> failedProcesses() {
    List<String> failed = new ArrayList<>();
    ovrseer
        .getAllProcesses()
        .forEach(
            (id, registered) -> {
              if (registered.type().isSupervised()
                  && registered.process().getState() == ProcessState.FAILED) {
                failed.add(id);
              }
            });
    return failed;
  }
}
