package io.ovrseer.junit;

import io.ovrseer.OvrseerOptions;
import io.ovrseer.crash.CrashReporter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/**
 * What one environment consists of: the orchestrator settings and the processes. Two equal specs
 * describe the identical environment (which {@code Scope.GLOBAL} shares).
 *
 * @param retries restarts per process after crashes
 * @param retryDelay delay before a restart
 * @param cleanupTimeout time each cleanup process gets
 * @param crashReportsDirectory where crash reports are written
 * @param processes the processes in declaration order
 */
record EnvironmentSpec(
    int retries,
    Duration retryDelay,
    Duration cleanupTimeout,
    Path crashReportsDirectory,
    List<ProcessDefinition> processes) {

  EnvironmentSpec {
    processes = List.copyOf(processes);
  }

  /**
   * Checks what can be checked before anything runs: ids not blank and unique across all groups.
   *
   * @throws ExtensionConfigurationException naming the blank or duplicate id
   */
  EnvironmentSpec validate() {
    Map<String, ProcessDefinition> seen = new HashMap<>();
    for (ProcessDefinition process : processes) {
      if (process.id().isBlank()) {
        throw new ExtensionConfigurationException(
            process.idAttribute() + " [" + process.id() + "] must not be blank");
      }
      ProcessDefinition earlier = seen.putIfAbsent(process.id(), process);
      if (earlier != null) {
        throw new ExtensionConfigurationException(
            process.idAttribute()
                + " ["
                + process.id()
                + "] is already used by "
                + earlier.label()
                + "; ids must be unique across dependencies, main and cleanup processes");
      }
    }
    return this;
  }

  /** The orchestrator options of this environment. */
  OvrseerOptions options() {
    return OvrseerOptions.builder()
        .retries(retries)
        .retryDelay(retryDelay)
        .cleanupTimeout(cleanupTimeout)
        .crashReporter(new CrashReporter(crashReportsDirectory))
        .build();
  }

  /** The ids in declaration order. */
  List<String> ids() {
    return processes.stream().map(ProcessDefinition::id).toList();
  }
}
