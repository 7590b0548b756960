package io.ovrseer.cli;

import io.ovrseer.spec.SpecException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The command line of Ovrseer: {@code java -jar ovrseer-<version>-cli.jar up env.yml} starts the
 * environment a YAML file (or, with {@code --class}, a test class's annotations) describes and
 * shows it in a terminal UI, or with {@code --no-tui} as prefixed log lines. See {@code
 * docs/cli.md}.
 *
 * <p>Exit codes ({@link ExitCode}): 0 after a normal stop ({@code q}, Ctrl+C, SIGTERM), 1 if the
 * environment could not start, 2 for a wrong command line or environment description, 3 if a
 * dependency or main process had ended {@code FAILED}, 4 if the stop left a process running (or a
 * listener threw while stopping; also the stop of a failed start, over 1), 130 after a second
 * Ctrl+C killed everything, 141 if the standard output of {@code --no-tui} was closed; 128 plus its
 * number after a signal it does not handle (129 for SIGHUP), once Ovrseer's shutdown hook has
 * stopped everything.
 */
@Command(
    name = "ovrseer",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Runs an Ovrseer environment: dependencies, main processes, cleanup.",
    subcommands = {CommandLine.HelpCommand.class})
public final class Main implements Runnable {
  @Spec CommandSpec spec;

  /** Runs the command line and exits with its exit code. */
  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs the command line with {@code args} and returns its exit code. */
  public static int execute(String... args) {
    return commandLine().execute(args);
  }

  static CommandLine commandLine() {
    CommandLine commandLine = new CommandLine(new Main()).addSubcommand("up", new UpCommand());
    commandLine.setCaseInsensitiveEnumValuesAllowed(true);
    commandLine.setExecutionExceptionHandler(
        (e, cl, parsed) -> {
          if (e instanceof SpecException problems) {
            problems.problems().forEach(cl.getErr()::println);
            return ExitCode.USAGE.code();
          }
          throw e;
        });
    return commandLine;
  }

  /**
   * Without a command: a wrong command line (exit 2), as a script calling {@code ovrseer} alone
   * made a mistake; picocli prints the message and the usage to standard error.
   */
  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing command: up");
  }

  /** The version the build wrote into {@code version.properties}. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() throws IOException {
      Properties properties = new Properties();
      try (InputStream in = Main.class.getResourceAsStream("version.properties")) {
        if (in == null) {
          throw new IOException("version.properties is missing from the ovrseer jar");
        }
        properties.load(in);
      }
      return new String[] {"ovrseer " + properties.getProperty("version")};
    }
  }
}
