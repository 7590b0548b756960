package io.ovrseer.assertj;

import io.ovrseer.Ovrseer;
import io.ovrseer.process.ProcessUnit;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.WeakHashMap;

/**
 * Remembers the ids process units are registered under, so that assertion messages name a unit
 * ({@code process "api"}) instead of describing its command line. The JUnit extension records every
 * process it starts, {@link OvrseerAssertions#assertThat(Ovrseer)} records those of the
 * orchestrator it is given, and {@link #record(Ovrseer)} records those of any other.
 *
 * <p>Holds units weakly: it does not keep a unit alive. Thread-safe. Depends on nothing but the
 * core, so the JUnit extension may use it without AssertJ on the class path.
 */
public final class ProcessNames {
  private static final Map<ProcessUnit, String> NAMES =
      Collections.synchronizedMap(new WeakHashMap<>());

  private ProcessNames() {}

  /** Records the id of every process of {@code ovrseer}. */
  public static void record(Ovrseer ovrseer) {
    Objects.requireNonNull(ovrseer, "ovrseer");
    ovrseer.getAllProcesses().forEach((id, registered) -> record(id, registered.process()));
  }

  /** Records that {@code unit} is registered as {@code id}. */
  public static void record(String id, ProcessUnit unit) {
    NAMES.put(Objects.requireNonNull(unit, "unit"), Objects.requireNonNull(id, "id"));
  }

  /** The id {@code unit} was recorded under, if any. */
  public static Optional<String> of(ProcessUnit unit) {
    return Optional.ofNullable(NAMES.get(unit));
  }
}
