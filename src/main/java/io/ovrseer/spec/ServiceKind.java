package io.ovrseer.spec;

import io.ovrseer.process.ProcessUnit;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A kind of ready-made service (PostgreSQL, Redis, ...) that a declaration can name instead of a
 * command: YAML {@code service: postgres}, or an annotation meta-annotated with
 * {@code @OvrseerService("postgres")}. Found with {@link java.util.ServiceLoader} (a {@code
 * META-INF/services/io.ovrseer.spec.ServiceKind} entry).
 *
 * <p>The declaration's other keys (or the annotation's other attributes) that are in {@link
 * #options()} are handed to {@link #create} as text, placeholders replaced. The {@link
 * Instance#connectionProperties()} of the created service are what {@code ${KEY:ID}} placeholders
 * of the other processes stand for, and what the JUnit extension publishes as system properties
 * {@code ovrseer.KEY.ID}.
 */
public interface ServiceKind {

  /** The name declarations use: {@code postgres}. */
  String name();

  /** The option keys it takes besides the common ones ({@code dependsOn}, {@code user}, ...). */
  Set<String> options();

  /** The keys of its connection properties: {@code jdbcUrl}, {@code user}, ... */
  Set<String> connectionKeys();

  /**
   * A new, not yet started service.
   *
   * @throws IllegalArgumentException for an option value it cannot use; the message starts with the
   *     value in brackets
   */
  Instance create(Request request);

  /**
   * What a declaration asks of a service.
   *
   * @param id the process id
   * @param options the options given, by key, each one value or a list of values (a YAML list, an
   *     annotation's array), placeholders replaced
   * @param ports the environment's ports ({@code ports.get(id)} is the service's own by convention)
   * @param dependsOn what it waits for
   * @param user the OS user it runs as, if given
   * @param stopTimeout the time between SIGTERM and SIGKILL, if given
   * @param baseDirectory what relative paths in options are resolved against (the YAML file's
   *     directory; the working directory for annotations)
   */
  record Request(
      String id,
      Map<String, List<String>> options,
      Ports ports,
      List<String> dependsOn,
      Optional<String> user,
      Optional<Duration> stopTimeout,
      Path baseDirectory) {
    public Request {
      Map<String, List<String>> copy = new LinkedHashMap<>();
      options.forEach((k, v) -> copy.put(k, List.copyOf(v)));
      options = Collections.unmodifiableMap(copy);
      dependsOn = List.copyOf(dependsOn);
    }

    /**
     * The one value of option {@code key}, if given.
     *
     * @throws IllegalArgumentException if it was given a list of other than one value
     */
    public Optional<String> option(String key) {
      List<String> values = options.getOrDefault(key, List.of());
      if (values.size() > 1) {
        throw new IllegalArgumentException(
            values + " is a list; " + key + " takes one value, such as [" + values.get(0) + "]");
      }
      return values.stream().findFirst();
    }

    /** The values of option {@code key}: a single value is a list of one; none if not given. */
    public List<String> values(String key) {
      return options.getOrDefault(key, List.of());
    }

    /** {@code text} as a path, a relative one resolved against {@link #baseDirectory()}. */
    public Path path(String text) {
      return baseDirectory.resolve(text).normalize();
    }
  }

  /**
   * A created service.
   *
   * @param unit the unit to run
   * @param connectionProperties its connection properties by key, such as {@code jdbcUrl}
   */
  record Instance(ProcessUnit unit, Map<String, String> connectionProperties) {
    public Instance {
      connectionProperties = Map.copyOf(connectionProperties);
    }
  }

  /** The service kind named {@code name} on the class path, if any. */
  static Optional<ServiceKind> find(String name) {
    return ServiceKinds.all().stream().filter(k -> k.name().equals(name)).findFirst();
  }
}
