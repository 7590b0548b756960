package io.ovrseer.services;

import static java.util.concurrent.TimeUnit.MILLISECONDS;

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

/**
 * A command that prepares a service's files ({@code initdb}, {@code tar}, a storage format) and
 * must exit 0: run to its end, its standard input fed from a stream, its output kept for the error
 * that names it.
 */
final class SetupCommand {
  /**
   * How long reading the output and feeding the input of a command killed at its timeout may take
   * to end (its pipes close with it, unless something it started escaped the kill).
   */
  private static final Duration AFTER_KILL = Duration.ofSeconds(5);

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
    ProcessTree.Root root = ProcessTree.Root.of(process, false, mark);
    guard.register(root);
    try {
      return finish(what, line, process, stdin, timeout);
    } finally {
      if (!process.isAlive()) {
        guard.unregister(root);
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
    // Fed beside the wait, not before it: a command that stops reading would block the write,
    // and the timeout with it, for as long as the command lives.
    CompletableFuture<Feeding> feeding =
        CompletableFuture.supplyAsync(
            () -> Feeding.of(stdin, process.getOutputStream()), SharedExecutors.blocking());
    try {
      if (!process.waitFor(timeout.toMillis(), MILLISECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly().waitFor();
        // Its pipes close with it: a blocked write of the input fails, what it wrote is read. The
        // input is not read on after this returns (and its caller closes it).
        feeding.completeOnTimeout(null, AFTER_KILL.toMillis(), MILLISECONDS).join();
        throw new IllegalStateException(
            what
                + ": "
                + line
                + " did not finish within "
                + timeout
                + "; output:\n"
                + text(output.completeOnTimeout("", AFTER_KILL.toMillis(), MILLISECONDS)));
      }
      String text = text(output);
      Feeding fed = feeding.join();
      IOException unreadable = fed.unreadable();
      IOException unwritable = fed.unwritable();
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
        if (unwritable != null) {
          failure.addSuppressed(unwritable);
        }
        throw failure;
      }
      if (unwritable != null) {
        throw new UncheckedIOException(what + ": could not feed the input of " + line, unwritable);
      }
      return text;
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IllegalStateException(what + ": interrupted while running " + line, e);
    }
  }

  /**
   * How a command's standard input was fed: each failure, if any.
   *
   * @param unreadable reading the input failed (a corrupt archive): the cause of what follows
   * @param unwritable writing to the command failed: it may have exited early, which its exit code
   *     and output tell
   */
  private record Feeding(IOException unreadable, IOException unwritable) {
    /** Copies {@code input} to {@code command} and closes the latter, which ends its input. */
    static Feeding of(InputStream input, OutputStream command) {
      IOException unreadable = null;
      try (command) {
        byte[] buffer = new byte[64 * 1024];
        while (true) {
          int n;
          try {
            n = input.read(buffer);
          } catch (IOException e) {
            unreadable = e; // closing the pipe ends the command's input
            break;
          }
          if (n < 0) {
            break;
          }
          command.write(buffer, 0, n);
        }
      } catch (IOException e) {
        return new Feeding(unreadable, e);
      }
      return new Feeding(unreadable, null);
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
