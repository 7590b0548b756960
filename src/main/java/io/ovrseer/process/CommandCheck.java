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
      List<String> line = new ArrayList<>(command);
      line.set(0, program());
      process =
          new ProcessBuilder(line)
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

  /**
   * The program, found as a process's own command is ({@link SearchPath}: on Windows also a {@code
   * .cmd} or {@code .bat} of {@code PATHEXT}, which the JDK's own lookup does not try); as given
   * when not found, so that the JDK's error names it.
   */
  private String program() {
    String name = command.get(0);
    return SearchPath.isPath(name)
        ? SearchPath.withExtension(Path.of(name)).toString()
        : SearchPath.findRemembered(name, System.getenv("PATH")).map(Path::toString).orElse(name);
  }

  @Override
  public String description() {
    return "command " + command + " exiting 0";
  }
}
