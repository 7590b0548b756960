package io.ovrseer.spec;

import java.util.Optional;

/**
 * The group a declared process belongs to, with its YAML key and its annotation. Setup processes
 * run once before the others; see the orchestrator's {@code addSetupProcess}.
 */
public enum ProcessGroup {
  /** Run once, must exit 0; YAML {@code setup}, {@code @SetupProcess}. */
  SETUP("setup", "@SetupProcess"),
  /** YAML {@code dependencies}, {@code @Dependency}. */
  DEPENDENCY("dependencies", "@Dependency"),
  /** YAML {@code main}, {@code @MainProcess}. */
  MAIN("main", "@MainProcess"),
  /** YAML {@code cleanup}, {@code @CleanupProcess}. */
  CLEANUP("cleanup", "@CleanupProcess");

  private final String yamlKey;
  private final String annotation;

  ProcessGroup(String yamlKey, String annotation) {
    this.yamlKey = yamlKey;
    this.annotation = annotation;
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
