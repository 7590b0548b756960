package io.ovrseer.cli;

import io.ovrseer.Ovrseer;
import io.ovrseer.OvrseerOptions;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A whole environment description, read from a YAML file or a test class's annotations.
 *
 * @param source what it was read from, for the screen: a file name or a class name
 * @param retries restarts per process after crashes, or null for the default
 * @param retryDelay delay before a restart, or null for the default
 * @param cleanupTimeout time each cleanup process gets, or null for the default
 * @param processes every process, dependencies first, then main, then cleanup
 * @param ports the ports allocated for {@code ${port:NAME}} placeholders, by name
 */
record EnvironmentSpec(
    String source,
    Integer retries,
    Duration retryDelay,
    Duration cleanupTimeout,
    List<ProcessSpec> processes,
    Map<String, Integer> ports) {

  /** A new orchestrator with these options and every process registered, not started. */
  Ovrseer toOvrseer() {
    OvrseerOptions.Builder options = OvrseerOptions.builder();
    if (retries != null) {
      options.retries(retries);
    }
    if (retryDelay != null) {
      options.retryDelay(retryDelay);
    }
    if (cleanupTimeout != null) {
      options.cleanupTimeout(cleanupTimeout);
    }
    Ovrseer ovrseer = new Ovrseer(options.build());
    for (ProcessSpec process : processes) {
      switch (process.type()) {
        case DEPENDENCY -> ovrseer.addDependency(process.id(), process.toUnit());
        case MAIN -> ovrseer.addMainProcess(process.id(), process.toUnit());
        case CLEANUP -> ovrseer.addCleanupProcess(process.id(), process.toUnit());
      }
    }
    return ovrseer;
  }
}
