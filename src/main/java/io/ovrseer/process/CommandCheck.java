package io.ovrseer.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

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
    poll.inFlight(
        () -> {
          process.descendants().forEach(ProcessHandle::destroyForcibly);
          process.destroyForcibly();
        });
    try {
      if (!process.waitFor(Math.max(1, timeout().toMillis()), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        return false;
      }
      return process.exitValue() == 0;
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      return false;
    }
  }

  @Override
  public String description() {
    return "command " + command + " exiting 0";
  }
}
