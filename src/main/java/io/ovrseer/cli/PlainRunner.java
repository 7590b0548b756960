package io.ovrseer.cli;

import io.ovrseer.Ovrseer;
import io.ovrseer.OvrseerStartException;
import io.ovrseer.event.OvrseerEvent;
import io.ovrseer.event.ProcessLog;
import io.ovrseer.internal.Plural;
import io.ovrseer.log.LogLine;
import io.ovrseer.services.ServiceUnit;
import java.time.Duration;
import java.util.List;
import java.util.StringJoiner;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Runs an environment without the terminal UI (option {@code --no-tui}): prints every log line
 * prefixed with its process, and lifecycle events under {@code ovrseer}, until SIGINT or SIGTERM,
 * or until its standard output is closed; then stops everything with the cleanup phase, or kills
 * everything at once on a second SIGINT. A reader who stops reading never holds up the stop: from
 * the quit on, nothing waits for the output.
 */
final class PlainRunner {
  /** How long the last lines may take to be read at exit before the CLI exits without them. */
  private static final Duration DRAIN_AT_EXIT = Duration.ofSeconds(5);

  private final Ovrseer ovrseer;
  private final PrefixedPrinter printer;
  private final LineWriter output;

  /** A runner printing with {@code printer}, whose lines go to {@code output}. */
  PlainRunner(Ovrseer ovrseer, PrefixedPrinter printer, LineWriter output) {
    this.ovrseer = ovrseer;
    this.printer = printer;
    this.output = output;
  }

  /** The names to align: every process id. */
  static List<String> names(Ovrseer ovrseer) {
    return List.copyOf(ovrseer.getAllProcesses().keySet());
  }

  /**
   * Starts the environment and blocks until a quit signal or the output is closed, then stops it;
   * returns how it ended: after a signal {@link ExitCode#STOPPED}, or {@link
   * ExitCode#PROCESS_FAILED} if a dependency or main process is {@code FAILED} (named, with its
   * last crash, before the last line); {@link ExitCode#START_FAILED} if the environment could not
   * start (its reason printed last); {@link ExitCode#STOP_FAILED} instead of either if the stop
   * (also the one of a failed start) left a process running; {@link ExitCode#OUTPUT_CLOSED} if
   * standard output was closed; {@link ExitCode#KILLED} after a second SIGINT, whatever else.
   */
  ExitCode run() {
    ovrseer.on(
        ProcessLog.class,
        e -> printer.line(e.name(), e.line(), e.stream() == LogLine.Stream.STDERR));
    Consumer<OvrseerEvent> lifecycle =
        e ->
            EventText.describe(e)
                .ifPresent(text -> printer.line(PrefixedPrinter.SELF, text, false));
    EventText.LIFECYCLE.forEach(type -> ovrseer.on(type, lifecycle));
    RunOutcome outcome = RunOutcome.of(ovrseer);
    // What ends the wait: a quit signal (STOPPED), a failed start, or the output closed.
    CompletableFuture<ExitCode> end = new CompletableFuture<>();
    output.closed().thenRun(() -> end.complete(ExitCode.OUTPUT_CLOSED));
    QuitSignals signals =
        QuitSignals.install(
            end,
            ExitCode.STOPPED,
            () -> {
              outcome.killed();
              printer.self("second Ctrl+C: killing every process now, without cleanup");
              ovrseer.kill();
            });
    ExitCode code = ExitCode.STOPPED;
    try {
      Thread starter = new Thread(() -> start(end, outcome), "ovrseer-cli-start");
      starter.setDaemon(true);
      starter.start();
      code = end.join();
      // The event thread may be waiting for a reader who stopped reading; it must not hold up the
      // stop, and neither may the lines below.
      output.stopWaiting();
      printer.self("stopping: main processes, cleanup, then dependencies");
      outcome.stopping();
      ovrseer.stop();
      ovrseer.awaitEventsDelivered();
      if (code == ExitCode.STOPPED
          || code == ExitCode.START_FAILED
          || outcome.exitCode() == ExitCode.KILLED) {
        code = outcome.exitCode();
        outcome.reasons().forEach(printer::self);
      }
      outcome.crashReports().forEach(printer::self);
      printer.self(
          switch (code) {
            case START_FAILED -> "stopped after a failed start";
            case PROCESS_FAILED ->
                "stopped; exit code " + code.code() + ": a dependency or main process is FAILED";
            case STOP_FAILED ->
                "stopped; exit code " + code.code() + ": the stop went wrong (see above)";
            case KILLED -> "killed; exit code " + code.code();
            default -> "stopped";
          });
      return code;
    } finally {
      ovrseer.stop();
      signals.close();
      finishOutput(code);
    }
  }

  /** Lets the last lines be read, for a while; tells on stderr what could not be written. */
  private void finishOutput(ExitCode code) {
    boolean written = output.finish(DRAIN_AT_EXIT);
    if (output.closed().isDone()) {
      // The reader closed it (Broken pipe), or it cannot take more (No space left on device).
      System.err.println(
          "ovrseer: standard output could not be written ("
              + output.closed().join().getMessage()
              + ")"
              + (code == ExitCode.OUTPUT_CLOSED
                  ? "; stopped everything"
                  : " before the last lines"));
    } else if (!written) {
      System.err.println(
          "ovrseer: standard output was not read for "
              + DRAIN_AT_EXIT.toSeconds()
              + " s after the stop; its last lines are lost");
    }
    if (output.dropped() > 0) {
      System.err.println(
          "ovrseer: "
              + Plural.of(output.dropped(), "line", "lines")
              + " dropped while stopping: standard output was not read");
    }
  }

  /** A service's connection properties as {@code key=value, ...}. */
  static String connection(ServiceUnit service) {
    StringJoiner text = new StringJoiner(", ");
    service.connectionProperties().forEach((key, value) -> text.add(key + "=" + value));
    return text.toString();
  }

  /**
   * Starts the environment; a failed start goes to {@code outcome}, whose reasons tell it last,
   * after what went wrong while Ovrseer stopped what the start had started.
   */
  private void start(CompletableFuture<ExitCode> end, RunOutcome outcome) {
    printer.self(
        "starting "
            + Plural.of(names(ovrseer).size(), "process", "processes")
            + "; Ctrl+C stops them");
    outcome.starting();
    try {
      ovrseer.start();
      outcome.started();
      printer.self("up: all dependencies ready, main processes started");
      ovrseer
          .getAllProcesses()
          .forEach(
              (id, registered) -> {
                if (registered.process() instanceof ServiceUnit service) {
                  printer.self(id + ": " + connection(service));
                }
              });
    } catch (OvrseerStartException e) {
      // A quit while starting makes the start fail too: that is no failed start.
      if (!end.isDone()) {
        outcome.startFailed(StartFailure.lines(e));
        end.complete(ExitCode.START_FAILED);
      }
    } catch (RuntimeException e) {
      outcome.startFailed(List.of("could not start: " + e));
      end.complete(ExitCode.START_FAILED);
    }
  }
}
