package io.ovrseer.cli;

import io.ovrseer.ProcessType;
import io.ovrseer.log.Flag;
import io.ovrseer.log.ProcessLogger;
import io.ovrseer.process.ProcessUnit;
import io.ovrseer.process.ReadyCheck;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One process of an environment description, placeholders already replaced.
 *
 * @param id the process id, unique in the environment
 * @param type its group
 * @param command the program followed by its arguments
 * @param env variables set on top of the command line's environment
 * @param workingDirectory where it runs, or null for the current directory
 * @param stopTimeout time from SIGTERM to SIGKILL, or null for the default
 * @param readyChecks all must pass before it is ready
 * @param flags log flags by name
 */
record ProcessSpec(
    String id,
    ProcessType type,
    List<String> command,
    Map<String, String> env,
    Path workingDirectory,
    Duration stopTimeout,
    List<ReadyCheck> readyChecks,
    Map<String, Flag> flags) {

  /** Builds the operating-system unit this spec describes. */
  ProcessUnit toUnit() {
    ProcessLogger logger = new ProcessLogger();
    flags.forEach(logger::addFlag);
    ProcessUnit.Builder builder =
        ProcessUnit.builder(
                command.get(0), command.subList(1, command.size()).toArray(String[]::new))
            .logger(logger);
    env.forEach(builder::env);
    readyChecks.forEach(builder::readyCheck);
    if (workingDirectory != null) {
      builder.workingDirectory(workingDirectory);
    }
    if (stopTimeout != null) {
      builder.stopTimeout(stopTimeout);
    }
    return builder.build();
  }
}
