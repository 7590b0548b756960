package io.ovrseer.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads typed values out of {@link ConfigNode}s: text with placeholders replaced, lists, whole
 * numbers, booleans, durations, regexes, maps with known keys. A value that is wrong is recorded in
 * {@link Problems} with its location and path, and read as null so that reading goes on.
 */
final class ConfigValues {
  private final Placeholders placeholders;
  private final Problems problems;

  ConfigValues(Placeholders placeholders, Problems problems) {
    this.placeholders = placeholders;
    this.problems = problems;
  }

  Map<String, ConfigNode> map(ConfigNode node, String path) {
    if (node.kind() == ConfigNode.Kind.MAP) {
      return node.entries();
    }
    if (node.kind() != ConfigNode.Kind.NULL) {
      problems.add(
          node.location(),
          path.isEmpty() ? "(top level)" : path,
          "expected a map, but was " + node.describeKind());
    }
    return Map.of();
  }

  void checkKeys(ConfigNode node, String path, List<String> allowed) {
    for (String key : node.entries().keySet()) {
      if (!allowed.contains(key)) {
        String suggestion =
            closest(key, allowed).map(k -> "; did you mean [" + k + "]?").orElse(";");
        problems.add(
            node.keyLocation(key),
            path.isEmpty() ? key : path + "." + key,
            "unknown key [" + key + "]" + suggestion + " known keys: " + allowed);
      }
    }
  }

  static Optional<ConfigNode> optional(Map<String, ConfigNode> keys, String key) {
    ConfigNode node = keys.get(key);
    return node == null || node.kind() == ConfigNode.Kind.NULL
        ? Optional.empty()
        : Optional.of(node);
  }

  String required(ConfigNode owner, Map<String, ConfigNode> keys, String key, String path) {
    ConfigNode node = keys.get(key);
    if (node == null || node.kind() == ConfigNode.Kind.NULL) {
      problems.add(owner.location(), path, "missing required key [" + key + "]");
      return null;
    }
    return string(node, path + "." + key);
  }

  /** The scalar's text with placeholders replaced, or null (recorded) if it is not a scalar. */
  String string(ConfigNode node, String path) {
    if (node.kind() != ConfigNode.Kind.SCALAR) {
      problems.add(
          node.location(), path, "expected a single value, but was " + node.describeKind());
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

  List<String> stringList(ConfigNode node, String path, boolean nonEmpty) {
    if (node.kind() != ConfigNode.Kind.LIST) {
      problems.add(
          node.location(),
          path,
          "expected a list such as [sh, -c, 'echo hi'], but was " + node.describeKind());
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

  Integer integer(ConfigNode node, String path, int min) {
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

  Boolean bool(ConfigNode node, String path) {
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

  Duration duration(ConfigNode node, String path, boolean zeroAllowed) {
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

  Pattern regex(ConfigNode node, String path, String regex) {
    try {
      return Pattern.compile(regex);
    } catch (PatternSyntaxException e) {
      problems.add(
          node.location(),
          path,
          "invalid regex [" + regex + "]: " + e.getDescription() + " near index " + e.getIndex());
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
        current[j] =
            Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
