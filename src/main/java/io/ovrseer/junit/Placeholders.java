package io.ovrseer.junit;

import java.nio.file.Path;
import java.util.function.ToIntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/**
 * The placeholders of the annotations: {@code ${port:NAME}}, {@code ${java}}, {@code ${classpath}},
 * {@code ${env:VAR}} and {@code ${sys:prop}}.
 */
final class Placeholders {
  static final String KNOWN = "${port:NAME}, ${java}, ${classpath}, ${env:VAR}, ${sys:prop}";
  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}]*)}");

  private Placeholders() {}

  /**
   * Checks that every placeholder in {@code text} is of a known kind, without resolving it.
   *
   * @throws ExtensionConfigurationException naming the unknown placeholder and {@code where}
   */
  static void check(String text, String where) {
    Matcher m = PLACEHOLDER.matcher(text);
    while (m.find()) {
      kindOf(m.group(1), where);
    }
  }

  /**
   * {@code text} with every placeholder replaced; ports come from {@code ports}.
   *
   * @throws ExtensionConfigurationException for an unknown placeholder, an unset environment
   *     variable or system property
   */
  static String resolve(String text, String where, ToIntFunction<String> ports) {
    Matcher m = PLACEHOLDER.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(out, Matcher.quoteReplacement(valueOf(m.group(1), where, ports)));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** This JVM's java binary. */
  static String javaBinary() {
    return ProcessHandle.current()
        .info()
        .command()
        .orElseGet(() -> Path.of(System.getProperty("java.home"), "bin", "java").toString());
  }

  /** This test run's class path. */
  static String classpath() {
    return System.getProperty("java.class.path");
  }

  private static String valueOf(String inside, String where, ToIntFunction<String> ports) {
    String arg = argumentOf(inside);
    return switch (kindOf(inside, where)) {
      case "java" -> javaBinary();
      case "classpath" -> classpath();
      case "port" -> Integer.toString(ports.applyAsInt(arg));
      case "env" -> require(System.getenv(arg), inside, where, "environment variable " + arg);
      default -> require(System.getProperty(arg), inside, where, "system property " + arg);
    };
  }

  private static String require(String value, String inside, String where, String what) {
    if (value == null) {
      throw new ExtensionConfigurationException(
          "placeholder [${" + inside + "}] in " + where + ": " + what + " is not set");
    }
    return value;
  }

  private static String kindOf(String inside, String where) {
    int colon = inside.indexOf(':');
    String kind = colon < 0 ? inside : inside.substring(0, colon);
    String arg = argumentOf(inside);
    boolean known =
        switch (kind) {
          case "java", "classpath" -> arg == null;
          case "port", "env", "sys" -> arg != null && !arg.isBlank();
          default -> false;
        };
    if (!known) {
      throw new ExtensionConfigurationException(
          "unknown placeholder [${" + inside + "}] in " + where + "; known: " + KNOWN);
    }
    return kind;
  }

  private static String argumentOf(String inside) {
    int colon = inside.indexOf(':');
    return colon < 0 ? null : inside.substring(colon + 1);
  }
}
