package io.ovrseer.services;

import io.ovrseer.log.LogLine;
import io.ovrseer.log.ProcessLogger;
import io.ovrseer.process.ProcessUnit;
import io.ovrseer.process.ReadyCheck;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A Redis server for tests: {@code redis-server} from a Maven artifact (or a given file, or {@code
 * PATH}), ready when it logs that it accepts connections.
 *
 * <p>Defaults: a free loopback port; listening on {@code 127.0.0.1}; no persistence ({@code save
 * ""}, {@code appendonly no}); its working directory ({@code dir}) a fresh directory in the runtime
 * directory, removed at {@link #stop()}; ready within 30 s. Connection properties: {@code url}
 * ({@code redis://127.0.0.1:<port>}), {@code host}, {@code port}.
 */
public final class RedisProcess extends DelegatingUnit implements ServiceUnit {
  private static final String HOST = "127.0.0.1";

  private final int port;
  private final InstanceDirectory instance;

  private RedisProcess(ProcessUnit server, int port, InstanceDirectory instance) {
    super(server);
    this.port = port;
    this.instance = instance;
  }

  /** A builder with the defaults above. */
  public static Builder builder() {
    return new Builder();
  }

  /** {@code redis://127.0.0.1:<port>}. */
  public String url() {
    return "redis://" + HOST + ":" + port;
  }

  /** The address the server listens on: {@code 127.0.0.1}. */
  public String host() {
    return HOST;
  }

  /** The TCP port. */
  public int port() {
    return port;
  }

  @Override
  public Map<String, String> connectionProperties() {
    Map<String, String> properties = new LinkedHashMap<>();
    properties.put("url", url());
    properties.put("host", HOST);
    properties.put("port", Integer.toString(port));
    return properties;
  }

  @Override
  void beforeStart() {
    instance.create();
  }

  @Override
  void afterStop() {
    instance.remove();
  }

  @Override
  String connectionSummary() {
    return "[" + url() + "]";
  }

  /** Options of a {@link RedisProcess}; each returns this builder. */
  public static final class Builder {
    private Path binary;
    private int port;
    private final List<String> configLines = new ArrayList<>();
    private ProcessLogger logger;
    private final List<String> dependsOn = new ArrayList<>();
    private Duration readyTimeout = Duration.ofSeconds(30);
    private Duration stopTimeout = ProcessUnit.DEFAULT_STOP_TIMEOUT;

    private Builder() {}

    /** The {@code redis-server} program; default: the artifact, then PATH. */
    public Builder binary(Path program) {
      this.binary = Objects.requireNonNull(program, "binary");
      return this;
    }

    /** The TCP port; default a free loopback port chosen at build. */
    public Builder port(int port) {
      if (port < 1 || port > 65535) {
        throw new IllegalArgumentException("Redis port must be 1..65535 but was " + port);
      }
      this.port = port;
      return this;
    }

    /**
     * Configuration lines as in {@code redis.conf} ({@code "maxmemory 10mb"}), applied after the
     * defaults, so they can replace them.
     */
    public Builder config(String... lines) {
      for (String line : lines) {
        String trimmed = Objects.requireNonNull(line, "config line").trim();
        if (trimmed.isEmpty() || trimmed.startsWith("#")) {
          continue;
        }
        configLines.add(trimmed);
      }
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

    /** How long after the spawn the server may take to be ready; default 30 s. */
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
     * Resolves {@code redis-server} (copying it out of the artifact once per cache) and builds the
     * unit.
     *
     * @throws IllegalStateException if no {@code redis-server} is found (naming the artifact)
     */
    public RedisProcess build() {
      ProcessLogger log = logger == null ? new ProcessLogger() : logger;
      RedisBinary found =
          RedisBinary.resolve(
              Optional.ofNullable(binary),
              Platform.current(),
              ServiceDirectories.cache(Optional.empty()),
              System.getenv("PATH"));
      log.append(
          LogLine.Stream.STDOUT,
          "[ovrseer] "
              + (found.unpacked() ? "unpacked " : "redis-server ")
              + found.origin()
              + (found.unpacked() ? " into " : " at ")
              + found.program());
      if (port == 0) {
        port = FreePort.pick();
      }
      InstanceDirectory instance =
          new InstanceDirectory("redis", ServiceDirectories.runtime(Optional.empty()), port, false);
      List<String> args =
          new ArrayList<>(
              List.of(
                  "--port",
                  Integer.toString(port),
                  "--bind",
                  HOST,
                  "--save",
                  "",
                  "--appendonly",
                  "no",
                  "--dir",
                  instance.path().toString()));
      for (String line : configLines) {
        // redis-server takes each configuration line as "--name word...".
        String[] words = line.split("\\s+");
        args.add("--" + words[0]);
        for (int i = 1; i < words.length; i++) {
          args.add(words[i].equals("\"\"") ? "" : words[i]);
        }
      }
      ProcessUnit server =
          ProcessUnit.builder(found.program().toString(), args.toArray(String[]::new))
              .readyCheck(ReadyCheck.logPattern("Ready to accept connections", readyTimeout))
              .logger(log)
              .stopTimeout(stopTimeout)
              .dependsOn(dependsOn.toArray(String[]::new))
              .build();
      return new RedisProcess(server, port, instance);
    }
  }
}
