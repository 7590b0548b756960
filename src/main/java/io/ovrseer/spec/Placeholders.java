package io.ovrseer.spec;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.ToIntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one reader of placeholders: {@code ${port:NAME}}, {@code ${java}}, {@code ${classpath}},
 * {@code ${env:VAR}}, {@code ${sys:prop}} and {@code ${KEY:ID}} (connection property {@code KEY} of
 * service {@code ID}); {@code $${} stands for a literal {@code ${}.
 */
final class Placeholders {
  static final String KNOWN =
      "${port:NAME}, ${java}, ${classpath}, ${env:VAR}, ${sys:prop}, ${KEY:ID} of a service";
  private static final Pattern PLACEHOLDER = Pattern.compile("\\$(\\$?)\\{([^}]*)}");
  private static final List<String> KINDS = List.of("port", "java", "classpath", "env", "sys");

  private Placeholders() {}

  /**
   * The problems of the placeholders in {@code text}, without resolving them.
   *
   * @param services the connection keys of each service, by service id
   */
  static List<String> check(String text, Map<String, Set<String>> services) {
    List<String> problems = new ArrayList<>();
    Matcher m = PLACEHOLDER.matcher(text);
    while (m.find()) {
      if (m.group(1).isEmpty()) {
        String problem = problemOf(m.group(2), services);
        if (problem != null) {
          problems.add(problem);
        }
      }
    }
    return problems;
  }

  /** {@code text} with every placeholder replaced by a stand-in that is no regex syntax. */
  static String withStandIns(String text) {
    return PLACEHOLDER.matcher(text).replaceAll("x");
  }

  /** Whether {@code text} holds a placeholder (not counting {@code $${} escapes). */
  static boolean hasPlaceholder(String text) {
    Matcher m = PLACEHOLDER.matcher(text);
    while (m.find()) {
      if (m.group(1).isEmpty()) {
        return true;
      }
    }
    return false;
  }

  /**
   * {@code text} with every placeholder replaced.
   *
   * @param ports the port of each name
   * @param connection the connection property {@code KEY} of service {@code ID}, given {@code
   *     "KEY:ID"}; null if there is none
   * @throws IllegalArgumentException naming the placeholder that cannot be replaced
   */
  static String resolve(
      String text,
      PlaceholderContext context,
      ToIntFunction<String> ports,
      Function<String, String> connection) {
    Matcher m = PLACEHOLDER.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String inside = m.group(2);
      String value =
          m.group(1).isEmpty() ? valueOf(inside, context, ports, connection) : "${" + inside + "}";
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return out.toString();
  }

  /**
   * {@code text} with the placeholders that do not depend on the environment replaced and the
   * others ({@code ${port:NAME}}, {@code ${KEY:ID}}) kept: what two equal declarations share.
   */
  static String resolveStatic(String text, PlaceholderContext context) {
    Matcher m = PLACEHOLDER.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String whole = m.group();
      String value = whole;
      if (m.group(1).isEmpty()) {
        String kind = kindOf(m.group(2));
        if (List.of("java", "classpath", "env", "sys").contains(kind)) {
          try {
            value = valueOf(m.group(2), context, name -> 0, key -> null);
          } catch (IllegalArgumentException e) {
            value = whole; // reported when the environment is built
          }
        }
      }
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static String valueOf(
      String inside,
      PlaceholderContext context,
      ToIntFunction<String> ports,
      Function<String, String> connection) {
    String arg = argumentOf(inside);
    switch (kindOf(inside)) {
      case "java":
        if (arg == null) {
          return context.java();
        }
        break;
      case "classpath":
        if (arg == null) {
          return context.classpath();
        }
        break;
      case "port":
        if (arg != null && !arg.isBlank()) {
          return Integer.toString(ports.applyAsInt(arg));
        }
        break;
      case "env":
        if (arg != null && !arg.isBlank()) {
          return require(context.env().apply(arg), inside, "environment variable " + arg);
        }
        break;
      case "sys":
        if (arg != null && !arg.isBlank()) {
          return require(context.sys().apply(arg), inside, "system property " + arg);
        }
        break;
      default:
        String value = connection.apply(inside);
        if (value != null) {
          return value;
        }
    }
    throw new IllegalArgumentException(problemOf(inside, Map.of()));
  }

  private static String require(String value, String inside, String what) {
    if (value == null) {
      throw new IllegalArgumentException("[${" + inside + "}]: " + what + " is not set");
    }
    return value;
  }

  private static String problemOf(String inside, Map<String, Set<String>> services) {
    String kind = kindOf(inside);
    String arg = argumentOf(inside);
    boolean known =
        switch (kind) {
          case "java", "classpath" -> arg == null;
          case "port", "env", "sys" -> arg != null && !arg.isBlank();
          default -> arg != null && services.getOrDefault(arg, Set.of()).contains(kind);
        };
    if (known) {
      return null;
    }
    List<String> candidates = new ArrayList<>(KINDS);
    if (arg != null) {
      candidates.addAll(services.getOrDefault(arg, Set.of()));
    }
    String suggestion =
        Suggestions.closest(kind, candidates)
            .map(k -> "; did you mean [${" + k + (arg == null ? "" : ":" + arg) + "}]?")
            .orElse(";");
    String shape =
        switch (kind) {
          case "java", "classpath" -> "; [${" + kind + "}] takes no argument;";
          case "port", "env", "sys" -> "; [${" + kind + ":...}] needs a name after the colon;";
          default -> suggestion;
        };
    return "[${" + inside + "}] is not a known placeholder" + shape + " known: " + KNOWN;
  }

  private static String kindOf(String inside) {
    int colon = inside.indexOf(':');
    return colon < 0 ? inside : inside.substring(0, colon);
  }

  private static String argumentOf(String inside) {
    int colon = inside.indexOf(':');
    return colon < 0 ? null : inside.substring(colon + 1);
  }
}
