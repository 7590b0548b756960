package io.ovrseer.services;

import io.ovrseer.log.ProcessLogger;
import io.ovrseer.process.ProcessUnit;
import io.ovrseer.process.ReadyCheck;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A WireMock server for tests: {@code org.wiremock:wiremock-standalone} (3.x) from the class path
 * (or a given jar) in a JVM of its own, serving the stubs of a directory, ready when {@code
 * /__admin/health} answers.
 *
 * <p>Defaults: a free loopback port; listening on {@code 127.0.0.1}; no stubs directory (stubs can
 * still be added over the admin API); JVM options {@value #DEFAULT_JVM_OPTIONS}; ready within 60 s.
 * Connection properties: {@code baseUrl} ({@code http://127.0.0.1:<port>}), {@code url} (the same),
 * {@code host}, {@code port}.
 */
public final class WireMockProcess extends DelegatingUnit implements ServiceUnit {
  /** The JVM options of the server unless {@link Builder#jvmOptions} replaces them. */
  public static final String DEFAULT_JVM_OPTIONS =
      "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto";

  private static final String HOST = "127.0.0.1";
  private static final String COORDINATES = "org.wiremock:wiremock-standalone (3.x)";

  private final int port;

  private WireMockProcess(ProcessUnit server, int port) {
    super(server);
    this.port = port;
  }

  /** A builder with the defaults above. */
  public static Builder builder() {
    return new Builder();
  }

  /** {@code http://127.0.0.1:<port>}. */
  public String baseUrl() {
    return "http://" + HOST + ":" + port;
  }

  /** The address the server listens on: {@code 127.0.0.1}. */
  public String host() {
    return HOST;
  }

  /** The HTTP port. */
  public int port() {
    return port;
  }

  @Override
  public Map<String, String> connectionProperties() {
    Map<String, String> properties = new LinkedHashMap<>();
    properties.put("baseUrl", baseUrl());
    properties.put("url", baseUrl());
    properties.put("host", HOST);
    properties.put("port", Integer.toString(port));
    return properties;
  }

  @Override
  String connectionSummary() {
    return "[" + baseUrl() + "]";
  }

  /** Options of a {@link WireMockProcess}; each returns this builder. */
  public static final class Builder {
    private Path jar;
    private int port;
    private Path stubs;
    private final List<String> extraArgs = new ArrayList<>();
    private String jvmOptions = DEFAULT_JVM_OPTIONS;
    private ProcessLogger logger;
    private final List<String> dependsOn = new ArrayList<>();
    private Duration readyTimeout = Duration.ofSeconds(60);
    private Duration stopTimeout = ProcessUnit.DEFAULT_STOP_TIMEOUT;

    private Builder() {}

    /** The WireMock standalone jar; default the one on the class path. */
    public Builder jar(Path jar) {
      this.jar = Objects.requireNonNull(jar, "jar");
      return this;
    }

    /** The HTTP port; default a free loopback port chosen at build. */
    public Builder port(int port) {
      if (port < 1 || port > 65535) {
        throw new IllegalArgumentException("WireMock port must be 1..65535 but was " + port);
      }
      this.port = port;
      return this;
    }

    /**
     * The stubs directory, WireMock's root directory: stub mappings (JSON) in {@code mappings/},
     * response bodies in {@code __files/}.
     */
    public Builder stubs(Path directory) {
      this.stubs = Objects.requireNonNull(directory, "stubs");
      return this;
    }

    /**
     * More WireMock command-line options ({@code "--verbose"}, {@code
     * "--global-response-templating"}).
     */
    public Builder args(String... args) {
      for (String arg : args) {
        extraArgs.add(Objects.requireNonNull(arg, "argument"));
      }
      return this;
    }

    /** The server JVM's options, separated by spaces; default {@value #DEFAULT_JVM_OPTIONS}. */
    public Builder jvmOptions(String options) {
      this.jvmOptions = Objects.requireNonNull(options, "jvmOptions");
      return this;
    }

    /**
     * The ids of the processes this one waits for in an {@code Ovrseer} (setup processes that must
     * have exited 0, dependencies that must be ready); see {@link ProcessUnit#dependsOn()}.
     */
    public Builder dependsOn(String... ids) {
      dependsOn.addAll(List.of(ids));
      return this;
    }

    /** The logger of the server's output; default a new one. */
    public Builder logger(ProcessLogger logger) {
      this.logger = Objects.requireNonNull(logger, "logger");
      return this;
    }

    /** How long after the spawn the server may take to be ready; default 60 s. */
    public Builder readyTimeout(Duration timeout) {
      this.readyTimeout = Objects.requireNonNull(timeout, "readyTimeout");
      return this;
    }

    /** Time between SIGTERM and SIGKILL when stopping; default 5 s. */
    public Builder stopTimeout(Duration timeout) {
      this.stopTimeout = Objects.requireNonNull(timeout, "stopTimeout");
      return this;
    }

    /**
     * Finds the jar and builds the unit.
     *
     * @throws IllegalStateException if no WireMock standalone jar is found (naming the artifact) or
     *     the stubs directory does not exist
     */
    public WireMockProcess build() {
      Path standalone =
          Optional.ofNullable(jar)
              .or(() -> JavaRuntime.jarHolding("wiremock/Run.class"))
              .orElseThrow(
                  () ->
                      new IllegalStateException(
                          "WireMock not found: add the test dependency "
                              + COORDINATES
                              + ", or give its jar with WireMockProcess.builder().jar(path)"));
      if (stubs != null && !Files.isDirectory(stubs)) {
        throw new IllegalStateException("WireMock stubs directory " + stubs + " does not exist");
      }
      if (port == 0) {
        port = FreePort.pick();
      }
      List<String> args = new ArrayList<>();
      for (String option : jvmOptions.trim().split("\\s+")) {
        if (!option.isEmpty()) {
          args.add(option);
        }
      }
      args.addAll(
          List.of(
              "-jar",
              standalone.toString(),
              "--port",
              Integer.toString(port),
              "--bind-address",
              HOST,
              "--disable-banner"));
      if (stubs != null) {
        args.addAll(List.of("--root-dir", stubs.toAbsolutePath().toString()));
      }
      args.addAll(extraArgs);
      ProcessUnit server =
          ProcessUnit.builder(JavaRuntime.java(), args.toArray(String[]::new))
              .readyCheck(
                  ReadyCheck.http("http://" + HOST + ":" + port + "/__admin/health", readyTimeout))
              .logger(logger == null ? new ProcessLogger() : logger)
              .stopTimeout(stopTimeout)
              .dependsOn(dependsOn.toArray(String[]::new))
              .build();
      return new WireMockProcess(server, port);
    }
  }
}
