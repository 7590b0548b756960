package io.ovrseer.junit;

import io.ovrseer.process.ProcessUnit;
import io.ovrseer.spec.Ports;

/**
 * Builds one process of a programmatic environment from the environment's {@link Ports}, called
 * once each time the environment starts (before anything is spawned):
 *
 * <pre>{@code
 * ports -> ProcessUnit.builder("redis-server", "--port", String.valueOf(ports.get("redis")))
 *     .readyCheck(ReadyCheck.logPattern("Ready to accept connections", Duration.ofSeconds(10)))
 *     .build()
 * }</pre>
 *
 * @see OvrseerExtension.Builder
 */
@FunctionalInterface
public interface ProcessFactory {

  /** A new, not yet started unit; {@code ports} gives the ports of this environment. */
  ProcessUnit create(Ports ports);
}
