package io.ovrseer.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A tmux server of its own (own socket, no user config) running one session: a pseudo-terminal to
 * drive a terminal program with {@code send-keys} and read with {@code capture-pane}.
 */
final class Tmux implements AutoCloseable {
  // In a directory of its own (private: createTempDirectory), removed at close: tmux leaves the
  // socket file of a killed server behind.
  private final Path socketDirectory = newSocketDirectory();
  private final Path socket = socketDirectory.resolve("tmux");

  private static Path newSocketDirectory() {
    try {
      return Files.createTempDirectory("ovrseer-cli-test-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Whether a tmux binary can be run. */
  static boolean isAvailable() {
    try {
      Process p = new ProcessBuilder("tmux", "-V").redirectErrorStream(true).start();
      return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * Starts the session running {@code shellCommand} in a terminal of {@code cols} x {@code rows}.
   */
  void start(String shellCommand, int cols, int rows) {
    run(
        "-f",
        "/dev/null",
        "new-session",
        "-d",
        "-s",
        "ui",
        "-x",
        Integer.toString(cols),
        "-y",
        Integer.toString(rows),
        shellCommand);
  }

  /** The visible screen, one string per line. */
  String capture() {
    return run("capture-pane", "-p", "-t", "ui");
  }

  /** Resizes the terminal to {@code cols} x {@code rows}, as a user dragging its window. */
  void resize(int cols, int rows) {
    run("resize-window", "-t", "ui", "-x", Integer.toString(cols), "-y", Integer.toString(rows));
  }

  /** Types {@code keys} (tmux key names such as {@code Down}, {@code Enter}, or literal text). */
  void sendKeys(String... keys) {
    List<String> args = new ArrayList<>(List.of("send-keys", "-t", "ui"));
    args.addAll(List.of(keys));
    run(args.toArray(String[]::new));
  }

  /** Types {@code text} literally. */
  void type(String text) {
    run("send-keys", "-t", "ui", "-l", text);
  }

  /**
   * Pastes {@code text} as a terminal does: {@code paste-buffer -p} wraps it in bracketed-paste
   * marks ({@code ESC[200~} ... {@code ESC[201~}) if the program asked for them, and sends line
   * feeds as carriage returns, as the Enter key would.
   */
  void paste(String text) {
    run("set-buffer", "-b", "test-paste", "--", text);
    run("paste-buffer", "-p", "-d", "-b", "test-paste", "-t", "ui");
  }

  @Override
  public void close() {
    try {
      run("kill-server");
    } catch (IllegalStateException e) {
      // the server already ended with its last session
    } finally {
      try {
        Files.deleteIfExists(socket);
        Files.deleteIfExists(socketDirectory);
      } catch (IOException e) {
        throw new UncheckedIOException("could not remove tmux's socket " + socket, e);
      }
    }
  }

  private String run(String... args) {
    List<String> command = new ArrayList<>(List.of("tmux", "-S", socket.toString()));
    command.addAll(List.of(args));
    try {
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
      builder.environment().put("TERM", "screen");
      builder.environment().remove("TMUX");
      Process p = builder.start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IllegalStateException(command + " failed: " + out);
      }
      return out;
    } catch (IOException e) {
      throw new IllegalStateException(command + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
