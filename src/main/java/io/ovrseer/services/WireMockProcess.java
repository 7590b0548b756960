package io.ovrseer.services;

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

  private static final String COORDINATES = "org.wiremock:wiremock-standalone (3.x)";

  /**
   * A class that only the standalone jar holds (its shaded Jetty): the plain {@code
   * org.wiremock:wiremock} jar, which projects often have for WireMock's Java API, holds {@code
   * wiremock/Run.class} too, but cannot run without its dependencies.
   */
  private static final String STANDALONE_ONLY = "wiremock/org/eclipse/jetty/server/Server.class";

  private WireMockProcess(ProcessUnit server, int port) {
    super(server, port);
  }

  /** A builder with the defaults above. */
  public static Builder builder() {
    return new Builder();
  }

  /** {@code http://127.0.0.1:<port>}. */
  public String baseUrl() {
    return baseUrl(port);
  }

  private static String baseUrl(int port) {
    return "http://" + HOST + ":" + port;
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
  public static final class Builder extends ServiceBuilder<Builder> {
    private Path jar;
    private Path stubs;
    private final List<String> extraArgs = new ArrayList<>();
    private String jvmOptions = DEFAULT_JVM_OPTIONS;

    private Builder() {
      super("WireMock", Duration.ofSeconds(60), ProcessUnit.DEFAULT_STOP_TIMEOUT);
    }

    /** The WireMock standalone jar; default the one on the class path. */
    public Builder jar(Path jar) {
      this.jar = Objects.requireNonNull(jar, "jar");
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
     *
     * @throws IllegalArgumentException for {@code --port} (use {@link #port(int)}) or {@code
     *     --bind-address} (it listens on {@code 127.0.0.1}), which Ovrseer gives WireMock itself
     */
    public Builder args(String... args) {
      for (String arg : Objects.requireNonNull(args, "args")) {
        Objects.requireNonNull(arg, "argument");
        // WireMock given an option twice died with only "MissingResourceException thrown from the
        // UncaughtExceptionHandler" in its log (its parser's message is lost in the shaded jar).
        switch (optionName(arg)) {
          case "--port" -> throw ownOption(arg, "use port(int)");
          case "--bind-address" -> throw ownOption(arg, "it listens on 127.0.0.1 only");
          default -> extraArgs.add(arg);
        }
      }
      return this;
    }

    /** {@code --name} of {@code --name=value}, else {@code arg} itself. */
    private static String optionName(String arg) {
      int eq = arg.indexOf('=');
      return arg.startsWith("--") && eq > 0 ? arg.substring(0, eq) : arg;
    }

    private static IllegalArgumentException ownOption(String arg, String instead) {
      return new IllegalArgumentException(
          "WireMock argument ["
              + arg
              + "] repeats an option Ovrseer gives WireMock, which fails on it; "
              + instead);
    }

    /** The server JVM's options, separated by spaces; default {@value #DEFAULT_JVM_OPTIONS}. */
    public Builder jvmOptions(String options) {
      this.jvmOptions = Objects.requireNonNull(options, "jvmOptions");
      return this;
    }

    /**
     * Finds the jar and builds the unit.
     *
     * @throws IllegalStateException if no WireMock standalone jar is found (naming the artifact),
     *     the jar given does not exist or is not a file, or the stubs directory does not exist or
     *     is not a directory
     * @throws IllegalArgumentException if both {@link #stubs(Path)} and an argument {@code
     *     --root-dir} give the root directory
     */
    public WireMockProcess build() {
      if (stubs != null
          && extraArgs.stream().map(Builder::optionName).anyMatch("--root-dir"::equals)) {
        throw new IllegalArgumentException(
            "WireMock argument [--root-dir] and stubs("
                + stubs
                + ") both give its root directory, which WireMock fails on; give one");
      }
      Path standalone =
          Optional.ofNullable(jar)
              .or(() -> JavaRuntime.jarHolding(STANDALONE_ONLY))
              .orElseThrow(
                  () ->
                      new IllegalStateException(
                          "WireMock not found: add the test dependency "
                              + COORDINATES
                              + ", or give its jar with WireMockProcess.builder().jar(path)"));
      if (jar != null && !Files.isRegularFile(jar)) {
        // java -jar would only say so in the server's log, after the spawn, as a failed start.
        throw new IllegalStateException(
            "WireMock jar " + jar + (Files.exists(jar) ? " is not a file" : " does not exist"));
      }
      if (stubs != null && !Files.isDirectory(stubs)) {
        throw new IllegalStateException(
            "WireMock stubs directory "
                + stubs
                + (Files.exists(stubs) ? " is not a directory" : " does not exist"));
      }
      int port = portOrFree();
      List<String> args = new ArrayList<>(JavaRuntime.options(jvmOptions));
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
          finish(
              ProcessUnit.builder(JavaRuntime.java(), args.toArray(String[]::new)),
              loggerOrNew(),
              timeout -> ReadyCheck.http(baseUrl(port) + "/__admin/health", timeout));
      return new WireMockProcess(server, port);
    }
  }
}
