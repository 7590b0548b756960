package io.ovrseer.services;

import io.ovrseer.spec.ServiceKind;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The text options of a service declaration (YAML {@code service:} keys, service annotation
 * attributes), read the same way for every kind: lists are comma-separated, settings are {@code
 * key=value}. A value it cannot use is an {@link IllegalArgumentException} whose message starts
 * with the value in brackets.
 */
final class KindOptions {
  private final ServiceKind.Request request;

  KindOptions(ServiceKind.Request request) {
    this.request = request;
  }

  /** The option {@code key}, if given and not blank. */
  Optional<String> text(String key) {
    return Optional.ofNullable(request.options().get(key))
        .filter(v -> !v.isBlank())
        .map(String::trim);
  }

  /** The option {@code key} as a path. */
  Optional<Path> path(String key) {
    return text(key).map(Path::of);
  }

  /** The comma-separated items of option {@code key}, trimmed, empty ones dropped. */
  List<String> list(String key) {
    List<String> items = new ArrayList<>();
    text(key)
        .ifPresent(
            v -> {
              for (String item : v.split(",")) {
                if (!item.isBlank()) {
                  items.add(item.trim());
                }
              }
            });
    return items;
  }

  /** The comma-separated {@code key=value} items of option {@code key}. */
  Map<String, String> settings(String key) {
    Map<String, String> settings = new LinkedHashMap<>();
    for (String item : list(key)) {
      int eq = item.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException(
            "[" + item + "] of " + key + " is not key=value (items are separated by commas)");
      }
      settings.put(item.substring(0, eq).trim(), item.substring(eq + 1).trim());
    }
    return settings;
  }

  /** The option {@code key} as {@code true} or {@code false}, default false. */
  boolean flag(String key) {
    Optional<String> value = text(key);
    if (value.isEmpty()) {
      return false;
    }
    return switch (value.get()) {
      case "true" -> true;
      case "false" -> false;
      default ->
          throw new IllegalArgumentException(
              "[" + value.get() + "] of " + key + " is neither true nor false");
    };
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
}
