package io.ovrseer.cli;

import io.ovrseer.ProcessType;
import io.ovrseer.log.Flag;
import io.ovrseer.process.ReadyCheck;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns the {@link ConfigNode} tree of an environment description into an {@link EnvironmentSpec},
 * replacing placeholders and checking every value. Each problem is recorded with its location and
 * path; all of them are thrown together in one {@link ConfigException}.
 *
 * <p>The shape (see docs/cli.md): top-level {@code retries}, {@code retryDelay}, {@code
 * cleanupTimeout}, and the groups {@code dependencies}, {@code main}, {@code cleanup}, each a map
 * from process id to process.
 */
final class SpecReader {
  private static final List<String> TOP_KEYS =
      List.of("retries", "retryDelay", "cleanupTimeout", "dependencies", "main", "cleanup");
  private static final List<String> PROCESS_KEYS =
      List.of("command", "env", "workingDirectory", "stopTimeout", "ready", "flags");
  private static final Map<String, ProcessType> GROUPS =
      Map.of(
          "dependencies",
          ProcessType.DEPENDENCY,
          "main",
          ProcessType.MAIN,
          "cleanup",
          ProcessType.CLEANUP);

  private final Placeholders placeholders;
  private final ConfigValues values;
  private final ReadyReader readyReader;
  private final FlagReader flagReader;
  private final Path baseDirectory;
  private final Problems problems;
  private final Map<String, String> idsSeen = new LinkedHashMap<>();

  /**
   * A reader replacing placeholders with {@code placeholders}, resolving relative working
   * directories against {@code baseDirectory}, recording problems in {@code problems}.
   */
  SpecReader(Placeholders placeholders, Path baseDirectory, Problems problems) {
    this.placeholders = placeholders;
    this.values = new ConfigValues(placeholders, problems);
    this.readyReader = new ReadyReader(values, problems);
    this.flagReader = new FlagReader(values, problems);
    this.baseDirectory = baseDirectory;
    this.problems = problems;
  }

  /**
   * Reads a whole environment.
   *
   * @throws ConfigException listing every problem, including those already in {@code problems}
   */
  EnvironmentSpec read(String source, ConfigNode root) {
    Map<String, ConfigNode> top = values.map(root, "");
    values.checkKeys(root, "", TOP_KEYS);
    Integer retries =
        ConfigValues.optional(top, "retries")
            .map(n -> values.integer(n, "retries", 0))
            .orElse(null);
    Duration retryDelay =
        ConfigValues.optional(top, "retryDelay")
            .map(n -> values.duration(n, "retryDelay", true))
            .orElse(null);
    Duration cleanupTimeout =
        ConfigValues.optional(top, "cleanupTimeout")
            .map(n -> values.duration(n, "cleanupTimeout", false))
            .orElse(null);
    List<ProcessSpec> processes = new ArrayList<>();
    for (String group : List.of("dependencies", "main", "cleanup")) {
      ConfigNode node = top.get(group);
      if (node != null) {
        readGroup(node, group, GROUPS.get(group), processes);
      }
    }
    if (problems.isEmpty() && processes.isEmpty()) {
      problems.add(root.location(), "", "no process: add dependencies, main or cleanup processes");
    }
    problems.throwIfAny();
    return new EnvironmentSpec(
        source, retries, retryDelay, cleanupTimeout, List.copyOf(processes), placeholders.ports());
  }

  private void readGroup(ConfigNode node, String group, ProcessType type, List<ProcessSpec> out) {
    if (node.kind() == ConfigNode.Kind.NULL) {
      return;
    }
    if (node.kind() != ConfigNode.Kind.MAP) {
      problems.add(
          node.location(),
          group,
          "expected a map from process id to process, e.g. `"
              + group
              + ": {api: {command: [sh, -c, 'echo hi']}}`, but was "
              + node.describeKind());
      return;
    }
    node.entries()
        .forEach(
            (id, process) -> {
              String path = group + "." + id;
              String idLocation = node.keyLocation(id);
              String first = idsSeen.putIfAbsent(id, path + " (" + idLocation + ")");
              if (first != null) {
                problems.add(
                    idLocation,
                    path,
                    "duplicate id ["
                        + id
                        + "]; already used by "
                        + first
                        + "; ids must be unique across dependencies, main and cleanup");
                return;
              }
              if (id.isBlank()) {
                problems.add(idLocation, path, "a process id must not be blank");
                return;
              }
              readProcess(id, type, process, path, idLocation).ifPresent(out::add);
            });
  }

  private Optional<ProcessSpec> readProcess(
      String id, ProcessType type, ConfigNode node, String path, String idLocation) {
    if (node.kind() != ConfigNode.Kind.MAP) {
      problems.add(
          node.location(),
          path,
          "expected a map with at least [command], but was " + node.describeKind());
      return Optional.empty();
    }
    values.checkKeys(node, path, PROCESS_KEYS);
    Map<String, ConfigNode> keys = node.entries();
    List<String> command = null;
    if (keys.containsKey("command")) {
      command = values.stringList(keys.get("command"), path + ".command", true);
    } else {
      problems.add(idLocation, path, "missing command; add e.g. `command: [sh, -c, 'echo hi']`");
    }
    Map<String, String> env =
        ConfigValues.optional(keys, "env").map(n -> env(n, path + ".env")).orElse(Map.of());
    Path workingDirectory =
        ConfigValues.optional(keys, "workingDirectory")
            .map(n -> values.string(n, path + ".workingDirectory"))
            .map(dir -> baseDirectory.resolve(dir).normalize())
            .orElse(null);
    Duration stopTimeout =
        ConfigValues.optional(keys, "stopTimeout")
            .map(n -> values.duration(n, path + ".stopTimeout", true))
            .orElse(null);
    List<ReadyCheck> checks =
        ConfigValues.optional(keys, "ready")
            .map(n -> readyReader.read(n, path + ".ready"))
            .orElse(List.of());
    Map<String, Flag> flags =
        ConfigValues.optional(keys, "flags")
            .map(n -> flagReader.read(n, path + ".flags"))
            .orElse(Map.of());
    if (command == null || command.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new ProcessSpec(id, type, command, env, workingDirectory, stopTimeout, checks, flags));
  }

  private Map<String, String> env(ConfigNode node, String path) {
    Map<String, String> env = new LinkedHashMap<>();
    values
        .map(node, path)
        .forEach(
            (key, value) -> {
              String valuePath = path + "." + key;
              if (key.isEmpty() || key.contains("=")) {
                problems.add(
                    node.keyLocation(key),
                    valuePath,
                    "an environment variable name must be non-empty without '='");
              } else if (value.kind() == ConfigNode.Kind.NULL) {
                env.put(key, "");
              } else {
                String text = values.string(value, valuePath);
                if (text != null) {
                  env.put(key, text);
                }
              }
            });
    return env;
  }
}
