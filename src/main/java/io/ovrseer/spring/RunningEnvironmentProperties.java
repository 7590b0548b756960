package io.ovrseer.spring;

import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The properties a running environment publishes: {@code ovrseer.port.NAME} for each port and
 * {@code ovrseer.KEY.ID} for each connection property of each service.
 *
 * <p>SEAM: this is the one place that reads them. Until the JUnit extension can be asked for the
 * running environment of an identity (the model's identity hash), it reads the system properties
 * the extension publishes while an environment is up. Those are JVM-wide: while two environments
 * that use the same names are up at once (two different {@code GLOBAL} environments), they hold the
 * values of the one started last. Repoint {@link #of} to a lookup by identity to make that exact.
 */
final class RunningEnvironmentProperties {
  private static final String PREFIX = "ovrseer.";

  private RunningEnvironmentProperties() {}

  /**
   * The properties of the running environment of {@code identity}, sorted by name; empty if it is
   * not running.
   */
  static Optional<Map<String, String>> of(EnvironmentIdentity identity) {
    Map<String, String> published = new TreeMap<>();
    Properties system = System.getProperties();
    for (String name : system.stringPropertyNames()) {
      if (isPublished(name)) {
        published.put(name, system.getProperty(name));
      }
    }
    return published.isEmpty() ? Optional.empty() : Optional.of(published);
  }

  /** Whether {@code name} has the form {@code ovrseer.KEY.ID} (and so is not a setting). */
  private static boolean isPublished(String name) {
    if (!name.startsWith(PREFIX)) {
      return false;
    }
    int dot = name.indexOf('.', PREFIX.length());
    return dot > PREFIX.length() && dot < name.length() - 1;
  }
}
