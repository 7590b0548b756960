package io.ovrseer.internal;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The properties each environment of the JUnit extension publishes while it is up ({@code
 * ovrseer.port.NAME}, {@code ovrseer.KEY.ID}), by the environment they belong to. The Spring
 * integration reads a test class's values here rather than from the JVM-wide system properties,
 * which hold the values of the environment started last when two use the same names.
 */
public final class RunningEnvironments {
  private static final Map<Key, Map<String, String>> RUNNING = new ConcurrentHashMap<>();
  private static final Map<Key, List<Runnable>> BEFORE_STOP = new ConcurrentHashMap<>();

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

  /**
   * Runs {@code action} the next time the environment {@code key} stops, before its processes are
   * stopped: the Spring integration closes the contexts wired to it then, while their beans can
   * still reach it.
   */
  public static void beforeStop(Key key, Runnable action) {
    BEFORE_STOP.computeIfAbsent(key, k -> new CopyOnWriteArrayList<>()).add(action);
  }

  /**
   * Runs, and forgets, every action registered for {@code key} by {@link #beforeStop}; called by
   * the environment as it stops.
   *
   * @throws RuntimeException the first action's failure, the others' suppressed, once all ran
   */
  public static void stopping(Key key) {
    Failures.runEach(Objects.requireNonNullElse(BEFORE_STOP.remove(key), List.of()), Runnable::run);
  }
}
