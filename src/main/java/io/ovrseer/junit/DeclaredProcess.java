package io.ovrseer.junit;

import io.ovrseer.log.Flag;
import io.ovrseer.log.ProcessLogger;
import io.ovrseer.process.ProcessUnit;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A process declared by {@link Dependency @Dependency}, {@link MainProcess @MainProcess} or {@link
 * CleanupProcess @CleanupProcess}, validated, with its placeholders still in place. Compares by
 * value, so identical declarations on two classes are equal.
 *
 * @param label the declaration for messages, such as {@code @Dependency(id = "db")}
 * @param command program and arguments
 * @param env {@code KEY=VALUE} entries
 * @param workingDirectory the directory, or empty for the JVM's
 * @param stopTimeout time between SIGTERM and SIGKILL
 * @param ready the readiness checks
 * @param flags the log flags
 */
record DeclaredProcess(
    String label,
    List<String> command,
    List<String> env,
    String workingDirectory,
    Duration stopTimeout,
    DeclaredReady ready,
    List<DeclaredFlag> flags)
    implements ProcessFactory {

  DeclaredProcess {
    command = List.copyOf(command);
    env = List.copyOf(env);
    flags = List.copyOf(flags);
  }

  @Override
  public ProcessUnit create(Ports ports) {
    List<String> argv =
        command.stream().map(part -> ports.resolve(part, label + " command")).toList();
    ProcessUnit.Builder builder =
        ProcessUnit.builder(argv.get(0), argv.subList(1, argv.size()).toArray(String[]::new));
    for (String entry : env) {
      String resolved = ports.resolve(entry, label + " env");
      int eq = resolved.indexOf('=');
      builder.env(resolved.substring(0, eq), resolved.substring(eq + 1));
    }
    if (!workingDirectory.isBlank()) {
      builder.workingDirectory(
          Path.of(ports.resolve(workingDirectory, label + " workingDirectory")));
    }
    builder.stopTimeout(stopTimeout);
    ready.checks(ports, label).forEach(builder::readyCheck);
    ProcessLogger logger = new ProcessLogger();
    for (DeclaredFlag flag : flags) {
      logger.addFlag(flag.name(), flag.toFlag());
    }
    return builder.logger(logger).build();
  }

  /**
   * A {@link LogFlag @LogFlag}, validated.
   *
   * @param name the flag name
   * @param pattern the regex
   * @param color the colour
   * @param targetCount the target, or {@link LogFlag#NO_TARGET}
   * @param contextWindowSize context lines before and after each match
   */
  record DeclaredFlag(
      String name,
      String pattern,
      io.ovrseer.log.FlagColor color,
      int targetCount,
      int contextWindowSize) {

    Flag toFlag() {
      Flag.Builder flag = Flag.builder(pattern).color(color).contextWindowSize(contextWindowSize);
      if (targetCount != LogFlag.NO_TARGET) {
        flag.targetCount(targetCount);
      }
      return flag.build();
    }
  }
}
