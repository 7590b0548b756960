package io.ovrseer.cli;

import io.ovrseer.Ovrseer;
import io.ovrseer.OvrseerStartException;
import io.ovrseer.ProcessType;
import io.ovrseer.RegisteredProcess;
import io.ovrseer.internal.Plural;
import io.ovrseer.internal.SharedExecutors;
import io.ovrseer.process.ProcessUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The commands the terminal UI gives Ovrseer. Each runs off the key-reading thread (restarts block
 * until the process is ready again) and tells its outcome on the status line.
 */
final class ProcessActions implements AutoCloseable {
  private final Ovrseer ovrseer;
  private final ViewState state;
  private final Runnable changed;
  private final ExecutorService executor;

  ProcessActions(Ovrseer ovrseer, ViewState state, Runnable changed) {
    this.ovrseer = ovrseer;
    this.state = state;
    this.changed = changed;
    this.executor = Executors.newCachedThreadPool(SharedExecutors.named("ovrseer-cli-action"));
  }

  /** Starts the whole environment; a failure is shown with its reason. */
  void startEnvironment() {
    run(
        "starting",
        () -> {
          ovrseer.start();
          state.phase("up");
          return "up: dependencies ready, main processes started";
        });
  }

  void restart(String id) {
    run(
        "restarting " + id,
        () -> {
          ovrseer.restartProcess(id);
          return id + " restarted" + pid(id);
        });
  }

  void restartAll() {
    run(
        "restarting all",
        () -> {
          ovrseer.restartAll();
          state.phase("up");
          ovrseer
              .getAllProcesses()
              .forEach(
                  (id, process) -> {
                    if (process.type() != ProcessType.CLEANUP) {
                      state.countRestart(id);
                    }
                  });
          return "all restarted";
        });
  }

  void stop(String id) {
    run(
        "stopping " + id,
        () -> {
          unit(id).stop();
          return id + " stopped";
        });
  }

  void start(String id) {
    if (unit(id).isRunning()) {
      state.status(id + " is already running; r restarts it", false);
      return;
    }
    run(
        "starting " + id,
        () -> {
          ovrseer.restartProcess(id);
          return id + " started" + pid(id);
        });
  }

  /**
   * Starts the environment if it is not running, else every dependency and main process that is
   * not.
   */
  void startAll() {
    if (!ovrseer.isRunning()) {
      startEnvironment();
      return;
    }
    run(
        "starting all stopped processes",
        () -> {
          int started = 0;
          for (Map.Entry<String, RegisteredProcess> entry : ovrseer.getAllProcesses().entrySet()) {
            RegisteredProcess process = entry.getValue();
            if (process.type() != ProcessType.CLEANUP && !process.process().isRunning()) {
              ovrseer.restartProcess(entry.getKey());
              started++;
            }
          }
          return started == 0
              ? "every process is already running"
              : "started " + Plural.of(started, "process", "processes");
        });
  }

  void sendStdin(String id, String line) {
    run(
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

  private String pid(String id) {
    return unit(id).getPid().isPresent() ? " (pid " + unit(id).getPid().getAsLong() + ")" : "";
  }

  private interface Command {
    String run();
  }

  private void run(String doing, Command command) {
    if (doing != null) {
      state.status(doing + "...", false);
      changed.run();
    }
    executor.execute(
        () -> {
          try {
            state.status(command.run(), false);
          } catch (OvrseerStartException e) {
            List<String> lines = StartFailure.lines(e);
            state.phase("start failed");
            if (e.getProcessId() != null) {
              state.select(e.getProcessId());
            }
            state.status(String.join(" / ", lines), true);
          } catch (RuntimeException e) {
            state.status(
                (doing == null ? "failed" : doing + " failed") + ": " + e.getMessage(), true);
          }
          changed.run();
        });
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
