package io.ovrseer.cli;

import io.ovrseer.Ovrseer;
import io.ovrseer.OvrseerStartException;
import io.ovrseer.ProcessType;
import io.ovrseer.RegisteredProcess;
import io.ovrseer.internal.Plural;
import io.ovrseer.internal.SharedExecutors;
import io.ovrseer.process.ProcessState;
import io.ovrseer.process.ProcessUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The commands the terminal UI gives Ovrseer. They run off the key-reading thread (restarts block
 * until the process is ready again), one at a time in the order they were given, so that {@code r}
 * then {@code s} ends stopped; each checks what it needs (is the process running?) when its turn
 * comes, not when its key was pressed, and tells its outcome on the status line. Lines for a
 * process's stdin go by a queue of their own, in the order they were typed, so that none waits for
 * a start or restart that blocks until a process is ready: that process may be waiting for the very
 * line.
 */
final class ProcessActions implements AutoCloseable {
  private static final long CLOSE_WAIT_SECONDS = 10;

  private final Ovrseer ovrseer;
  private final ViewState state;
  private final RunOutcome outcome;
  private final Runnable changed;
  private final ExecutorService executor;
  private final ExecutorService stdin;
  private volatile boolean closed;

  /**
   * Actions on {@code ovrseer} that tell their outcome on {@code state} and starts and failed
   * starts to {@code outcome}; {@code changed} asks for a frame.
   */
  ProcessActions(Ovrseer ovrseer, ViewState state, RunOutcome outcome, Runnable changed) {
    this.ovrseer = ovrseer;
    this.state = state;
    this.outcome = outcome;
    this.changed = changed;
    this.executor = Executors.newSingleThreadExecutor(SharedExecutors.named("ovrseer-cli-action"));
    this.stdin = Executors.newSingleThreadExecutor(SharedExecutors.named("ovrseer-cli-stdin"));
  }

  /** Starts the whole environment; a failure is shown with its reason. */
  void startEnvironment() {
    run("starting", this::startEnvironmentNow);
  }

  private String startEnvironmentNow() {
    ovrseer.start();
    outcome.started();
    state.phase("up");
    return "up: dependencies ready, main processes started";
  }

  void restart(String id) {
    run(
        "restarting " + id,
        () -> {
          // Stopped first on its own, so that a stop that leaves a process running is told apart
          // from a start that fails, and ends the run with 4 as for s.
          stopOrTell(id, "r");
          ovrseer.restartProcess(id);
          return started(id, "restarted");
        });
  }

  void restartAll() {
    run(
        "restarting all",
        () -> {
          // What restartAll runs again: every dependency and main process, and the setup processes
          // that did not complete (one that did has done its work and is not run again).
          List<String> rerun = new ArrayList<>();
          ovrseer
              .getAllProcesses()
              .forEach(
                  (id, process) -> {
                    boolean completedSetup =
                        process.type() == ProcessType.SETUP
                            && process.process().getState() == ProcessState.COMPLETED;
                    if (process.type() != ProcessType.CLEANUP && !completedSetup) {
                      rerun.add(id);
                    }
                  });
          ovrseer.restartAll();
          outcome.started();
          state.phase("up");
          rerun.forEach(state::countRestart);
          return "all restarted";
        });
  }

  void stop(String id) {
    run(
        "stopping " + id,
        () -> {
          stopOrTell(id, "s");
          return id + " stopped";
        });
  }

  /**
   * Stops {@code id} through Ovrseer, so that a restart pending after a crash is cancelled too, and
   * what a run that exited left is stopped (a process that is not running keeps its state). A stop
   * whose tree outlived SIGKILL leaves a process running, which ends the run with 4 as when the
   * stop of the environment leaves one: told to the outcome as {@code KEY could not stop ID}, then
   * rethrown for the status line (an unknown id is an IllegalArgumentException).
   */
  private void stopOrTell(String id, String key) {
    try {
      ovrseer.stopProcess(id);
    } catch (IllegalStateException e) {
      outcome.stopFailed(key + " could not stop " + id + ": " + e.getMessage());
      throw e;
    }
  }

  void start(String id) {
    run(
        "starting " + id,
        () -> {
          if (unit(id).isRunning()) {
            return id + " is already running; r restarts it";
          }
          // What its last run left (a daemon of a run that exited) is stopped first, as r stops: a
          // stop that leaves it running ends the run with 4 and does not start it.
          stopOrTell(id, "u");
          ovrseer.restartProcess(id);
          return started(id, "started");
        });
  }

  /**
   * Starts the environment if it is not running (stopping first any process started alone since),
   * else every dependency and main process that is not; never a setup process, which runs once per
   * start (as {@link Ovrseer#restartAll()} leaves alone those that completed).
   */
  void startAll() {
    run(
        "starting all stopped processes",
        () -> {
          if (!ovrseer.isRunning()) {
            // Processes started with u since a failed start would make start() fail to spawn
            // them again; stopping a stopped environment stops just them.
            ovrseer.stop();
            return startEnvironmentNow();
          }
          int started = 0;
          List<String> notStopped = new ArrayList<>();
          for (Map.Entry<String, RegisteredProcess> entry : ovrseer.getAllProcesses().entrySet()) {
            RegisteredProcess process = entry.getValue();
            if (process.type().isSupervised() && !process.process().isRunning()) {
              // As u: what its last run left is stopped first; one that cannot be is not started
              // (the run ends with 4), the others are.
              try {
                stopOrTell(entry.getKey(), "U");
              } catch (IllegalStateException e) {
                notStopped.add(e.getMessage());
                continue;
              }
              ovrseer.restartProcess(entry.getKey());
              started++;
            }
          }
          String done =
              started == 0
                  ? "every process is already running"
                  : "started " + Plural.of(started, "process", "processes");
          if (!notStopped.isEmpty()) {
            throw new IllegalStateException(
                (started == 0 ? "" : done + "; ") + String.join("; ", notStopped));
          }
          return done;
        });
  }

  /**
   * Writes {@code line} to the stdin of {@code id} (the run of it there is then) after the lines
   * typed before it, without waiting for the commands given before it: the environment's start, or
   * a restart, may be waiting for a process that reads this line before it is ready.
   */
  void sendStdin(String id, String line) {
    run(
        stdin,
        null,
        () -> {
          unit(id).sendStdin(line);
          return "sent to " + id + ": " + line;
        });
  }

  private ProcessUnit unit(String id) {
    return ovrseer
        .getProcess(id)
        .orElseThrow(() -> new IllegalArgumentException("no process " + id));
  }

  /**
   * What a restart or start of {@code id} that returned tells: {@code api restarted (pid 42)} once
   * ready, with {@code , not ready yet} if Ovrseer stopped waiting first; null (nothing) if it
   * crashed, failed its readiness or exited meanwhile, which its own event tells on the status
   * line, maybe already: "restarted" would hide the crash, or flash before it.
   */
  private String started(String id, String done) {
    return switch (unit(id).getState()) {
      case READY -> id + " " + done + pid(id);
      case STARTING -> id + " " + done + pid(id) + ", not ready yet";
      default -> null;
    };
  }

  private String pid(String id) {
    return unit(id).getPid().isPresent() ? " (pid " + unit(id).getPid().getAsLong() + ")" : "";
  }

  private interface Command {
    /** Runs; returns its outcome for the status line, or null to leave that line to the events. */
    String run();
  }

  private void run(String doing, Command command) {
    run(
        executor,
        doing,
        () -> {
          // Any of these may end as a failed start, told with what went wrong while it stopped.
          outcome.starting();
          return command.run();
        });
  }

  private void run(ExecutorService queue, String doing, Command command) {
    if (doing != null) {
      state.status(doing + "...", false);
      changed.run();
    }
    queue.execute(
        () -> {
          // Once closed, a command ends because the UI quits; its outcome is no news.
          try {
            String outcome = command.run();
            if (!closed && outcome != null) {
              state.status(outcome, false);
            }
          } catch (OvrseerStartException e) {
            if (!closed) {
              startFailed(e);
            }
          } catch (RuntimeException e) {
            if (!closed) {
              state.status((doing == null ? "failed" : doing + " failed") + ": " + reason(e), true);
            }
          }
          changed.run();
        });
  }

  /**
   * The message of {@code e} and of its causes where they add to it: a failed write to stdin says
   * why (the process closed its end) only in its cause.
   */
  private static String reason(Throwable e) {
    StringBuilder text = new StringBuilder(String.valueOf(e.getMessage()));
    Throwable cause = e.getCause();
    for (int depth = 0; cause != null && depth < 5; depth++, cause = cause.getCause()) {
      String message = cause.getMessage() == null ? cause.toString() : cause.getMessage();
      if (text.indexOf(message) < 0) {
        text.append(": ").append(message);
      }
    }
    return text.toString();
  }

  private void startFailed(OvrseerStartException e) {
    List<String> lines = StartFailure.lines(e);
    outcome.startFailed(lines);
    state.phase("start failed");
    if (e.getProcessId() != null) {
      state.select(e.getProcessId());
    }
    state.status(String.join(" / ", lines), true);
  }

  /**
   * Drops the commands and stdin lines not begun, interrupts the command running and waits (up to
   * {@value #CLOSE_WAIT_SECONDS} s) for it to end, so that none runs after the stop that follows;
   * the outcome of an interrupted command is not told. A line being written is not waited for: a
   * process that does not read its stdin may hold that write until the stop ends the process.
   * Idempotent.
   */
  @Override
  public void close() {
    closed = true;
    stdin.shutdownNow();
    executor.shutdownNow();
    try {
      executor.awaitTermination(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
