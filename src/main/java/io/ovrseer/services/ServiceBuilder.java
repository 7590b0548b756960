package io.ovrseer.services;

import io.ovrseer.internal.Timeouts;
import io.ovrseer.log.ProcessLogger;
import io.ovrseer.process.ProcessUnit;
import io.ovrseer.process.ReadyCheck;
import io.ovrseer.spec.Ports;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * The options every service builder has: port, dependencies, logger, ready and stop timeouts. Each
 * option returns the concrete builder {@code B}, so they chain with the service's own options.
 *
 * @param <B> the concrete builder
 */
abstract class ServiceBuilder<B extends ServiceBuilder<B>> {
  private final String service;
  private int port;
  private ProcessLogger logger;
  private final List<String> dependsOn = new ArrayList<>();
  private Duration readyTimeout;
  private Duration stopTimeout;

  /**
   * @param service the service's name in error messages ({@code "Redis"})
   * @param readyTimeout the service's default ready timeout
   * @param stopTimeout the service's default stop timeout
   */
  ServiceBuilder(String service, Duration readyTimeout, Duration stopTimeout) {
    this.service = service;
    this.readyTimeout = readyTimeout;
    this.stopTimeout = stopTimeout;
  }

  /** The service's (main) TCP port, 1..65535; default a free loopback port chosen at build. */
  public B port(int port) {
    this.port = checkPort(port);
    return self();
  }

  /**
   * The ids of the processes this one waits for in an {@code Ovrseer} (setup processes that must
   * have exited 0, dependencies that must be ready); see {@link ProcessUnit#dependsOn()}.
   */
  public B dependsOn(String... ids) {
    // Each id is checked as ProcessUnit.Builder#dependsOn checks it, when the unit is built.
    dependsOn.addAll(Arrays.asList(Objects.requireNonNull(ids, "dependsOn ids")));
    return self();
  }

  /** The logger of the service's output; default a new one per build. */
  public B logger(ProcessLogger logger) {
    this.logger = Objects.requireNonNull(logger, "logger");
    return self();
  }

  /**
   * How long after the spawn the service may take to be ready; the default is in the service's
   * class description. Positive, at most 365 days.
   */
  public B readyTimeout(Duration timeout) {
    this.readyTimeout = Timeouts.check("readyTimeout", timeout, false);
    return self();
  }

  /**
   * Time between SIGTERM and SIGKILL when stopping; default 5 s unless the service's class
   * description says otherwise. 0 to 365 days.
   */
  public B stopTimeout(Duration timeout) {
    this.stopTimeout = Timeouts.check("stopTimeout", timeout, true);
    return self();
  }

  @SuppressWarnings("unchecked")
  private B self() {
    return (B) this;
  }

  /** {@code port} if it is a TCP port, else an error naming the service. */
  final int checkPort(int port) {
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException(service + " port must be 1..65535 but was " + port);
    }
    return port;
  }

  /** The port given, or a free loopback port reserved now and kept for later builds. */
  final int portOrFree() {
    if (port == 0) {
      port = Ports.reserveOne();
    }
    return port;
  }

  /** The ready timeout given, or the service's default. */
  final Duration readyTimeout() {
    return readyTimeout;
  }

  /** The logger given, or a new one. */
  final ProcessLogger loggerOrNew() {
    return logger == null ? new ProcessLogger() : logger;
  }

  /** Adds the common options to {@code server} and builds it. */
  final ProcessUnit finish(
      ProcessUnit.Builder server, ProcessLogger log, Function<Duration, ReadyCheck> readyCheck) {
    return server
        .readyCheck(readyCheck.apply(readyTimeout))
        .logger(log)
        .stopTimeout(stopTimeout)
        .dependsOn(dependsOn.toArray(String[]::new))
        .build();
  }
}
