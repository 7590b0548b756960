package io.ovrseer.cli;

import io.ovrseer.Ovrseer;
import io.ovrseer.OvrseerStartException;
import io.ovrseer.event.OvrseerEvent;
import io.ovrseer.event.ProcessLog;
import io.ovrseer.internal.Plural;
import io.ovrseer.internal.SharedExecutors;
import io.ovrseer.log.LogLine;
import io.ovrseer.services.ServiceUnit;
import java.util.List;
import java.util.StringJoiner;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs an environment without the terminal UI (option {@code --no-tui}): prints every log line
 * prefixed with its process, and lifecycle events under {@code ovrseer}, until SIGINT or SIGTERM;
 * then stops everything with the cleanup phase.
 */
final class PlainRunner {
  private static final long FLUSH_INTERVAL_MS = 50;

  private final Ovrseer ovrseer;
  private final PrefixedPrinter printer;

  PlainRunner(Ovrseer ovrseer, PrefixedPrinter printer) {
    this.ovrseer = ovrseer;
    this.printer = printer;
  }

  /** The names to align: every process id. */
  static List<String> names(Ovrseer ovrseer) {
    return List.copyOf(ovrseer.getAllProcesses().keySet());
  }

  /**
   * Starts the environment and blocks until a quit signal; returns the exit code: 0 after a signal,
   * 1 if the environment could not start.
   */
  int run() {
    ovrseer.on(
        ProcessLog.class,
        e -> printer.line(e.name(), e.line(), e.stream() == LogLine.Stream.STDERR));
    Consumer<OvrseerEvent> lifecycle =
        e ->
            EventText.describe(e)
                .ifPresent(text -> printer.line(PrefixedPrinter.SELF, text, false));
    EventText.LIFECYCLE.forEach(type -> ovrseer.on(type, lifecycle));
    ScheduledExecutorService flusher =
        Executors.newSingleThreadScheduledExecutor(SharedExecutors.named("ovrseer-cli-flush"));
    flusher.scheduleWithFixedDelay(
        printer::flush, FLUSH_INTERVAL_MS, FLUSH_INTERVAL_MS, TimeUnit.MILLISECONDS);
    CompletableFuture<Integer> outcome = new CompletableFuture<>();
    QuitSignals signals = QuitSignals.install(() -> outcome.complete(0));
    try {
      Thread starter = new Thread(() -> start(outcome), "ovrseer-cli-start");
      starter.setDaemon(true);
      starter.start();
      int code = outcome.join();
      printer.self("stopping: main processes, cleanup, then dependencies");
      ovrseer.stop();
      ovrseer.awaitEventsDelivered();
      printer.self(code == 0 ? "stopped" : "stopped after a failed start");
      return code;
    } finally {
      ovrseer.stop();
      signals.close();
      flusher.shutdownNow();
      printer.flush();
    }
  }

  /** A service's connection properties as {@code key=value, ...}. */
  static String connection(ServiceUnit service) {
    StringJoiner text = new StringJoiner(", ");
    service.connectionProperties().forEach((key, value) -> text.add(key + "=" + value));
    return text.toString();
  }

  private void start(CompletableFuture<Integer> outcome) {
    printer.self(
        "starting "
            + Plural.of(names(ovrseer).size(), "process", "processes")
            + "; Ctrl+C stops them");
    try {
      ovrseer.start();
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
      if (!outcome.isDone()) {
        StartFailure.lines(e).forEach(printer::self);
        outcome.complete(1);
      }
    } catch (RuntimeException e) {
      printer.self("could not start: " + e);
      outcome.complete(1);
    }
  }
}
