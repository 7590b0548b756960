package io.ovrseer.spec;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The named ports of one environment: {@code get("db")} is the same free loopback port wherever it
 * is used in that environment, allocated on first use, and differs from every port of the other
 * environments running in this JVM at the same time. The declarations' {@code ${port:db}} and the
 * process factories of {@code OvrseerExtension.Builder} read the same ports. While an environment
 * of the JUnit extension is up each port is also published as system property {@code
 * ovrseer.port.NAME}.
 *
 * <p>Thread-safe. Ports are released for reuse when the environment stops.
 */
public final class Ports {

  /** Prefix of the system properties the ports are published as: {@code ovrseer.port.NAME}. */
  public static final String SYSTEM_PROPERTY_PREFIX = "ovrseer.port.";

  private final PortAllocator allocator;
  private final Map<String, Integer> ports = new LinkedHashMap<>();

  /** The ports of a new environment, none allocated yet. */
  public Ports() {
    this(PortAllocator.JVM);
  }

  Ports(PortAllocator allocator) {
    this.allocator = allocator;
  }

  /**
   * The port named {@code name}, allocated on first use.
   *
   * @throws IllegalArgumentException if {@code name} is blank
   */
  public synchronized int get(String name) {
    Objects.requireNonNull(name, "name");
    if (name.isBlank()) {
      throw new IllegalArgumentException("port name must not be blank");
    }
    return ports.computeIfAbsent(name, n -> allocator.allocate());
  }

  /**
   * A free loopback port for a unit built outside an environment (a service's builder given no
   * port): from the same allocator as every environment's ports, so no environment of this JVM gets
   * it; never released.
   */
  public static int reserveOne() {
    return PortAllocator.JVM.allocate();
  }

  /** Every port allocated so far, by name, in the order they were first used. */
  public synchronized Map<String, Integer> asMap() {
    return Collections.unmodifiableMap(new LinkedHashMap<>(ports));
  }

  /**
   * {@code text} with every placeholder replaced, as in the declarations: {@code ${port:NAME}} by
   * {@link #get(String) get(NAME)}, {@code ${java}} by this JVM's java binary, {@code ${classpath}}
   * by this JVM's class path, {@code ${env:VAR}} and {@code ${sys:prop}} by the environment
   * variable and system property; {@code $${} by {@code ${}.
   *
   * @throws IllegalArgumentException naming a placeholder that is unknown, not set, not closed or
   *     that holds whitespace
   */
  public String resolve(String text) {
    return Placeholders.resolve(text, PlaceholderContext.forThisJvm(null), this::get, key -> null);
  }

  /** Makes the ports available to other environments again. */
  public synchronized void release() {
    allocator.release(ports.values());
  }

  @Override
  public synchronized String toString() {
    return ports.toString();
  }
}
