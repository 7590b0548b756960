package io.ovrseer.services;

import io.ovrseer.log.LogLine;
import io.ovrseer.spec.Booleans;
import io.ovrseer.spec.ServiceKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;

/**
 * The options of a service declaration (YAML {@code service:} keys, service annotation attributes),
 * read the same way for every kind: a list is a YAML list or an annotation's array (one value is a
 * list of one), settings are {@code key=value}, relative paths are resolved against the
 * declaration's base directory. A value it cannot use is an {@link IllegalArgumentException} whose
 * message starts with the value in brackets.
 */
final class KindOptions {
  private final ServiceKind.Request request;

  KindOptions(ServiceKind.Request request) {
    this.request = request;
  }

  /** The option {@code key}, if given and not blank. */
  Optional<String> text(String key) {
    return request.option(key).filter(v -> !v.isBlank()).map(String::trim);
  }

  /** The option {@code key} as a path, a relative one resolved against the base directory. */
  Optional<Path> path(String key) {
    return text(key).map(request::path);
  }

  /** The items of option {@code key}, trimmed, blank ones dropped. */
  List<String> list(String key) {
    List<String> items = new ArrayList<>();
    for (String item : request.values(key)) {
      if (!item.isBlank()) {
        items.add(item.trim());
      }
    }
    return items;
  }

  /**
   * The items of option {@code key} as paths of files to read, relative ones resolved against the
   * base directory; each checked now, so that a missing one is a mistake of the declaration that
   * names it as written and where it was looked for, before any slow work of the build.
   *
   * @throws IllegalArgumentException if one is not a readable file
   */
  List<Path> files(String key) {
    List<Path> files = new ArrayList<>();
    for (String item : list(key)) {
      Path file = request.path(item);
      if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
        throw new IllegalArgumentException(
            "["
                + item
                + "] of "
                + key
                + " is not a readable file: "
                + file
                + (Files.exists(file) ? "" : " does not exist"));
      }
      files.add(file);
    }
    return files;
  }

  /** The {@code key=value} items of option {@code key}. */
  Map<String, String> settings(String key) {
    Map<String, String> settings = new LinkedHashMap<>();
    for (String item : list(key)) {
      int eq = item.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException(
            "[" + item + "] of " + key + " is not key=value, such as max_connections=20");
      }
      settings.put(item.substring(0, eq).trim(), item.substring(eq + 1).trim());
    }
    return settings;
  }

  /**
   * The option {@code key} as a yes or no, read as every boolean of a declaration is ({@link
   * Booleans}: {@code true}, {@code yes}, {@code on}, ... in any case); default false.
   */
  boolean flag(String key) {
    return text(key)
        .map(
            value ->
                Booleans.parse(value)
                    .orElseThrow(
                        () ->
                            new IllegalArgumentException(
                                "[" + value + "] of " + key + " is not true or false")))
        .orElse(false);
  }

  /** The environment's port for this service (its id's). */
  int port() {
    return request.ports().get(request.id());
  }

  /** The environment's port named {@code suffix} for this service ({@code id.suffix}). */
  int port(String suffix) {
    return request.ports().get(request.id() + "." + suffix);
  }

  /** The ids it depends on. */
  String[] dependsOn() {
    return request.dependsOn().toArray(String[]::new);
  }

  /** The time between SIGTERM and SIGKILL, if the declaration gives one. */
  Optional<Duration> stopTimeout() {
    return request.stopTimeout();
  }

  /**
   * Rejects the common {@code user} for a server that runs as the JVM's user.
   *
   * @throws IllegalArgumentException if a user is given
   */
  void noUser(String server) {
    request
        .user()
        .ifPresent(
            user -> {
              throw new IllegalArgumentException(
                  "[" + user + "] of user: " + server + " runs as the JVM's user; remove user");
            });
  }

  /**
   * The instance of {@code unit}; its connection details become a line of its log, so that {@code
   * ovrseer up} and crash reports show how to reach it.
   */
  static ServiceKind.Instance instance(ServiceUnit unit) {
    Map<String, String> properties = unit.connectionProperties();
    StringJoiner text = new StringJoiner(", ", "[ovrseer] connection: ", "");
    properties.forEach((key, value) -> text.add(key + "=" + value));
    unit.logger().append(LogLine.Stream.STDOUT, text.toString());
    return new ServiceKind.Instance(unit, properties);
  }
}
