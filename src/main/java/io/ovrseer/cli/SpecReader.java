package io.ovrseer.cli;

import io.ovrseer.ProcessType;
import io.ovrseer.log.Flag;
import io.ovrseer.log.FlagColor;
import io.ovrseer.process.ReadyCheck;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Turns the {@link ConfigNode} tree of an environment description into an {@link
 * EnvironmentSpec}, replacing placeholders and checking every value. Each problem is recorded with
 * its location and path; all of them are thrown together in one {@link ConfigException}.
 *
 * <p>The shape (see docs/cli.md): top-level {@code retries}, {@code retryDelay}, {@code
 * cleanupTimeout}, and the groups {@code dependencies}, {@code main}, {@code cleanup}, each a map
 * from process id to process.
 */
final class SpecReader {
  /** The readiness timeout when none is given, as for {@code @Ready}. */
  static final Duration DEFAULT_READY_TIMEOUT = Duration.ofSeconds(30);

  private static final List<String> TOP_KEYS =
      List.of("retries", "retryDelay", "cleanupTimeout", "dependencies", "main", "cleanup");
  private static final List<String> PROCESS_KEYS =
      List.of("command", "env", "workingDirectory", "stopTimeout", "ready", "flags");
  private static final List<String> READY_KEYS =
      List.of("log", "times", "passIfNotFound", "timeout", "tcpPort", "http", "command");
  private static final List<String> FLAG_KEYS =
      List.of("name", "pattern", "color", "targetCount", "contextWindowSize");
  private static final Map<String, ProcessType> GROUPS =
      Map.of("dependencies", ProcessType.DEPENDENCY, "main", ProcessType.MAIN, "cleanup", ProcessType.CLEANUP);

  private final Placeholders placeholders;
  private final Path baseDirectory;
  private final Problems problems;
  private final Map<String, String> idsSeen = new LinkedHashMap<>();

  /**
   * A reader replacing placeholders with {@code placeholders}, resolving relative working
   * directories against {@code baseDirectory}, recording problems in {@code problems}.
   */
  SpecReader(Placeholders placeholders, Path baseDirectory, Problems problems) {
    this.placeholders = placeholders;
    this.baseDirectory = baseDirectory;
    this.problems = problems;
  }

  /**
   * Reads a whole environment.
   *
   * @throws ConfigException listing every problem, including those already in {@code problems}
   */
  EnvironmentSpec read(String source, ConfigNode root) {
    Map<String, ConfigNode> top = map(root, "");
    checkKeys(root, "", TOP_KEYS);
    Integer retries = optional(top, "retries").map(n -> integer(n, "retries", 0)).orElse(null);
    Duration retryDelay = optional(top, "retryDelay").map(n -> duration(n, "retryDelay", true)).orElse(null);
    Duration cleanupTimeout =
        optional(top, "cleanupTimeout").map(n -> duration(n, "cleanupTimeout", false)).orElse(null);
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
          "expected a map from process id to process, e.g. `" + group + ": {api: {command: [sh, -c, 'echo hi']}}`, but was " + node.describeKind());
      return;
    }
    node.entries().forEach((id, process) -> {
      String path = group + "." + id;
      String idLocation = node.keyLocation(id);
      String first = idsSeen.putIfAbsent(id, path + " (" + idLocation + ")");
      if (first != null) {
        problems.add(idLocation, path, "duplicate id [" + id + "]; already used by " + first + "; ids must be unique across dependencies, main and cleanup");
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
      problems.add(node.location(), path, "expected a map with at least [command], but was " + node.describeKind());
      return Optional.empty();
    }
    checkKeys(node, path, PROCESS_KEYS);
    Map<String, ConfigNode> keys = node.entries();
    List<String> command = null;
    if (keys.containsKey("command")) {
      command = stringList(keys.get("command"), path + ".command", true);
    } else {
      problems.add(idLocation, path, "missing command; add e.g. `command: [sh, -c, 'echo hi']`");
    }
    Map<String, String> env = optional(keys, "env").map(n -> env(n, path + ".env")).orElse(Map.of());
    Path workingDirectory =
        optional(keys, "workingDirectory")
            .map(n -> string(n, path + ".workingDirectory"))
            .map(dir -> baseDirectory.resolve(dir).normalize())
            .orElse(null);
    Duration stopTimeout =
        optional(keys, "stopTimeout").map(n -> duration(n, path + ".stopTimeout", true)).orElse(null);
    List<ReadyCheck> checks =
        optional(keys, "ready").map(n -> readyChecks(n, path + ".ready")).orElse(List.of());
    Map<String, Flag> flags = optional(keys, "flags").map(n -> flags(n, path + ".flags")).orElse(Map.of());
    if (command == null || command.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new ProcessSpec(id, type, command, env, workingDirectory, stopTimeout, checks, flags));
  }

  private Map<String, String> env(ConfigNode node, String path) {
    Map<String, String> env = new LinkedHashMap<>();
    map(node, path).forEach((key, value) -> {
      String valuePath = path + "." + key;
      if (key.isEmpty() || key.contains("=")) {
        problems.add(node.keyLocation(key), valuePath, "an environment variable name must be non-empty without '='");
      } else if (value.kind() == ConfigNode.Kind.NULL) {
        env.put(key, "");
      } else {
        String text = string(value, valuePath);
        if (text != null) {
          env.put(key, text);
        }
      }
    });
    return env;
  }

  // ---------------------------------------------------------------- readiness

  private List<ReadyCheck> readyChecks(ConfigNode node, String path) {
    if (node.kind() == ConfigNode.Kind.LIST) {
      List<ReadyCheck> checks = new ArrayList<>();
      for (int i = 0; i < node.items().size(); i++) {
        checks.addAll(readyCheck(node.items().get(i), path + "[" + i + "]"));
      }
      return checks;
    }
    return readyCheck(node, path);
  }

  private List<ReadyCheck> readyCheck(ConfigNode node, String path) {
    if (node.kind() != ConfigNode.Kind.MAP) {
      problems.add(node.location(), path, "expected a map such as `{log: 'started', timeout: 30s}`, but was " + node.describeKind());
      return List.of();
    }
    checkKeys(node, path, READY_KEYS);
    Map<String, ConfigNode> keys = node.entries();
    Duration timeout =
        optional(keys, "timeout").map(n -> duration(n, path + ".timeout", false)).orElse(DEFAULT_READY_TIMEOUT);
    List<ReadyCheck> checks = new ArrayList<>();
    ConfigNode log = keys.get("log");
    if (log != null) {
      String regex = string(log, path + ".log");
      Pattern pattern = regex == null ? null : regex(log, path + ".log", regex);
      Integer times = optional(keys, "times").map(n -> integer(n, path + ".times", 1)).orElse(1);
      Boolean passIfNotFound =
          optional(keys, "passIfNotFound").map(n -> bool(n, path + ".passIfNotFound")).orElse(false);
      if (pattern != null && times != null && timeout != null && passIfNotFound != null) {
        ReadyCheck.LogPattern check = ReadyCheck.logPattern(pattern, timeout);
        check = times > 1 ? check.times(times) : check;
        checks.add(passIfNotFound ? check.passIfNotFound() : check);
      }
    } else {
      for (String logOnly : List.of("times", "passIfNotFound")) {
        if (keys.containsKey(logOnly)) {
          problems.add(node.keyLocation(logOnly), path + "." + logOnly, "applies only to a [log] check; add `log: PATTERN`");
        }
      }
    }
    ConfigNode tcp = keys.get("tcpPort");
    if (tcp != null) {
      tcpCheck(tcp, path + ".tcpPort", timeout).ifPresent(checks::add);
    }
    ConfigNode http = keys.get("http");
    if (http != null) {
      String url = string(http, path + ".http");
      if (url != null && timeout != null) {
        try {
          checks.add(ReadyCheck.http(url, timeout));
        } catch (IllegalArgumentException e) {
          problems.add(http.location(), path + ".http", e.getMessage());
        }
      }
    }
    ConfigNode command = keys.get("command");
    if (command != null) {
      List<String> argv = stringList(command, path + ".command", true);
      if (argv != null && !argv.isEmpty() && timeout != null) {
        checks.add(ReadyCheck.command(timeout, argv.toArray(String[]::new)));
      }
    }
    if (log == null && tcp == null && http == null && command == null) {
      problems.add(node.location(), path, "no check; give one of [log, tcpPort, http, command]");
    }
    return checks;
  }

  private Optional<ReadyCheck> tcpCheck(ConfigNode node, String path, Duration timeout) {
    String text = string(node, path);
    if (text == null) {
      return Optional.empty();
    }
    String host = "localhost";
    String port = text.trim();
    int colon = port.lastIndexOf(':');
    if (colon > 0) {
      host = port.substring(0, colon);
      port = port.substring(colon + 1);
    }
    try {
      int number = Integer.parseInt(port);
      if (number < 1 || number > 65535) {
        throw new NumberFormatException();
      }
      return timeout == null ? Optional.empty() : Optional.of(ReadyCheck.tcpPort(host, number, timeout));
    } catch (NumberFormatException e) {
      problems.add(node.location(), path, "expected a port 1-65535 or HOST:PORT, e.g. `${port:db}`, but was [" + text + "]");
      return Optional.empty();
    }
  }

  // ---------------------------------------------------------------- flags

  private Map<String, Flag> flags(ConfigNode node, String path) {
    if (node.kind() != ConfigNode.Kind.LIST) {
      problems.add(node.location(), path, "expected a list of flags such as `- {name: errors, pattern: ERROR}`, but was " + node.describeKind());
      return Map.of();
    }
    Map<String, Flag> flags = new LinkedHashMap<>();
    for (int i = 0; i < node.items().size(); i++) {
      ConfigNode item = node.items().get(i);
      String itemPath = path + "[" + i + "]";
      if (item.kind() != ConfigNode.Kind.MAP) {
        problems.add(item.location(), itemPath, "expected a map such as `{name: errors, pattern: ERROR}`, but was " + item.describeKind());
        continue;
      }
      checkKeys(item, itemPath, FLAG_KEYS);
      Map<String, ConfigNode> keys = item.entries();
      String name = required(item, keys, "name", itemPath);
      Pattern pattern = Optional.ofNullable(required(item, keys, "pattern", itemPath))
          .map(regex -> regex(keys.get("pattern"), itemPath + ".pattern", regex))
          .orElse(null);
      FlagColor color = optional(keys, "color").map(n -> color(n, itemPath + ".color")).orElse(FlagColor.RED);
      Integer target = optional(keys, "targetCount").map(n -> integer(n, itemPath + ".targetCount", 0)).orElse(null);
      Integer window =
          optional(keys, "contextWindowSize").map(n -> integer(n, itemPath + ".contextWindowSize", 0)).orElse(0);
      if (name != null && flags.containsKey(name)) {
        problems.add(keys.get("name").location(), itemPath + ".name", "duplicate flag name [" + name + "]");
        continue;
      }
      if (name == null || pattern == null || color == null || window == null
          || (keys.containsKey("targetCount") && target == null)) {
        continue;
      }
      Flag.Builder flag = Flag.builder(pattern).color(color).contextWindowSize(window);
      if (target != null) {
        flag.targetCount(target);
      }
      flags.put(name, flag.build());
    }
    return flags;
  }

  private FlagColor color(ConfigNode node, String path) {
    String text = string(node, path);
    if (text == null) {
      return null;
    }
    try {
      return FlagColor.valueOf(text.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      problems.add(node.location(), path, "unknown color [" + text + "]; use one of "
          + Arrays.stream(FlagColor.values()).map(c -> c.name().toLowerCase(Locale.ROOT)).toList());
      return null;
    }
  }

  // ---------------------------------------------------------------- values

  private Map<String, ConfigNode> map(ConfigNode node, String path) {
    if (node.kind() == ConfigNode.Kind.MAP) {
      return node.entries();
    }
    if (node.kind() != ConfigNode.Kind.NULL) {
      problems.add(node.location(), path.isEmpty() ? "(top level)" : path, "expected a map, but was " + node.describeKind());
    }
    return Map.of();
  }

  private void checkKeys(ConfigNode node, String path, List<String> allowed) {
    for (String key : node.entries().keySet()) {
      if (!allowed.contains(key)) {
        String suggestion = closest(key, allowed).map(k -> "; did you mean [" + k + "]?").orElse(";");
        problems.add(
            node.keyLocation(key),
            path.isEmpty() ? key : path + "." + key,
            "unknown key [" + key + "]" + suggestion + " known keys: " + allowed);
      }
    }
  }

  private static Optional<ConfigNode> optional(Map<String, ConfigNode> keys, String key) {
    ConfigNode node = keys.get(key);
    return node == null || node.kind() == ConfigNode.Kind.NULL ? Optional.empty() : Optional.of(node);
  }

  private String required(ConfigNode owner, Map<String, ConfigNode> keys, String key, String path) {
    ConfigNode node = keys.get(key);
    if (node == null || node.kind() == ConfigNode.Kind.NULL) {
      problems.add(owner.location(), path, "missing required key [" + key + "]");
      return null;
    }
    return string(node, path + "." + key);
  }

  /** The scalar's text with placeholders replaced, or null (recorded) if it is not a scalar. */
  private String string(ConfigNode node, String path) {
    if (node.kind() != ConfigNode.Kind.SCALAR) {
      problems.add(node.location(), path, "expected a single value, but was " + node.describeKind());
      return null;
    }
    try {
      return placeholders.resolve(node.text());
    } catch (IllegalArgumentException e) {
      problems.add(node.location(), path, e.getMessage());
      return null;
    } catch (RuntimeException e) {
      problems.add(node.location(), path, e.toString());
      return null;
    }
  }

  private List<String> stringList(ConfigNode node, String path, boolean nonEmpty) {
    if (node.kind() != ConfigNode.Kind.LIST) {
      problems.add(node.location(), path, "expected a list such as [sh, -c, 'echo hi'], but was " + node.describeKind());
      return null;
    }
    if (nonEmpty && node.items().isEmpty()) {
      problems.add(node.location(), path, "must not be empty; give the program and its arguments");
      return null;
    }
    List<String> values = new ArrayList<>();
    for (int i = 0; i < node.items().size(); i++) {
      String value = string(node.items().get(i), path + "[" + i + "]");
      if (value == null) {
        return null;
      }
      values.add(value);
    }
    if (nonEmpty && values.get(0).isBlank()) {
      problems.add(node.items().get(0).location(), path + "[0]", "the program must not be blank");
      return null;
    }
    return List.copyOf(values);
  }

  private Integer integer(ConfigNode node, String path, int min) {
    String text = string(node, path);
    if (text == null) {
      return null;
    }
    try {
      int value = Integer.parseInt(text.trim());
      if (value < min) {
        problems.add(node.location(), path, "must be at least " + min + " but was " + value);
        return null;
      }
      return value;
    } catch (NumberFormatException e) {
      problems.add(node.location(), path, "expected a whole number, but was [" + text + "]");
      return null;
    }
  }

  private Boolean bool(ConfigNode node, String path) {
    String text = string(node, path);
    if (text == null) {
      return null;
    }
    return switch (text.trim().toLowerCase(Locale.ROOT)) {
      case "true", "yes", "on" -> true;
      case "false", "no", "off" -> false;
      default -> {
        problems.add(node.location(), path, "expected true or false, but was [" + text + "]");
        yield null;
      }
    };
  }

  private Duration duration(ConfigNode node, String path, boolean zeroAllowed) {
    String text = string(node, path);
    if (text == null) {
      return null;
    }
    Optional<Duration> parsed = Durations.parse(text);
    if (parsed.isEmpty()) {
      problems.add(node.location(), path, "malformed duration [" + text + "]; " + Durations.HINT);
      return null;
    }
    if (!zeroAllowed && parsed.get().isZero()) {
      problems.add(node.location(), path, "must be longer than 0 but was [" + text + "]");
      return null;
    }
    return parsed.get();
  }

  private Pattern regex(ConfigNode node, String path, String regex) {
    try {
      return Pattern.compile(regex);
    } catch (PatternSyntaxException e) {
      problems.add(node.location(), path, "invalid regex [" + regex + "]: " + e.getDescription() + " near index " + e.getIndex());
      return null;
    }
  }

  /** The allowed key nearest {@code key} (edit distance at most 2), if any. */
  private static Optional<String> closest(String key, List<String> allowed) {
    String best = null;
    int bestDistance = 3;
    for (String candidate : allowed) {
      int d = distance(key.toLowerCase(Locale.ROOT), candidate.toLowerCase(Locale.ROOT));
      if (d < bestDistance) {
        best = candidate;
        bestDistance = d;
      }
    }
    return Optional.ofNullable(best);
  }

  private static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
