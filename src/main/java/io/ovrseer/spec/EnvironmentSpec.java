package io.ovrseer.spec;

import io.ovrseer.OvrseerOptions;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * One environment declaration, checked: the orchestrator settings and the processes, placeholders
 * still in place. The annotations, a YAML file, {@code ovrseer up --class} and the builder of
 * {@code OvrseerExtension} all produce one; {@link Assembly} turns it into units.
 *
 * @param source what it was read from, for messages: a class or file name
 * @param retries restarts per process after crashes
 * @param retryDelay delay before a restart
 * @param cleanupTimeout time each cleanup process gets
 * @param processes the processes, in declaration order
 */
public record EnvironmentSpec(
    String source,
    int retries,
    Duration retryDelay,
    Duration cleanupTimeout,
    List<ProcessSpec> processes) {

  public EnvironmentSpec {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(retryDelay, "retryDelay");
    Objects.requireNonNull(cleanupTimeout, "cleanupTimeout");
    processes = List.copyOf(processes);
  }

  /** The orchestrator options of this environment (crash reporter left at its default). */
  public OvrseerOptions.Builder options() {
    return OvrseerOptions.builder()
        .retries(retries)
        .retryDelay(retryDelay)
        .cleanupTimeout(cleanupTimeout);
  }

  /** The ids in declaration order. */
  public List<String> ids() {
    return processes.stream().map(ProcessSpec::id).toList();
  }

  /**
   * A short stable hash of the declaration: equal for two declarations of the same environment
   * (same settings, same processes; placeholders other than ports and connection properties
   * resolved with {@code context}), whoever declared them.
   */
  public String identity(PlaceholderContext context) {
    return Identity.of(this, context);
  }
}
