package io.ovrseer.spec;

import io.ovrseer.process.ProcessUnit;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * One process of an environment declaration, checked, with its placeholders still in place: what an
 * annotation such as {@code @Dependency}, a YAML entry or a builder call declares.
 *
 * @param id the process id, unique across all groups
 * @param group its group
 * @param location where it was declared (its id): {@code env.yml:5}, or empty for an annotation
 * @param locations where each of its values was written, by path: {@code env.yml:9} for {@code
 *     env.MODE}; what {@link #where} tells for a problem found after the declaration was read
 * @param label how messages name it: {@code @Dependency(id="db")} or {@code dependencies.db}
 * @param launch what is run
 * @param env variables set on top of this JVM's, in declaration order
 * @param workingDirectory the directory it runs in, or null for the current one
 * @param stopTimeout time between SIGTERM and SIGKILL, or null for the unit's default (5 s)
 * @param ready the readiness checks, all of which must pass
 * @param flags the log flags
 * @param dependsOn the setup processes and dependencies it waits for
 * @param user the OS user it runs as, or null for the JVM's
 * @param timeout how long a setup process may run, or null for other groups
 */
public record ProcessSpec(
    String id,
    ProcessGroup group,
    String location,
    Map<String, String> locations,
    String label,
    Launch launch,
    Map<String, String> env,
    String workingDirectory,
    Duration stopTimeout,
    List<ReadySpec> ready,
    List<FlagSpec> flags,
    List<String> dependsOn,
    String user,
    Duration timeout) {

  /** How long a setup process may run when it does not say: {@value}. */
  public static final String DEFAULT_SETUP_TIMEOUT_TEXT = "5m";

  /** The {@link #timeout()} of a setup process that does not name one. */
  public static final Duration DEFAULT_SETUP_TIMEOUT = Durations.of(DEFAULT_SETUP_TIMEOUT_TEXT);

  public ProcessSpec {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(group, "group");
    Objects.requireNonNull(launch, "launch");
    locations = Map.copyOf(locations);
    env = Collections.unmodifiableMap(new LinkedHashMap<>(env));
    ready = List.copyOf(ready);
    flags = List.copyOf(flags);
    dependsOn = List.copyOf(dependsOn);
  }

  /** A process the builder declares: {@code factory} builds it; the rest is the unit's own. */
  public static ProcessSpec ofFactory(
      String id,
      ProcessGroup group,
      String label,
      Duration timeout,
      Function<Ports, ProcessUnit> factory) {
    return new ProcessSpec(
        id,
        group,
        "",
        Map.of(),
        label,
        new Launch.Factory(factory),
        Map.of(),
        null,
        null,
        List.of(),
        List.of(),
        List.of(),
        null,
        timeout);
  }

  /** This declaration waiting for {@code ids} instead. */
  ProcessSpec withDependsOn(List<String> ids) {
    return new ProcessSpec(
        id,
        group,
        location,
        locations,
        label,
        launch,
        env,
        workingDirectory,
        stopTimeout,
        ready,
        flags,
        ids,
        user,
        timeout);
  }

  /**
   * Where {@code path} of this declaration is, for messages: {@code @Dependency(id="db").env}, or
   * {@code env.yml:9: main.api.env.MODE} at the line of the value (else of the nearest value that
   * holds it).
   */
  public String where(String path) {
    String known = path;
    while (!known.isEmpty() && !locations.containsKey(known)) {
      known =
          known.substring(0, Math.max(0, Math.max(known.lastIndexOf('.'), known.lastIndexOf('['))));
    }
    return SpecReader.where(locations.getOrDefault(known, location), label, path);
  }

  /**
   * The path of the value of {@code ready().get(index)}: {@code ready.tcpPort}, or {@code
   * ready[1].tcpPort} when {@code ready} is a list, so that a problem found when it is built is at
   * its item and line.
   */
  public String readyPath(int index) {
    String key = ready.get(index).key();
    // The reader adds the checks item by item, so the one asked for is the n-th of its key.
    long before = ready.subList(0, index).stream().filter(r -> r.key().equals(key)).count();
    for (int item = 0; locations.containsKey("ready[" + item + "]"); item++) {
      if (locations.containsKey("ready[" + item + "]." + key) && before-- == 0) {
        return "ready[" + item + "]." + key;
      }
    }
    return "ready." + key;
  }

  /** What a declared process runs. */
  public sealed interface Launch {
    /** Its parts as {@code key=value} lines for the declaration's identity, values unresolved. */
    List<String> canonical();

    /**
     * A program and its arguments.
     *
     * @param command the program followed by its arguments, not empty
     */
    record Command(List<String> command) implements Launch {
      public Command {
        command = List.copyOf(command);
      }

      @Override
      public List<String> canonical() {
        return command.stream().map(a -> "arg=" + a).toList();
      }
    }

    /**
     * A ready-made service, such as {@code postgres}.
     *
     * @param kind the service kind
     * @param options its options by key, each one value or a list of them, placeholders still in
     *     place
     */
    record Service(ServiceKind kind, Map<String, List<String>> options) implements Launch {
      public Service {
        Map<String, List<String>> copy = new LinkedHashMap<>();
        options.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        options = Collections.unmodifiableMap(copy);
      }

      @Override
      public List<String> canonical() {
        List<String> lines = new java.util.ArrayList<>(List.of("service=" + kind.name()));
        options.forEach((k, values) -> values.forEach(v -> lines.add("option " + k + "=" + v)));
        return lines;
      }
    }

    /**
     * A unit built by code, from the environment's ports.
     *
     * @param factory builds a new, not yet started unit
     */
    record Factory(Function<Ports, ProcessUnit> factory) implements Launch {
      public Factory {
        Objects.requireNonNull(factory, "factory");
      }

      /** A factory is code: the same factory object declares the same process. */
      @Override
      public List<String> canonical() {
        return List.of("factory=" + Integer.toHexString(System.identityHashCode(factory)));
      }
    }
  }
}
