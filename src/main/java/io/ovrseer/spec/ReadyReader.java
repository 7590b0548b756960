package io.ovrseer.spec;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Reads the {@code ready} value of a process (one map, or in YAML a list of them) into {@link
 * ReadySpec}s. Each kind of check is one entry of {@link #KINDS}: its key, the keys that only apply
 * to it, and how it is read; {@code timeout} applies to every check of the map.
 */
final class ReadyReader {

  /** Reads one kind of check from the value of its key. */
  @FunctionalInterface
  private interface Parser {
    ReadySpec read(
        SpecReader reader,
        Map<String, ConfigNode> keys,
        ConfigNode value,
        String label,
        String path,
        Duration timeout);
  }

  private record Kind(String key, List<String> modifiers, Parser parser) {}

  private static final List<Kind> KINDS =
      List.of(
          new Kind("log", List.of("times", "passIfNotFound"), ReadyReader::log),
          new Kind("tcpPort", List.of(), ReadyReader::tcpPort),
          new Kind("http", List.of(), ReadyReader::http),
          new Kind("command", List.of(), ReadyReader::command));

  private ReadyReader() {}

  /** The checks of a {@code ready} value. */
  static List<ReadySpec> read(SpecReader reader, ConfigNode node, String label) {
    if (node.kind() == ConfigNode.Kind.LIST) {
      List<ReadySpec> checks = new ArrayList<>();
      for (int i = 0; i < node.items().size(); i++) {
        checks.addAll(map(reader, node.items().get(i), label, "ready[" + i + "]"));
      }
      return checks;
    }
    return map(reader, node, label, "ready");
  }

  private static List<ReadySpec> map(
      SpecReader reader, ConfigNode node, String label, String path) {
    if (node.kind() != ConfigNode.Kind.MAP) {
      reader.problem(
          node,
          label,
          path,
          "expected a map such as {log: started, timeout: 30s}, but was " + node.describeKind());
      return List.of();
    }
    List<String> allowed = new ArrayList<>();
    List<String> checkKeys = new ArrayList<>();
    for (Kind kind : KINDS) {
      allowed.add(kind.key());
      checkKeys.add(kind.key());
      allowed.addAll(kind.modifiers());
    }
    allowed.add("timeout");
    reader.checkKeys(node, label, path, allowed);
    Map<String, ConfigNode> keys = node.entries();
    Duration timeout =
        SpecReader.optional(keys, "timeout")
            .map(n -> reader.duration(n, label, path + ".timeout", true))
            .orElse(ReadySpec.DEFAULT_TIMEOUT);
    List<ReadySpec> checks = new ArrayList<>();
    boolean any = false;
    for (Kind kind : KINDS) {
      ConfigNode value = keys.get(kind.key());
      // An empty value is no check, as an annotation attribute left at its default ("" or {}).
      boolean given =
          value != null
              && value.kind() != ConfigNode.Kind.NULL
              && !(value.kind() == ConfigNode.Kind.SCALAR && value.text().isEmpty())
              && !(value.kind() == ConfigNode.Kind.LIST && value.items().isEmpty());
      if (given) {
        any = true;
        ReadySpec check =
            kind.parser().read(reader, keys, value, label, path + "." + kind.key(), timeout);
        if (check != null && timeout != null) {
          checks.add(check);
        }
      } else {
        for (String modifier : kind.modifiers()) {
          // Left empty, a modifier is its default, as every empty key is: nothing to apply.
          ConfigNode written = SpecReader.optional(keys, modifier).orElse(null);
          String text =
              written == null ? null : reader.string(written, label, path + "." + modifier, false);
          if (text != null) {
            reader.problem(
                written,
                label,
                path + "." + modifier,
                "[" + text + "] applies only to a [" + kind.key() + "] check; add " + kind.key());
          }
        }
      }
    }
    if (!any) {
      reader.problem(node, label, path, "declares no check; give one of " + checkKeys);
    }
    return checks;
  }

  private static ReadySpec log(
      SpecReader reader,
      Map<String, ConfigNode> keys,
      ConfigNode value,
      String label,
      String path,
      Duration timeout) {
    String regex = reader.string(value, label, path, true);
    // Compiled as it will be used once resolved: $${ as ${, stand-ins for its placeholders.
    boolean valid =
        regex != null
            && reader.regex(value, label, path, regex, Placeholders.withStandIns(regex), "");
    String parent = path.substring(0, path.lastIndexOf('.'));
    Integer times =
        SpecReader.optional(keys, "times")
            .map(n -> reader.integer(n, label, parent + ".times", 1))
            .orElse(1);
    Boolean passIfNotFound =
        SpecReader.optional(keys, "passIfNotFound")
            .map(n -> reader.bool(n, label, parent + ".passIfNotFound"))
            .orElse(false);
    return valid && times != null && passIfNotFound != null
        ? new ReadySpec.Log(regex, times, passIfNotFound, timeout)
        : null;
  }

  private static ReadySpec tcpPort(
      SpecReader reader,
      Map<String, ConfigNode> keys,
      ConfigNode value,
      String label,
      String path,
      Duration timeout) {
    return address(
        reader,
        value,
        label,
        path,
        ReadySpec.TcpPort::port,
        address -> new ReadySpec.TcpPort(address, timeout));
  }

  private static ReadySpec http(
      SpecReader reader,
      Map<String, ConfigNode> keys,
      ConfigNode value,
      String label,
      String path,
      Duration timeout) {
    return address(
        reader, value, label, path, ReadySpec.Http::check, url -> new ReadySpec.Http(url, timeout));
  }

  /**
   * A check on an address (a {@code host:port} or a URL): validated now by {@code validate} (which
   * throws {@link IllegalArgumentException}) unless it holds placeholders, which cannot be checked
   * before they are resolved.
   */
  private static ReadySpec address(
      SpecReader reader,
      ConfigNode value,
      String label,
      String path,
      Consumer<String> validate,
      Function<String, ReadySpec> spec) {
    String address = reader.string(value, label, path, true);
    if (address == null) {
      return null;
    }
    if (!Placeholders.hasPlaceholder(address)) {
      try {
        validate.accept(address);
      } catch (IllegalArgumentException e) {
        reader.problem(value, label, path, e.getMessage());
        return null;
      }
    }
    return spec.apply(address);
  }

  private static ReadySpec command(
      SpecReader reader,
      Map<String, ConfigNode> keys,
      ConfigNode value,
      String label,
      String path,
      Duration timeout) {
    List<String> argv = reader.stringList(value, label, path, true);
    return argv == null || timeout == null ? null : new ReadySpec.Command(argv, timeout);
  }
}
