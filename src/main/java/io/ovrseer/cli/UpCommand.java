package io.ovrseer.cli;

import io.ovrseer.Ovrseer;
import io.ovrseer.internal.OrphanGuard;
import io.ovrseer.spec.EnvironmentSpec;
import io.ovrseer.spec.PlaceholderContext;
import io.ovrseer.spec.Ports;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ovrseer up}: starts an environment, shows it, stops it on {@code q}, Ctrl+C or SIGTERM.
 */
@Command(
    name = "up",
    mixinStandardHelpOptions = true,
    description =
        "Starts the environment described by FILE (YAML) or by the Ovrseer annotations of a test"
            + " class, shows it in a terminal UI, and stops it (with the cleanup phase) on q, Ctrl+C"
            + " or SIGTERM.")
final class UpCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "FILE",
      description = "The YAML environment file.")
  Path file;

  @Option(
      names = "--class",
      paramLabel = "CLASS",
      description =
          "A test class whose @Dependency, @MainProcess and @CleanupProcess annotations describe the environment.")
  String className;

  @Option(
      names = {"--classpath", "-cp"},
      paramLabel = "PATH",
      description =
          "Where --class and the services' binaries (Maven artifacts) are found; also what $${classpath} stands for (default: this JVM's class path).")
  String classpath;

  @Option(
      names = "--no-tui",
      description =
          "Print log lines prefixed with their process instead of the terminal UI (for CI and non-terminals); runs until SIGINT or SIGTERM.")
  boolean noTui;

  @Option(
      names = "--color",
      paramLabel = "WHEN",
      defaultValue = "auto",
      description =
          "Colours of --no-tui output: ${COMPLETION-CANDIDATES} (default: auto, which honours NO_COLOR).")
  PrefixedPrinter.ColorMode color;

  @Override
  public Integer call() {
    if ((file == null) == (className == null)) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "give either a YAML FILE or --class CLASS");
    }
    // Without TERM, JLine assumes a terminal without an alternate screen, which the UI would
    // leave covered with its last frame.
    String term = System.getenv("TERM");
    boolean terminal =
        System.console() != null && term != null && !term.isBlank() && !"dumb".equals(term);
    boolean tui = !noTui && terminal;
    // Held from before the orphan guard's start, whose sweep may be the first to pick the backend
    // (and warn): printed before the screen, a warning would stay hidden under it.
    try (HeldWarnings warnings = tui ? HeldWarnings.hold() : null) {
      return run(tui, warnings);
    }
  }

  private int run(boolean tui, HeldWarnings warnings) {
    // The orphan guard (directory, journal, lock, watchdog launcher) comes up while the
    // environment is read and built, as in the JUnit extension: the first spawn waits for it.
    OrphanGuard.startSoon();
    // Services look for their binaries through the context class loader: a test's class path
    // given with --classpath holds them, as it holds them when the tests run. Threads started
    // from here (the UI's actions) inherit it.
    ClassLoader loader = Environments.classLoader(classpath);
    Thread.currentThread().setContextClassLoader(loader);
    EnvironmentSpec environment =
        file != null
            ? Environments.fromYaml(file)
            : Environments.fromClass(className, classpath, loader);
    Path base = file == null ? null : file.toAbsolutePath().getParent();
    Ovrseer ovrseer =
        Environments.toOvrseer(
            environment, PlaceholderContext.forThisJvm(classpath), new Ports(), base);
    if (!tui) {
      LineWriter out = new LineWriter(new FileOutputStream(FileDescriptor.out));
      PrefixedPrinter printer =
          new PrefixedPrinter(out, PlainRunner.names(ovrseer), PrefixedPrinter.useColor(color));
      if (!noTui) {
        printer.self("not a terminal that can show the UI: printing logs as with --no-tui");
      }
      return new PlainRunner(ovrseer, printer, out).run().code();
    }
    return new TuiRunner(ovrseer, environment.source(), warnings).run().code();
  }
}
