package io.ovrseer.services;

import io.ovrseer.internal.OrphanGuard;
import io.ovrseer.internal.ProcessBackend;
import io.ovrseer.internal.ProcessTree;
import io.ovrseer.internal.SharedExecutors;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

/**
 * A command that prepares a service's files ({@code initdb}, {@code tar}, a storage format) and
 * must exit 0: run to its end, its standard input fed from a stream, its output kept for the error
 * that names it.
 */
final class SetupCommand {
  private SetupCommand() {}

  /** As {@link #run(String, RunAs.SwitchedCommand, InputStream, Duration)} with empty input. */
  static String run(String what, RunAs.SwitchedCommand command, Duration timeout) {
    return run(what, command, InputStream.nullInputStream(), timeout);
  }

  /** As {@link #run(String, RunAs.SwitchedCommand, InputStream, Duration)} with a file as input. */
  static String run(String what, RunAs.SwitchedCommand command, Path stdin, Duration timeout) {
    try (InputStream in = Files.newInputStream(stdin)) {
      return run(what, command, in, timeout);
    } catch (IOException e) {
      throw new UncheckedIOException(what + ": could not read " + stdin, e);
    }
  }

  /**
   * Runs {@code command} with {@code stdin} as its standard input and returns its output (both
   * streams).
   *
   * @throws IllegalStateException naming {@code what}, the command and its output if it exits
   *     non-zero or is still running after {@code timeout} (it is then killed), or if {@code stdin}
   *     cannot be read to its end (then with that failure as the cause, whatever the exit code)
   */
  static String run(
      String what, RunAs.SwitchedCommand command, InputStream stdin, Duration timeout) {
    List<String> line = command.line();
    ProcessBuilder builder = new ProcessBuilder(line).redirectErrorStream(true);
    builder.environment().putAll(command.environment());
    String mark = ProcessBackend.newMark();
    builder.environment().put(ProcessBackend.MARK_VARIABLE, mark);
    // Before the spawn: see OrphanGuard.get and expect.
    OrphanGuard guard = OrphanGuard.get();
    guard.expect(mark);
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException(what + ": could not run " + line, e);
    }
    // Recorded like every process Ovrseer spawns: if this JVM dies meanwhile, the command must not
    // write on into a cache directory that the next JVM removes and fills again.
    guard.register(ProcessTree.Root.of(process, false, mark));
    try {
      return finish(what, line, process, stdin, timeout);
    } finally {
      if (!process.isAlive()) {
        OrphanGuard.get().unregister(process.pid());
      }
    }
  }

  private static String finish(
      String what, List<String> line, Process process, InputStream stdin, Duration timeout) {
    CompletableFuture<String> output =
        CompletableFuture.supplyAsync(
            () -> {
              try (InputStream out = process.getInputStream()) {
                return new String(out.readAllBytes(), StandardCharsets.UTF_8);
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            },
            // Not the common ForkJoinPool, which a test may hold up with work of its own.
            SharedExecutors.blocking());
    IOException feeding = null;
    IOException unreadable = null;
    try (OutputStream in = process.getOutputStream()) {
      byte[] buffer = new byte[64 * 1024];
      while (true) {
        int n;
        try {
          n = stdin.read(buffer);
        } catch (IOException e) {
          // The input itself is bad (a corrupt archive): closing the pipe ends the command.
          unreadable = e;
          break;
        }
        if (n < 0) {
          break;
        }
        in.write(buffer, 0, n);
      }
    } catch (IOException e) {
      feeding = e; // the command may have exited early; its exit code and output say why
    }
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly().waitFor();
        throw new IllegalStateException(
            what
                + ": "
                + line
                + " did not finish within "
                + timeout
                + "; output:\n"
                + output.getNow(""));
      }
      String text = text(output);
      if (unreadable != null) {
        // The cause: what the command says of a cut-off input ("Unexpected EOF") follows from it.
        throw new IllegalStateException(
            what
                + ": its input could not be read ("
                + unreadable
                + "); "
                + line
                + " exited with code "
                + process.exitValue()
                + "; output:\n"
                + text,
            unreadable);
      }
      if (process.exitValue() != 0) {
        IllegalStateException failure =
            new IllegalStateException(
                what
                    + ": "
                    + line
                    + " exited with code "
                    + process.exitValue()
                    + "; output:\n"
                    + text);
        if (feeding != null) {
          failure.addSuppressed(feeding);
        }
        throw failure;
      }
      if (feeding != null) {
        throw new UncheckedIOException(what + ": could not feed the input of " + line, feeding);
      }
      return text;
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IllegalStateException(what + ": interrupted while running " + line, e);
    }
  }

  private static String text(CompletableFuture<String> output) {
    try {
      return output.join();
    } catch (CompletionException e) {
      return "(output unreadable: " + e.getCause() + ")";
    }
  }
}
