package io.ovrseer.internal;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The properties each environment of the JUnit extension publishes while it is up ({@code
 * ovrseer.port.NAME}, {@code ovrseer.KEY.ID}), by the environment they belong to. The Spring
 * integration reads a test class's values here rather than from the JVM-wide system properties,
 * which hold the values of the environment started last when two use the same names.
 */
public final class RunningEnvironments {
  private static final Map<Key, Map<String, String>> RUNNING = new ConcurrentHashMap<>();

  private RunningEnvironments() {}

  /**
   * Which environment: its declaration's identity, and the class that owns it when it is not
   * shared.
   *
   * @param identity the identity hash of the declaration ({@code EnvironmentSpec.identity})
   * @param owner the fully qualified name of the declaring class for a {@code CLASS} environment;
   *     null for a shared ({@code GLOBAL}) one
   */
  public record Key(String identity, String owner) {
    public Key {
      Objects.requireNonNull(identity, "identity");
    }
  }

  /** Records what the environment {@code key} published; replaces an earlier record. */
  public static void publish(Key key, Map<String, String> properties) {
    RUNNING.put(key, Map.copyOf(properties));
  }

  /** Forgets {@code key} if it still holds {@code properties} (a newer start is left alone). */
  public static void withdraw(Key key, Map<String, String> properties) {
    RUNNING.remove(key, Map.copyOf(properties));
  }

  /** What the environment {@code key} published, if it is up. */
  public static Optional<Map<String, String>> of(Key key) {
    return Optional.ofNullable(RUNNING.get(key));
  }
}
