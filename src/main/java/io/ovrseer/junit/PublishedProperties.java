package io.ovrseer.junit;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The system properties that running environments publish ({@code ovrseer.port.NAME}, {@code
 * ovrseer.KEY.ID}), kept for the whole JVM: a property holds the value of the environment that
 * published it last among those still up, and once none is, the value it had before the first of
 * them (or none). So environments that share a name and stop in any order (parallel classes, a
 * {@code @Nested} class's own environment, concurrent {@code METHOD} environments) never leave a
 * stopped environment's value behind. Thread-safe.
 */
final class PublishedProperties {
  /** By property: what it held before, and the running environments' values, oldest first. */
  private static final Map<String, Published> BY_KEY = new HashMap<>();

  private PublishedProperties() {}

  private record Value(Object owner, String value) {}

  private record Published(String before, List<Value> values) {}

  /** Sets {@code properties}, each as published by {@code owner}. */
  static synchronized void publish(Object owner, Map<String, String> properties) {
    properties.forEach(
        (key, value) -> {
          BY_KEY
              .computeIfAbsent(key, k -> new Published(System.getProperty(k), new ArrayList<>()))
              .values()
              .add(new Value(owner, value));
          System.setProperty(key, value);
        });
  }

  /**
   * Takes back what {@code owner} published under {@code keys}: each then holds the value of the
   * newest other environment that published it, or the value from before.
   */
  static synchronized void withdraw(Object owner, Iterable<String> keys) {
    for (String key : keys) {
      Published published = BY_KEY.get(key);
      if (published == null) {
        continue;
      }
      List<Value> values = published.values();
      values.removeIf(v -> v.owner() == owner);
      if (!values.isEmpty()) {
        System.setProperty(key, values.get(values.size() - 1).value());
        continue;
      }
      BY_KEY.remove(key);
      if (published.before() == null) {
        System.clearProperty(key);
      } else {
        System.setProperty(key, published.before());
      }
    }
  }
}
