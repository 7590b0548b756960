package io.ovrseer.services;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A command that prepares a service's files (initdb, a storage format) and must exit 0: run to its
 * end, with its output kept for the error that names it.
 */
final class SetupCommand {
  private SetupCommand() {}

  /**
   * Runs {@code command} (standard input from {@code stdin} if present) and returns its output
   * (both streams).
   *
   * @throws IllegalStateException naming {@code what}, the command and its output if it exits
   *     non-zero or is still running after {@code timeout} (it is then killed)
   */
  static String run(String what, List<String> command, Optional<Path> stdin, Duration timeout) {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    stdin.ifPresentOrElse(
        file -> builder.redirectInput(file.toFile()),
        () -> builder.redirectInput(ProcessBuilder.Redirect.from(nullDevice())));
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException(what + ": could not run " + command, e);
    }
    CompletableFuture<String> output =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            });
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly().waitFor();
        throw new IllegalStateException(
            what
                + ": "
                + command
                + " did not finish within "
                + timeout
                + "; output:\n"
                + output.getNow(""));
      }
      String text = output.join();
      if (process.exitValue() != 0) {
        throw new IllegalStateException(
            what
                + ": "
                + command
                + " exited with code "
                + process.exitValue()
                + "; output:\n"
                + text);
      }
      return text;
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IllegalStateException(what + ": interrupted while running " + command, e);
    }
  }

  private static java.io.File nullDevice() {
    return new java.io.File(
        System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
  }
}
