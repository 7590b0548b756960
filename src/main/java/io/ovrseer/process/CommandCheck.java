package io.ovrseer.process;

import io.ovrseer.internal.ProcessTree;
import io.ovrseer.internal.SharedExecutors;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Ready once a command exits 0; its output is discarded. */
final class CommandCheck extends PollingCheck {
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
   * processes proven to be the command's.
   */
  @Override
  boolean attempt(Poll poll) {
    Process process;
    try {
      process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException(
          "readiness command " + command + " could not be run: " + e.getMessage(), e);
    }
    CompletableFuture<Void> waitEnded = new CompletableFuture<>();
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
      poll.failed("still running when the wait ended");
      return false;
    }
    if (process.exitValue() != 0) {
      poll.failed("exited with exit code " + process.exitValue());
      return false;
    }
    return true;
  }

  @Override
  public String description() {
    return "command " + command + " exiting 0";
  }
}
