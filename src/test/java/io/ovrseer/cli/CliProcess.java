package io.ovrseer.cli;

import io.ovrseer.fixtures.Steps;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line run in a child JVM of the test. Its output goes to a file (not a pipe, which the
 * JDK may close under a reader when the process exits), read again on each call.
 */
final class CliProcess {
  final Process process;
  private final Path output;

  private CliProcess(Process process, Path output) {
    this.process = process;
    this.output = output;
  }

  /** The command line that runs the CLI's main with {@code args} in a new JVM. */
  static List<String> command(String... args) {
    return commandOn(System.getProperty("java.class.path"), args);
  }

  /** As {@link #command(String...)}, the new JVM's class path being {@code jvmClasspath}. */
  static List<String> commandOn(String jvmClasspath, String... args) {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElseThrow());
    command.addAll(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto"));
    command.addAll(List.of("-cp", jvmClasspath, Main.class.getName()));
    command.addAll(List.of(args));
    return command;
  }

  /** The fixture class path, for {@code --classpath}. */
  static String fixtureClasspath() {
    return Steps.classpath();
  }

  /** Starts the CLI with {@code args}, its stdout and stderr going to {@code output}. */
  static CliProcess start(Path output, String... args) throws IOException {
    return start(output, command(args));
  }

  /**
   * Starts {@code command} (see {@link #command}), its stdout and stderr going to {@code output}.
   */
  static CliProcess start(Path output, List<String> command) throws IOException {
    return start(null, output, command);
  }

  /**
   * As {@link #start(Path, List)}, in {@code workingDirectory} (null: the test's), against which
   * relative paths on the command line are resolved.
   */
  static CliProcess start(Path workingDirectory, Path output, List<String> command)
      throws IOException {
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(workingDirectory == null ? null : workingDirectory.toFile())
            .redirectErrorStream(true)
            .redirectOutput(output.toFile());
    builder.environment().remove("NO_COLOR");
    return new CliProcess(builder.start(), output);
  }

  /**
   * Starts the CLI with {@code args}, its stdout a pipe for the test to read, or to leave unread
   * until it is full, and its stderr going to {@code errors}.
   */
  static Process startPiped(Path errors, String... args) throws IOException {
    ProcessBuilder builder = new ProcessBuilder(command(args)).redirectError(errors.toFile());
    builder.environment().remove("NO_COLOR");
    return builder.start();
  }

  /** Kills {@code cli} and every process under it, if still alive (a test that failed). */
  static void killTree(Process cli) {
    cli.descendants().forEach(ProcessHandle::destroyForcibly);
    cli.destroyForcibly();
  }

  /** The lines written so far. */
  List<String> lines() {
    return List.of(output().split("\n", -1));
  }

  /** Everything written so far. */
  String output() {
    try {
      return Files.readString(output, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
