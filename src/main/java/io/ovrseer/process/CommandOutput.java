package io.ovrseer.process;

import io.ovrseer.internal.PrivateDirectories;
import io.ovrseer.internal.PrivateFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where one attempt of a readiness command writes its output: a new file (mode 0600) in Ovrseer's
 * private runtime directory ({@link PrivateDirectories#runtime()}), removed when closed, of which
 * only the last line is read, for the message of a check that timed out ("exited with exit code 127
 * after printing [sh: 1: probe: not found]").
 *
 * <p>A file, not a pipe: a pipe needs a thread to drain it while the command runs, and a daemon the
 * command started could hold it open after its exit; a file needs neither, and what the command
 * wrote is all there once it exited. Without a usable runtime directory the output is discarded,
 * and a failed attempt says only how it exited.
 */
final class CommandOutput implements AutoCloseable {
  /** How much of the end of the output is read: the last line is in it, unless a huge one. */
  private static final int TAIL_BYTES = 4096;

  /** The longest line shown; a longer one keeps its start. */
  private static final int MAX_LINE = 200;

  private final Path file;

  private CommandOutput(Path file) {
    this.file = file;
  }

  /** A new file for one attempt's output, or none if it cannot be created. */
  static CommandOutput create() {
    try {
      return new CommandOutput(
          PrivateFiles.createNew(PrivateDirectories.runtime(), "readiness-", ".out"));
    } catch (IOException | RuntimeException noFile) {
      // Only the message loses the output: the check itself works as well without it.
      return new CommandOutput(null);
    }
  }

  /** Where the command's stdout and stderr go. */
  ProcessBuilder.Redirect redirect() {
    return file == null
        ? ProcessBuilder.Redirect.DISCARD
        : ProcessBuilder.Redirect.to(file.toFile());
  }

  /**
   * The last line with more than whitespace that the command wrote, stripped, cut to 200
   * characters; empty if it wrote none, or it cannot be read.
   */
  Optional<String> lastLine() {
    if (file == null) {
      return Optional.empty();
    }
    String tail;
    try (SeekableByteChannel channel = Files.newByteChannel(file)) {
      long size = channel.size();
      channel.position(Math.max(0, size - TAIL_BYTES));
      ByteBuffer bytes = ByteBuffer.allocate((int) Math.min(size, TAIL_BYTES));
      while (bytes.hasRemaining() && channel.read(bytes) > 0) {
        // reads on until the tail is in
      }
      tail = new String(bytes.array(), 0, bytes.position(), StandardCharsets.UTF_8);
    } catch (IOException unreadable) {
      return Optional.empty();
    }
    // Stripped first: the last line is then the last with more than whitespace.
    String[] lines = tail.strip().split("\r?\n|\r");
    String line = lines[lines.length - 1].strip();
    return line.isEmpty()
        ? Optional.empty()
        : Optional.of(line.length() > MAX_LINE ? line.substring(0, MAX_LINE) + "…" : line);
  }

  /** Removes the file; one that cannot be removed now (held open on Windows) goes at JVM exit. */
  @Override
  public void close() {
    if (file == null) {
      return;
    }
    try {
      Files.deleteIfExists(file);
    } catch (IOException held) {
      file.toFile().deleteOnExit();
    }
  }
}
