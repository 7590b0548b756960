package io.ovrseer.assertj;

import io.ovrseer.internal.CommandText;
import io.ovrseer.internal.Failures;
import io.ovrseer.internal.LogExcerpt;
import io.ovrseer.process.ExitStatus;
import io.ovrseer.process.ProcessState;
import io.ovrseer.process.ProcessUnit;
import io.ovrseer.process.ReadinessException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.assertj.core.api.AbstractAssert;

/** The wording shared by the assertion messages: how a process, its exit and its log are shown. */
final class Describe {
  static final int LOG_LINES = 10;

  private Describe() {}

  /** {@code process "api"}, or {@code process [java -jar app.jar]} when its id is unknown. */
  static String process(ProcessUnit unit) {
    return ProcessNames.of(unit)
        .map(id -> "process \"" + id + "\"")
        .orElseGet(() -> "process [" + CommandText.of(unit.command(), unit.args()) + "]");
  }

  /**
   * The state, with how the last run ended once it did: {@code CRASHED (exit code 3)}, which check
   * it failed: {@code CRASHED (did not become ready within 10 s: waited for ..)}, or why it could
   * not be spawned: {@code FAILED (cannot start process [..] in /app: command .. does not exist)}.
   */
  static String state(ProcessUnit unit) {
    ProcessState state = unit.getState();
    // A unit never started has no run to tell of ("was never started" would only repeat CREATED).
    if (state.isAlive() || state == ProcessState.CREATED) {
      return state.name();
    }
    Optional<String> readiness = readinessFailure(unit);
    if (state == ProcessState.CRASHED && readiness.isPresent()) {
      return state + " (" + readiness.get() + ")";
    }
    CompletableFuture<ExitStatus> exit = unit.exit();
    if (!exit.isDone()) {
      return state.name();
    }
    String ending =
        exit.handle(
                (status, failure) ->
                    status != null ? status.toString() : describe(Failures.unwrap(failure)))
            .join();
    return state + " (" + ending + ")";
  }

  /**
   * Why the run did not become ready, if a check failed or timed out while it ran: the exit status
   * would show only the signal Ovrseer then stopped it with. Empty for a run that exited first (its
   * exit status says it all) or has not failed.
   */
  private static Optional<String> readinessFailure(ProcessUnit unit) {
    CompletableFuture<Void> ready = unit.ready();
    if (!ready.isCompletedExceptionally()) {
      return Optional.empty();
    }
    return ready
        .handle(
            (ignored, failure) ->
                Failures.unwrap(failure) instanceof ReadinessException e
                        && e.getExitStatus().isEmpty()
                    ? Optional.of(e.getReason())
                    : Optional.<String>empty())
        .join();
  }

  private static String describe(Throwable failure) {
    return failure.getMessage() != null ? failure.getMessage() : failure.toString();
  }

  /** {@code "; last log lines:\n | ..."} with the last {@link #LOG_LINES} lines of {@code unit}. */
  static String lastLogLines(ProcessUnit unit) {
    return lastLines(unit.logger().getLogs(LOG_LINES));
  }

  /**
   * {@code "; last log lines:\n | ..."} with the last {@link #LOG_LINES} of {@code lines}, or
   * {@code "; it logged nothing"}, as Ovrseer's own messages put them.
   */
  static String lastLines(List<String> lines) {
    return LogExcerpt.append(
        "", lines.subList(Math.max(0, lines.size() - LOG_LINES), lines.size()));
  }

  /** {@code lines} one per line, indented: {@code "\n | a\n | b"}. */
  static String lines(List<String> lines) {
    StringBuilder text = new StringBuilder();
    lines.forEach(line -> text.append("\n  | ").append(line));
    return text.toString();
  }

  /**
   * {@code child} with the description of {@code parent}, if it has one, as AssertJ's own
   * navigations ({@code extracting}, ...) carry it: {@code as("nightly")} before a navigation still
   * prefixes the failure messages after it.
   */
  static <A extends AbstractAssert<A, ?>> A carried(A child, AbstractAssert<?, ?> parent) {
    return parent.info.hasDescription() ? child.describedAs(parent.info.description()) : child;
  }

  /** {@code "1 time"} or {@code "3 times"}. */
  static String times(int n) {
    return n == 1 ? "1 time" : n + " times";
  }
}
