package io.ovrseer.spec;

import io.ovrseer.ProcessType;
import java.util.Optional;

/**
 * The group a declared process belongs to, with its YAML key and its annotation. Setup processes
 * run once before the others; see the orchestrator's {@code addSetupProcess}.
 */
public enum ProcessGroup {
  /** Run once, must exit 0; YAML {@code setup}, {@code @SetupProcess}. */
  SETUP("setup", "@SetupProcess", ProcessType.SETUP),
  /** YAML {@code dependencies}, {@code @Dependency}. */
  DEPENDENCY("dependencies", "@Dependency", ProcessType.DEPENDENCY),
  /** YAML {@code main}, {@code @MainProcess}. */
  MAIN("main", "@MainProcess", ProcessType.MAIN),
  /** YAML {@code cleanup}, {@code @CleanupProcess}. */
  CLEANUP("cleanup", "@CleanupProcess", ProcessType.CLEANUP);

  private final String yamlKey;
  private final String annotation;
  private final ProcessType type;

  ProcessGroup(String yamlKey, String annotation, ProcessType type) {
    this.yamlKey = yamlKey;
    this.annotation = annotation;
    this.type = type;
  }

  /** The orchestrator's group. */
  public ProcessType type() {
    return type;
  }

  /** The key of the group in a YAML file: {@code dependencies}. */
  public String yamlKey() {
    return yamlKey;
  }

  /** The annotation that declares a process of the group: {@code @Dependency}. */
  public String annotation() {
    return annotation;
  }

  /** The group of YAML key {@code key}. */
  public static Optional<ProcessGroup> ofYamlKey(String key) {
    for (ProcessGroup group : values()) {
      if (group.yamlKey.equals(key)) {
        return Optional.of(group);
      }
    }
    return Optional.empty();
  }
}
