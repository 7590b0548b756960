package io.ovrseer.cli;

import io.ovrseer.log.Flag;
import io.ovrseer.log.FlagColor;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads the {@code flags} list of a process into {@link Flag}s: {@code name}, {@code pattern},
 * {@code color}, {@code targetCount}, {@code contextWindowSize}.
 */
final class FlagReader {
  private static final List<String> KEYS =
      List.of("name", "pattern", "color", "targetCount", "contextWindowSize");

  private final ConfigValues values;
  private final Problems problems;

  FlagReader(ConfigValues values, Problems problems) {
    this.values = values;
    this.problems = problems;
  }

  /** The flags of a {@code flags} list, by name. */
  Map<String, Flag> read(ConfigNode node, String path) {
    if (node.kind() != ConfigNode.Kind.LIST) {
      problems.add(
          node.location(),
          path,
          "expected a list of flags such as `- {name: errors, pattern: ERROR}`, but was "
              + node.describeKind());
      return Map.of();
    }
    Map<String, Flag> flags = new LinkedHashMap<>();
    for (int i = 0; i < node.items().size(); i++) {
      ConfigNode item = node.items().get(i);
      String itemPath = path + "[" + i + "]";
      if (item.kind() != ConfigNode.Kind.MAP) {
        problems.add(
            item.location(),
            itemPath,
            "expected a map such as `{name: errors, pattern: ERROR}`, but was "
                + item.describeKind());
        continue;
      }
      values.checkKeys(item, itemPath, KEYS);
      Map<String, ConfigNode> keys = item.entries();
      String name = values.required(item, keys, "name", itemPath);
      Pattern pattern =
          Optional.ofNullable(values.required(item, keys, "pattern", itemPath))
              .map(regex -> values.regex(keys.get("pattern"), itemPath + ".pattern", regex))
              .orElse(null);
      FlagColor color =
          ConfigValues.optional(keys, "color")
              .map(n -> color(n, itemPath + ".color"))
              .orElse(FlagColor.RED);
      Integer target =
          ConfigValues.optional(keys, "targetCount")
              .map(n -> values.integer(n, itemPath + ".targetCount", 0))
              .orElse(null);
      Integer window =
          ConfigValues.optional(keys, "contextWindowSize")
              .map(n -> values.integer(n, itemPath + ".contextWindowSize", 0))
              .orElse(0);
      if (name != null && flags.containsKey(name)) {
        problems.add(
            keys.get("name").location(), itemPath + ".name", "duplicate flag name [" + name + "]");
        continue;
      }
      if (name == null
          || pattern == null
          || color == null
          || window == null
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
    String text = values.string(node, path);
    if (text == null) {
      return null;
    }
    try {
      return FlagColor.valueOf(text.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      problems.add(
          node.location(),
          path,
          "unknown color ["
              + text
              + "]; use one of "
              + Arrays.stream(FlagColor.values())
                  .map(c -> c.name().toLowerCase(Locale.ROOT))
                  .toList());
      return null;
    }
  }
}
