package io.ovrseer.spec;

import io.ovrseer.OvrseerOptions;
import io.ovrseer.log.Flag;
import io.ovrseer.log.FlagColor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Stream;

/**
 * The one validator of environment declarations: turns what a front end found (a settings map and
 * one {@link Declaration} per process) into an {@link EnvironmentSpec}, checking every value and
 * collecting every problem with where it is. Keys are the same in every front end: a YAML key is
 * the name of the annotation attribute. See docs/configuration.md.
 */
public final class SpecReader {
  /** The keys of the environment's own settings. */
  public static final List<String> SETTINGS_KEYS =
      List.of("retries", "retryDelay", "cleanupTimeout");

  /**
   * The launch of a process whose command or service is wrong: such a process is not kept, but its
   * {@code dependsOn} is checked with every other problem, so that no mistake waits for another's
   * fix to show.
   */
  private static final ProcessSpec.Launch NOT_LAUNCHABLE =
      new ProcessSpec.Launch.Command(List.of());

  private static final List<String> COMMON_KEYS =
      List.of("env", "workingDirectory", "stopTimeout", "flags", "dependsOn", "user");
  private static final List<String> FLAG_KEYS =
      List.of("name", "pattern", "color", "targetCount", "contextWindowSize");

  private final Problems problems;
  private final Map<String, Set<String>> services = new LinkedHashMap<>();

  private SpecReader(Problems problems) {
    this.problems = problems;
  }

  /**
   * Reads and checks a whole declaration.
   *
   * @param source what it was read from, for messages
   * @param settingsLabel how messages name the settings: {@code @OvrseerEnvironment}, or empty
   * @param settings a map with {@link #SETTINGS_KEYS}
   * @param otherSettingsKeys keys the front end reads itself, allowed beside them
   * @param declarations the processes in declaration order
   * @param problems problems the front end found already
   * @throws SpecException listing every problem, those in {@code problems} first
   */
  public static EnvironmentSpec read(
      String source,
      String settingsLabel,
      ConfigNode settings,
      List<String> otherSettingsKeys,
      List<Declaration> declarations,
      Problems problems) {
    return new SpecReader(problems)
        .readAll(source, settingsLabel, settings, otherSettingsKeys, declarations);
  }

  /**
   * Checks a declaration made in code (the builder of {@code OvrseerExtension}): ids not blank and
   * unique, {@code dependsOn} naming processes without a cycle.
   *
   * @throws SpecException listing every problem
   */
  public static EnvironmentSpec of(
      String source,
      int retries,
      Duration retryDelay,
      Duration cleanupTimeout,
      List<ProcessSpec> processes) {
    Problems problems = new Problems();
    Set<String> seen = new HashSet<>();
    List<ProcessSpec> valid = new ArrayList<>();
    for (ProcessSpec process : processes) {
      if (checkId(process.id(), process.where(""), seen, problems)) {
        valid.add(process);
      }
    }
    DependencyCheck.check(valid, problems);
    problems.throwIfAny();
    return new EnvironmentSpec(source, retries, retryDelay, cleanupTimeout, processes);
  }

  /** Whether {@code id} is not blank and not in {@code seen} (then added); recorded if not. */
  private static boolean checkId(String id, String where, Set<String> seen, Problems problems) {
    if (id.isBlank()) {
      problems.add(where, "[" + id + "] is blank; give the process an id");
      return false;
    }
    if (!seen.add(id)) {
      problems.add(
          where,
          "["
              + id
              + "] is declared twice; ids must be unique across setup, dependencies, main and"
              + " cleanup processes");
      return false;
    }
    return true;
  }

  /** The keys a process of {@code group} takes, without those of a service kind. */
  public static List<String> processKeys(ProcessGroup group) {
    List<String> keys = new ArrayList<>(List.of("command"));
    keys.addAll(COMMON_KEYS);
    switch (group) {
      case SETUP -> keys.add("timeout");
      case DEPENDENCY, MAIN -> keys.add("ready");
      case CLEANUP -> {}
    }
    return keys;
  }

  /** How messages name {@code path} below {@code label}, written at {@code location}. */
  static String where(String location, String label, String path) {
    String name = label.isEmpty() ? path : path.isEmpty() ? label : label + "." + path;
    return location.isEmpty() ? name : name.isEmpty() ? location + ":" : location + ": " + name;
  }

  private EnvironmentSpec readAll(
      String source,
      String settingsLabel,
      ConfigNode settings,
      List<String> otherSettingsKeys,
      List<Declaration> declarations) {
    List<String> allowed = new ArrayList<>(SETTINGS_KEYS);
    allowed.addAll(otherSettingsKeys);
    Map<String, ConfigNode> top = map(settings, settingsLabel, "");
    checkKeys(settings, settingsLabel, "", allowed);
    int retries =
        optional(top, "retries")
            .map(n -> integer(n, settingsLabel, "retries", 0))
            .orElse(OvrseerOptions.DEFAULT_RETRIES);
    Duration retryDelay =
        optional(top, "retryDelay")
            .map(n -> duration(n, settingsLabel, "retryDelay", false))
            .orElse(OvrseerOptions.DEFAULT_RETRY_DELAY);
    Duration cleanupTimeout =
        optional(top, "cleanupTimeout")
            .map(n -> duration(n, settingsLabel, "cleanupTimeout", true))
            .orElse(OvrseerOptions.DEFAULT_CLEANUP_TIMEOUT);
    for (Declaration d : declarations) {
      ConfigNode service = d.node().entries().get("service");
      if (service != null && service.kind() == ConfigNode.Kind.SCALAR) {
        ServiceKind.find(service.text()).ifPresent(k -> services.put(d.id(), k.connectionKeys()));
      }
    }
    List<ProcessSpec> processes = new ArrayList<>();
    List<ProcessSpec> checked = new ArrayList<>(); // and those whose command or service is wrong
    Set<String> seen = new HashSet<>();
    Map<String, ProcessGroup> declared = new LinkedHashMap<>();
    Map<String, String> dependsOnWhere = new HashMap<>();
    for (Declaration d : declarations) {
      if (checkId(d.id(), where(d.location(), d.label(), ""), seen, problems)) {
        declared.put(d.id(), d.group());
        ProcessSpec process = readProcess(d);
        if (process != null) {
          checked.add(process);
          dependsOnWhere.put(
              d.id(), where(d.node().keyLocation("dependsOn"), d.label(), "dependsOn"));
          if (process.launch() != NOT_LAUNCHABLE) {
            processes.add(process);
          }
        }
      } else {
        readProcess(d); // not kept, but its own problems are reported with the others
      }
    }
    DependencyCheck.check(checked, declared, p -> dependsOnWhere.get(p.id()), problems);
    ServiceOrder.of(processes, problems); // its cycles, found here with the other problems
    problems.throwIfAny();
    return new EnvironmentSpec(source, retries, retryDelay, cleanupTimeout, processes);
  }

  /**
   * The process {@code d} declares, its problems recorded: null if it is not a map, and with {@link
   * #NOT_LAUNCHABLE} as its launch if its command or service is wrong.
   */
  private ProcessSpec readProcess(Declaration d) {
    String label = d.label();
    ConfigNode node = d.node();
    if (node.kind() != ConfigNode.Kind.MAP) {
      problems.add(
          where(node.location(), label, ""),
          "expected a map with at least [command], but was " + node.describeKind());
      return null;
    }
    Map<String, ConfigNode> keys = node.entries();
    ProcessSpec.Launch launch;
    List<String> allowed = new ArrayList<>(processKeys(d.group()));
    ConfigNode serviceNode = keys.get("service");
    if (serviceNode != null) {
      // A service knows how to run and when it is ready: no command, directory, env or ready.
      List<String> ownedByTheService = List.of("command", "workingDirectory", "env", "ready");
      allowed.removeAll(ownedByTheService);
      allowed.add("service");
      String name = string(serviceNode, label, "service", false);
      Optional<ServiceKind> kind = name == null ? Optional.empty() : ServiceKind.find(name);
      if (name != null && kind.isEmpty()) {
        problems.add(
            where(serviceNode.location(), label, "service"),
            "["
                + name
                + "] is not a service on the class path"
                + Suggestions.among(name, ServiceKinds.names()));
      }
      boolean misplaced = kind.isPresent() && d.group() != ProcessGroup.DEPENDENCY;
      if (misplaced) {
        // It runs until the environment stops and others wait for it to be ready: a dependency.
        problems.add(
            where(serviceNode.location(), label, "service"),
            "["
                + name
                + "] is a service, and a service is a dependency; declare it under "
                + ProcessGroup.DEPENDENCY.yamlKey());
      }
      kind.ifPresent(k -> allowed.addAll(k.options()));
      for (String key : keys.keySet()) {
        if (ownedByTheService.contains(key)) {
          problems.add(
              where(node.keyLocation(key), label, key),
              "["
                  + key
                  + "] is not a key of a service: a service brings its own command, working"
                  + " directory, environment and readiness check (see docs/services.md); known: "
                  + Suggestions.list(allowed));
        }
      }
      checkKeys(node, label, "", allowed, ownedByTheService);
      Map<String, List<String>> options = new LinkedHashMap<>();
      for (String option : kind.map(ServiceKind::options).orElse(Set.of())) {
        optional(keys, option)
            .map(n -> optionValues(n, label, option))
            .ifPresent(v -> options.put(option, v));
      }
      launch =
          misplaced || kind.isEmpty() ? null : new ProcessSpec.Launch.Service(kind.get(), options);
    } else {
      checkKeys(node, label, "", allowed);
      List<String> command = null;
      if (keys.containsKey("command")) {
        command = stringList(keys.get("command"), label, "command", true);
      } else {
        problems.add(
            where(d.location(), label, ""),
            "[command] is missing; name the program to run, such as [sh, -c, 'echo hi']");
      }
      launch = command == null ? null : new ProcessSpec.Launch.Command(command);
    }
    Map<String, String> env = optional(keys, "env").map(n -> env(n, label)).orElse(Map.of());
    String workingDirectory =
        optional(keys, "workingDirectory")
            .map(n -> string(n, label, "workingDirectory", true))
            .orElse(null);
    Duration stopTimeout =
        optional(keys, "stopTimeout")
            .map(n -> duration(n, label, "stopTimeout", false))
            .orElse(null);
    List<ReadySpec> ready =
        allowed.contains("ready")
            ? optional(keys, "ready").map(n -> ReadyReader.read(this, n, label)).orElse(List.of())
            : List.of();
    List<FlagSpec> flags = optional(keys, "flags").map(n -> flags(n, label)).orElse(List.of());
    List<String> dependsOn =
        optional(keys, "dependsOn").map(n -> dependsOn(n, label)).orElse(List.of());
    String user = optional(keys, "user").map(n -> nonBlank(n, label, "user")).orElse(null);
    Duration timeout =
        d.group() == ProcessGroup.SETUP
            ? optional(keys, "timeout")
                .map(n -> duration(n, label, "timeout", true))
                .orElse(ProcessSpec.DEFAULT_SETUP_TIMEOUT)
            : null;
    return new ProcessSpec(
        d.id(),
        d.group(),
        d.location(),
        locations(node, "", new HashMap<>()),
        label,
        launch == null ? NOT_LAUNCHABLE : launch,
        env,
        workingDirectory,
        stopTimeout,
        ready,
        flags,
        dependsOn,
        user,
        timeout);
  }

  /** Where each value below {@code node} was written, by its path below {@code path}. */
  private static Map<String, String> locations(
      ConfigNode node, String path, Map<String, String> out) {
    for (int i = 0; i < node.items().size(); i++) {
      out.put(path + "[" + i + "]", node.items().get(i).location());
      locations(node.items().get(i), path + "[" + i + "]", out);
    }
    node.entries()
        .forEach(
            (key, value) -> {
              String child = path.isEmpty() ? key : path + "." + key;
              out.put(child, value.location());
              locations(value, child, out);
            });
    return out;
  }

  private Map<String, String> env(ConfigNode node, String label) {
    Map<String, String> env = new LinkedHashMap<>();
    if (node.kind() == ConfigNode.Kind.LIST) {
      for (int i = 0; i < node.items().size(); i++) {
        String path = "env[" + i + "]";
        String entry = string(node.items().get(i), label, path, true);
        if (entry == null) {
          continue;
        }
        int eq = entry.indexOf('=');
        if (eq <= 0) {
          problems.add(
              where(node.items().get(i).location(), label, path),
              "[" + entry + "] must be KEY=VALUE");
        } else if (env.containsKey(entry.substring(0, eq))) {
          // As a key twice in the map form: one of the two values is a mistake.
          problems.add(
              where(node.items().get(i).location(), label, path),
              "[" + entry + "] sets " + entry.substring(0, eq) + " a second time; set it once");
        } else {
          env.put(entry.substring(0, eq), entry.substring(eq + 1));
        }
      }
      return env;
    }
    map(node, label, "env")
        .forEach(
            (key, value) -> {
              String path = "env." + key;
              if (key.isEmpty() || key.contains("=")) {
                problems.add(
                    where(node.keyLocation(key), label, path),
                    "[" + key + "] is not a variable name: it must be non-empty without '='");
              } else if (value.kind() == ConfigNode.Kind.NULL) {
                env.put(key, "");
              } else {
                String text = string(value, label, path, true);
                if (text != null) {
                  env.put(key, text);
                }
              }
            });
    return env;
  }

  private List<FlagSpec> flags(ConfigNode node, String label) {
    if (node.kind() != ConfigNode.Kind.LIST) {
      problems.add(
          where(node.location(), label, "flags"),
          "expected a list of flags such as [{name: errors, pattern: ERROR}], but was "
              + node.describeKind());
      return List.of();
    }
    List<FlagSpec> flags = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (int i = 0; i < node.items().size(); i++) {
      ConfigNode item = node.items().get(i);
      String path = "flags[" + i + "]";
      if (item.kind() != ConfigNode.Kind.MAP) {
        problems.add(
            where(item.location(), label, path),
            "expected a map such as {name: errors, pattern: ERROR}, but was "
                + item.describeKind());
        continue;
      }
      checkKeys(item, label, path, FLAG_KEYS);
      Map<String, ConfigNode> keys = item.entries();
      String name = required(item, keys, "name", label, path);
      if (name != null && name.isBlank()) {
        problems.add(
            where(keys.get("name").location(), label, path + ".name"),
            "[" + name + "] is blank; give the flag a name");
        name = null;
      } else if (name != null && !names.add(name)) {
        problems.add(
            where(keys.get("name").location(), label, path + ".name"),
            "[" + name + "] is used twice; flag names must be unique per process");
        name = null;
      }
      String pattern = required(item, keys, "pattern", label, path);
      // A flag is matched as written, never resolved: so it is compiled as written.
      if (pattern != null
          && !regex(
              keys.get("pattern"),
              label,
              path + ".pattern",
              pattern,
              pattern,
              Placeholders.hasPlaceholder(pattern)
                  ? "; a flag pattern is used as written, without placeholders"
                  : "")) {
        pattern = null;
      }
      FlagColor color =
          optional(keys, "color").map(n -> color(n, label, path + ".color")).orElse(FlagColor.RED);
      // Empty, as every empty key, is the default: no target. So null is either that or a mistake.
      Optional<ConfigNode> targetNode = optional(keys, "targetCount");
      Integer target =
          targetNode.map(n -> integer(n, label, path + ".targetCount", 0)).orElse(null);
      Integer context =
          optional(keys, "contextWindowSize")
              .map(
                  n ->
                      integer(
                          n, label, path + ".contextWindowSize", 0, Flag.MAX_CONTEXT_WINDOW_SIZE))
              .orElse(0);
      if (name != null
          && pattern != null
          && color != null
          && context != null
          && (target != null || targetNode.isEmpty())) {
        flags.add(new FlagSpec(name, pattern, color, target, context));
      }
    }
    return flags;
  }

  private List<String> dependsOn(ConfigNode node, String label) {
    if (node.kind() == ConfigNode.Kind.MAP) {
      problem(
          node,
          label,
          "dependsOn",
          "expected an id or a list of ids such as [db, initdb], but was " + node.describeKind());
      return List.of();
    }
    List<String> ids =
        node.kind() == ConfigNode.Kind.SCALAR
            ? Stream.of(string(node, label, "dependsOn", false)).filter(s -> s != null).toList()
            : stringList(node, label, "dependsOn", false);
    return ids == null ? List.of() : ids;
  }

  private FlagColor color(ConfigNode node, String label, String path) {
    String text = string(node, label, path, false);
    if (text == null) {
      return null;
    }
    try {
      return FlagColor.valueOf(text.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      List<String> colors =
          Arrays.stream(FlagColor.values()).map(c -> c.name().toLowerCase(Locale.ROOT)).toList();
      problems.add(
          where(node.location(), label, path),
          "["
              + text
              + "] is not a colour"
              + Suggestions.among(text.toLowerCase(Locale.ROOT), colors));
      return null;
    }
  }

  // ---------------------------------------------------------------- values

  void problem(ConfigNode node, String label, String path, String message) {
    problems.add(where(node.location(), label, path), message);
  }

  Map<String, ConfigNode> map(ConfigNode node, String label, String path) {
    if (node.kind() == ConfigNode.Kind.MAP) {
      return node.entries();
    }
    if (node.kind() != ConfigNode.Kind.NULL) {
      problem(node, label, path, "expected a map, but was " + node.describeKind());
    }
    return Map.of();
  }

  void checkKeys(ConfigNode node, String label, String path, List<String> allowed) {
    checkKeys(node, label, path, allowed, List.of());
  }

  /**
   * As {@link #checkKeys(ConfigNode, String, String, List)}, not reporting {@code toldElsewhere}.
   */
  private void checkKeys(
      ConfigNode node,
      String label,
      String path,
      List<String> allowed,
      List<String> toldElsewhere) {
    for (String key : node.entries().keySet()) {
      if (!allowed.contains(key) && !toldElsewhere.contains(key)) {
        problems.add(
            where(node.keyLocation(key), label, path.isEmpty() ? key : path + "." + key),
            "[" + key + "] is not a known key" + Suggestions.among(key, allowed));
      }
    }
  }

  static Optional<ConfigNode> optional(Map<String, ConfigNode> keys, String key) {
    ConfigNode node = keys.get(key);
    return node == null || node.kind() == ConfigNode.Kind.NULL
        ? Optional.empty()
        : Optional.of(node);
  }

  private String required(
      ConfigNode owner, Map<String, ConfigNode> keys, String key, String label, String path) {
    ConfigNode node = keys.get(key);
    if (node == null || node.kind() == ConfigNode.Kind.NULL) {
      problem(owner, label, path, "[" + key + "] is missing");
      return null;
    }
    return string(node, label, path + "." + key, false);
  }

  /**
   * The scalar's text, or null (recorded) if it is not a scalar; with {@code placeholders}, its
   * placeholders are checked.
   */
  String string(ConfigNode node, String label, String path, boolean placeholders) {
    if (node.kind() != ConfigNode.Kind.SCALAR) {
      problem(node, label, path, "expected a single value, but was " + node.describeKind());
      return null;
    }
    if (placeholders) {
      List<String> wrong = Placeholders.check(node.text(), services);
      wrong.forEach(message -> problem(node, label, path, message));
      if (!wrong.isEmpty()) {
        return null;
      }
    }
    return node.text();
  }

  /** An option's values: one scalar, or a list of scalars; null (recorded) otherwise. */
  private List<String> optionValues(ConfigNode node, String label, String path) {
    if (node.kind() != ConfigNode.Kind.LIST) {
      String value = string(node, label, path, true);
      return value == null ? null : List.of(value);
    }
    List<String> values = new ArrayList<>();
    for (int i = 0; i < node.items().size(); i++) {
      values.add(string(node.items().get(i), label, path + "[" + i + "]", true));
    }
    return values.contains(null) ? null : List.copyOf(values);
  }

  private String nonBlank(ConfigNode node, String label, String path) {
    String text = string(node, label, path, false);
    if (text != null && text.isBlank()) {
      problem(node, label, path, "[" + text + "] is blank");
      return null;
    }
    return text;
  }

  List<String> stringList(ConfigNode node, String label, String path, boolean command) {
    if (node.kind() != ConfigNode.Kind.LIST) {
      problem(
          node,
          label,
          path,
          "expected a list such as [sh, -c, 'echo hi'], but was " + node.describeKind());
      return null;
    }
    if (command && node.items().isEmpty()) {
      problem(node, label, path, "[] is empty; name the program to run first");
      return null;
    }
    List<String> values = new ArrayList<>();
    boolean ok = true;
    for (int i = 0; i < node.items().size(); i++) {
      String value = string(node.items().get(i), label, path + "[" + i + "]", command);
      ok &= value != null;
      values.add(value);
    }
    if (!ok) {
      return null;
    }
    if (command && values.get(0).isBlank()) {
      problem(
          node.items().get(0),
          label,
          path + "[0]",
          "[" + values.get(0) + "] is blank; name the program to run first");
      return null;
    }
    return List.copyOf(values);
  }

  Integer integer(ConfigNode node, String label, String path, int min) {
    return integer(node, label, path, min, Integer.MAX_VALUE);
  }

  /** The whole number of {@code node}, {@code min} to {@code max}; null (recorded) if it is not. */
  Integer integer(ConfigNode node, String label, String path, int min, int max) {
    String text = string(node, label, path, false);
    if (text == null) {
      return null;
    }
    try {
      int value = Integer.parseInt(text.trim());
      if (value < min) {
        problem(node, label, path, "[" + text + "] must be " + min + " or more");
        return null;
      }
      if (value > max) {
        problem(node, label, path, "[" + text + "] must be " + max + " or less");
        return null;
      }
      return value;
    } catch (NumberFormatException e) {
      // A whole number too large for an int is out of range, not malformed.
      String bound =
          !text.trim().matches("[-+]?\\d+")
              ? "is not a whole number"
              : text.trim().startsWith("-")
                  ? "must be " + min + " or more"
                  : "must be " + max + " or less";
      problem(node, label, path, "[" + text + "] " + bound);
      return null;
    }
  }

  Boolean bool(ConfigNode node, String label, String path) {
    String text = string(node, label, path, false);
    if (text == null) {
      return null;
    }
    Optional<Boolean> value = Booleans.parse(text);
    if (value.isEmpty()) {
      problem(node, label, path, "[" + text + "] is not true or false");
    }
    return value.orElse(null);
  }

  Duration duration(ConfigNode node, String label, String path, boolean positive) {
    String text = string(node, label, path, false);
    if (text == null) {
      return null;
    }
    Optional<Duration> parsed = Durations.parse(text);
    if (parsed.isEmpty()) {
      problem(node, label, path, "[" + text + "] is not a duration; " + Durations.HINT);
      return null;
    }
    if (parsed.get().isNegative() || (positive && parsed.get().isZero())) {
      problem(
          node,
          label,
          path,
          "[" + text + "] must be " + (positive ? "longer than 0" : "0 or more"));
      return null;
    }
    if (parsed.get().compareTo(Durations.MAX) > 0) {
      problem(node, label, path, "[" + text + "] must be " + Durations.MAX_TEXT + " or shorter");
      return null;
    }
    return parsed.get();
  }

  /**
   * Whether {@code used}, the regex that will be compiled for {@code written}, compiles; recorded
   * (naming {@code written}, {@code hint} appended) if not.
   */
  boolean regex(
      ConfigNode node, String label, String path, String written, String used, String hint) {
    try {
      Pattern.compile(used);
      return true;
    } catch (PatternSyntaxException e) {
      problem(
          node,
          label,
          path,
          "[" + written + "] is not a valid regex: " + e.getDescription() + hint);
      return false;
    }
  }
}
