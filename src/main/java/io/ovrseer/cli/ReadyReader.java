package io.ovrseer.cli;

import io.ovrseer.process.ReadyCheck;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads the {@code ready} value of a process into {@link ReadyCheck}s: {@code log} (with {@code
 * times}, {@code passIfNotFound}), {@code tcpPort}, {@code http}, {@code command}, each with the
 * map's {@code timeout}.
 */
final class ReadyReader {
  /** The readiness timeout when none is given, 30 s as for {@code @Ready}. */
  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

  private static final List<String> KEYS =
      List.of("log", "times", "passIfNotFound", "timeout", "tcpPort", "http", "command");

  private final ConfigValues values;
  private final Problems problems;

  ReadyReader(ConfigValues values, Problems problems) {
    this.values = values;
    this.problems = problems;
  }

  /** The checks of a {@code ready} value: one map, or a list of them. */
  List<ReadyCheck> read(ConfigNode node, String path) {
    if (node.kind() == ConfigNode.Kind.LIST) {
      List<ReadyCheck> checks = new ArrayList<>();
      for (int i = 0; i < node.items().size(); i++) {
        checks.addAll(check(node.items().get(i), path + "[" + i + "]"));
      }
      return checks;
    }
    return check(node, path);
  }

  private List<ReadyCheck> check(ConfigNode node, String path) {
    if (node.kind() != ConfigNode.Kind.MAP) {
      problems.add(
          node.location(),
          path,
          "expected a map such as `{log: 'started', timeout: 30s}`, but was "
              + node.describeKind());
      return List.of();
    }
    values.checkKeys(node, path, KEYS);
    Map<String, ConfigNode> keys = node.entries();
    Duration timeout =
        ConfigValues.optional(keys, "timeout")
            .map(n -> values.duration(n, path + ".timeout", false))
            .orElse(DEFAULT_TIMEOUT);
    List<ReadyCheck> checks = new ArrayList<>();
    ConfigNode log = keys.get("log");
    if (log != null) {
      String regex = values.string(log, path + ".log");
      Pattern pattern = regex == null ? null : values.regex(log, path + ".log", regex);
      Integer times =
          ConfigValues.optional(keys, "times")
              .map(n -> values.integer(n, path + ".times", 1))
              .orElse(1);
      Boolean passIfNotFound =
          ConfigValues.optional(keys, "passIfNotFound")
              .map(n -> values.bool(n, path + ".passIfNotFound"))
              .orElse(false);
      if (pattern != null && times != null && timeout != null && passIfNotFound != null) {
        ReadyCheck.LogPattern check = ReadyCheck.logPattern(pattern, timeout);
        check = times > 1 ? check.times(times) : check;
        checks.add(passIfNotFound ? check.passIfNotFound() : check);
      }
    } else {
      for (String logOnly : List.of("times", "passIfNotFound")) {
        if (keys.containsKey(logOnly)) {
          problems.add(
              node.keyLocation(logOnly),
              path + "." + logOnly,
              "applies only to a [log] check; add `log: PATTERN`");
        }
      }
    }
    ConfigNode tcp = keys.get("tcpPort");
    if (tcp != null) {
      tcpCheck(tcp, path + ".tcpPort", timeout).ifPresent(checks::add);
    }
    ConfigNode http = keys.get("http");
    if (http != null) {
      String url = values.string(http, path + ".http");
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
      List<String> argv = values.stringList(command, path + ".command", true);
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
    String text = values.string(node, path);
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
      return timeout == null
          ? Optional.empty()
          : Optional.of(ReadyCheck.tcpPort(host, number, timeout));
    } catch (NumberFormatException e) {
      problems.add(
          node.location(),
          path,
          "expected a port 1-65535 or HOST:PORT, e.g. `${port:db}`, but was [" + text + "]");
      return Optional.empty();
    }
  }
}
