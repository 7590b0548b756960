package io.ovrseer.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces the placeholders of an environment description, the same as the annotations take:
 * {@code ${port:NAME}} (a free loopback port, the same value for every use of NAME), {@code
 * ${env:VAR}}, {@code ${sys:prop}}, {@code ${java}} (the running JVM's java binary) and {@code
 * ${classpath}} (the class path given to the command line, else the running JVM's). {@code $${}
 * stands for a literal {@code ${}.
 */
final class Placeholders {
  static final String KNOWN = "${port:NAME}, ${env:VAR}, ${sys:prop}, ${java}, ${classpath}";
  private static final Pattern PLACEHOLDER = Pattern.compile("\\$(\\$?)\\{([^}]*)}");

  private final String classpath;
  private final UnaryOperator<String> env;
  private final UnaryOperator<String> sys;
  private final Map<String, Integer> ports = new LinkedHashMap<>();

  Placeholders(String classpath, UnaryOperator<String> env, UnaryOperator<String> sys) {
    this.classpath = classpath;
    this.env = env;
    this.sys = sys;
  }

  /** Placeholders reading this JVM's environment and system properties. */
  static Placeholders forThisJvm(String classpath) {
    return new Placeholders(
        classpath == null ? System.getProperty("java.class.path") : classpath,
        System::getenv,
        System::getProperty);
  }

  /**
   * {@code text} with every placeholder replaced.
   *
   * @throws IllegalArgumentException naming the placeholder that cannot be replaced
   */
  String resolve(String text) {
    Matcher m = PLACEHOLDER.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String replacement = m.group(1).isEmpty() ? valueOf(m.group(2)) : "${" + m.group(2) + "}";
      m.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** The ports allocated so far, by name. */
  Map<String, Integer> ports() {
    return Collections.unmodifiableMap(ports);
  }

  private String valueOf(String inside) {
    int colon = inside.indexOf(':');
    String kind = colon < 0 ? inside : inside.substring(0, colon);
    String arg = colon < 0 ? null : inside.substring(colon + 1);
    switch (kind) {
      case "java":
        if (arg == null) {
          return javaBinary();
        }
        break;
      case "classpath":
        if (arg == null) {
          return classpath;
        }
        break;
      case "port":
        if (arg != null && !arg.isBlank()) {
          return Integer.toString(ports.computeIfAbsent(arg, name -> freePort()));
        }
        break;
      case "env":
        if (arg != null && !arg.isBlank()) {
          String value = env.apply(arg);
          if (value == null) {
            throw new IllegalArgumentException(
                "placeholder [${" + inside + "}]: environment variable " + arg + " is not set");
          }
          return value;
        }
        break;
      case "sys":
        if (arg != null && !arg.isBlank()) {
          String value = sys.apply(arg);
          if (value == null) {
            throw new IllegalArgumentException(
                "placeholder [${" + inside + "}]: system property " + arg + " is not set");
          }
          return value;
        }
        break;
      default:
        break;
    }
    throw new IllegalArgumentException("unknown placeholder [${" + inside + "}]; use " + KNOWN);
  }

  private int freePort() {
    while (true) {
      try (ServerSocket socket = new ServerSocket()) {
        socket.setReuseAddress(false);
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        int port = socket.getLocalPort();
        if (!ports.containsValue(port)) {
          return port;
        }
      } catch (IOException e) {
        throw new UncheckedIOException("could not find a free loopback port", e);
      }
    }
  }

  private static String javaBinary() {
    return ProcessHandle.current()
        .info()
        .command()
        .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
  }
}
