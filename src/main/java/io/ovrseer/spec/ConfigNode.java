package io.ovrseer.spec;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One value of an environment description (a YAML node, or an annotation attribute), with where it
 * came from: a scalar (kept as text), a list, a map, or null. Maps keep their key order and where
 * each key was written.
 */
public final class ConfigNode {

  /** What kind of value a node holds. */
  public enum Kind {
    SCALAR,
    LIST,
    MAP,
    NULL
  }

  private final Kind kind;
  private final String location;
  private final String text;
  private final List<ConfigNode> items;
  private final Map<String, ConfigNode> entries;
  private final Map<String, String> keyLocations;

  private ConfigNode(
      Kind kind,
      String location,
      String text,
      List<ConfigNode> items,
      Map<String, ConfigNode> entries,
      Map<String, String> keyLocations) {
    this.kind = kind;
    this.location = Objects.requireNonNull(location, "location");
    this.text = text;
    this.items = items;
    this.entries = entries;
    this.keyLocations = keyLocations;
  }

  public static ConfigNode scalar(String location, String text) {
    return new ConfigNode(
        Kind.SCALAR, location, Objects.requireNonNull(text), List.of(), Map.of(), Map.of());
  }

  public static ConfigNode nullValue(String location) {
    return new ConfigNode(Kind.NULL, location, null, List.of(), Map.of(), Map.of());
  }

  public static ConfigNode list(String location, List<ConfigNode> items) {
    return new ConfigNode(Kind.LIST, location, null, List.copyOf(items), Map.of(), Map.of());
  }

  /** A map; {@code keyLocations} says where each key of {@code entries} was written. */
  public static ConfigNode map(
      String location, Map<String, ConfigNode> entries, Map<String, String> keyLocations) {
    return new ConfigNode(
        Kind.MAP,
        location,
        null,
        List.of(),
        Collections.unmodifiableMap(new LinkedHashMap<>(entries)),
        Collections.unmodifiableMap(new LinkedHashMap<>(keyLocations)));
  }

  /** A map whose keys were written where their values were. */
  public static ConfigNode map(String location, Map<String, ConfigNode> entries) {
    Map<String, String> keyLocations = new LinkedHashMap<>();
    entries.forEach((key, value) -> keyLocations.put(key, value.location()));
    return map(location, entries, keyLocations);
  }

  public Kind kind() {
    return kind;
  }

  /**
   * Where the value was written, such as {@code env.yml:7}; empty for an annotation attribute,
   * whose declaration names it.
   */
  public String location() {
    return location;
  }

  /** The text of a scalar. */
  public String text() {
    return text;
  }

  public List<ConfigNode> items() {
    return items;
  }

  public Map<String, ConfigNode> entries() {
    return entries;
  }

  /** Where {@code key} of this map was written (the node's own location if unknown). */
  public String keyLocation(String key) {
    return keyLocations.getOrDefault(key, location);
  }

  /** How the kind is named in error messages: "a string", "a list", "a map", "empty". */
  public String describeKind() {
    return switch (kind) {
      case SCALAR -> "the value [" + text + "]";
      case LIST -> "a list";
      case MAP -> "a map";
      case NULL -> "empty";
    };
  }
}
