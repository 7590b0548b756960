package io.ovrseer.process;

import io.ovrseer.internal.ProcessTree;
import io.ovrseer.internal.SearchPath;
import io.ovrseer.internal.SharedExecutors;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Ready once a command exits 0; of its output only the last line counts, for the message of a
 * failed attempt ({@link CommandOutput}). It is run as the process is: in its working directory,
 * with its environment, and found as its command is.
 */
final class CommandCheck extends PollingCheck {
  /** How an attempt failed that was still running when its wait ended. */
  private static final String STILL_RUNNING = "still running when the wait ended";

  private final List<String> command;

  CommandCheck(List<String> command, Duration timeout) {
    super(timeout);
    if (command.isEmpty() || command.get(0).isBlank()) {
      throw new IllegalArgumentException("readiness command must not be empty");
    }
    this.command = List.copyOf(command);
  }

  /**
   * Runs the command and waits for its exit, never beyond the check's remaining time. A command
   * still running when the time is up or the wait ends (ready, failed, stopped) is killed with its
   * whole tree, by this attempt's own thread through {@link ProcessTree}, which signals only
   * processes proven to be the command's. A command that exits non-zero is told with the last line
   * it printed.
   */
  @Override
  boolean attempt(Poll poll) {
    try (CommandOutput output = CommandOutput.create()) {
      Process process = start(poll.context(), output);
      CompletableFuture<Void> waitEnded = new CompletableFuture<>();
      // The unit's timeout reads how the last attempt failed at the deadline, as this wait ends: a
      // first attempt that outlasts it has told nothing else by then.
      poll.failed(STILL_RUNNING, true);
      try {
        if (poll.inFlight(() -> waitEnded.complete(null))) {
          CompletableFuture.anyOf(
                  SharedExecutors.exitOf(process, "ovrseer-readiness-command-" + process.pid()),
                  waitEnded)
              .get(Math.max(1, poll.remaining().toMillis()), TimeUnit.MILLISECONDS);
        }
      } catch (TimeoutException | ExecutionException timeIsUp) {
        // Ended below, like a command whose wait ended.
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (process.isAlive()) {
        ProcessTree.kill(ProcessTree.Root.of(process, false, null));
        poll.failed(STILL_RUNNING);
        return false;
      }
      if (process.exitValue() != 0) {
        poll.failed(
            "exited with exit code "
                + process.exitValue()
                + output.lastLine().map(line -> " after printing [" + line + "]").orElse(""));
        return false;
      }
      return true;
    }
  }

  /**
   * Starts the command as the process's own is run, its output into {@code output}, its input
   * empty.
   */
  private Process start(Context context, CommandOutput output) {
    Process process;
    try {
      List<String> line = new ArrayList<>(command);
      line.set(0, program(context));
      ProcessBuilder builder =
          new ProcessBuilder(line).redirectErrorStream(true).redirectOutput(output.redirect());
      builder.environment().putAll(context.environment());
      context.workingDirectory().ifPresent(directory -> builder.directory(directory.toFile()));
      process = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException(
          "readiness command " + command + " could not be run: " + e.getMessage(), e);
    }
    // Its input is empty, as in a CI job: a command that reads it (psql without -c) sees its end
    // at once instead of waiting for lines no one sends until the check's timeout.
    try {
      process.getOutputStream().close();
    } catch (IOException alreadyGone) {
      // The command exited already: it reads nothing more.
    }
    return process;
  }

  /**
   * The program, found as the process's own command is ({@link SearchPath#locate}, which on Windows
   * also tries the {@code .cmd} and {@code .bat} the JDK's lookup does not); as given when not
   * found, so that the JDK's error names it.
   */
  private String program(Context context) {
    String name = command.get(0);
    return SearchPath.locate(name, context.workingDirectory().orElse(null), context.environment())
        .map(Path::toString)
        .orElse(name);
  }

  @Override
  public String description() {
    return "command " + command + " exiting 0";
  }
}
