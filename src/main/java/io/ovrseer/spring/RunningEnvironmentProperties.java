package io.ovrseer.spring;

import io.ovrseer.internal.RunningEnvironments;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The properties a running environment publishes: {@code ovrseer.port.NAME} for each port and
 * {@code ovrseer.KEY.ID} for each connection property of each service. Read from the JUnit
 * extension's record of that very environment ({@link RunningEnvironments}), not from the JVM-wide
 * system properties: two environments that use the same names and are up at once (two different
 * {@code GLOBAL} environments) each keep their own values. The environment of a {@code @Nested}
 * class comes with those of its enclosing classes' environments, as its processes see them.
 */
final class RunningEnvironmentProperties {
  private RunningEnvironmentProperties() {}

  /**
   * The properties of the running environment of {@code identity}, the environment {@code
   * testClass} runs against, and those it does not publish itself of the running environments of
   * the classes enclosing the class that declares it (the nearest one's value for each), sorted by
   * name; empty if it is not running.
   */
  static Optional<Map<String, String>> of(EnvironmentIdentity identity, Class<?> testClass) {
    Class<?> owner =
        EnvironmentDeclaration.of(testClass).map(EnvironmentDeclaration::owner).orElse(testClass);
    return RunningEnvironments.of(identity.key())
        .map(
            own -> {
              Map<String, String> all = new TreeMap<>(own);
              EnvironmentIdentity.enclosing(owner).forEach(all::putIfAbsent);
              return all;
            });
  }
}
