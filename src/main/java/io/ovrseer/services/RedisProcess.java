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

  private final InstanceDirectory instance;

  private RedisProcess(ProcessUnit server, int port, InstanceDirectory instance) {
    super(server, port);
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
  public static final class Builder extends ServiceBuilder<Builder> {
    private Path binary;
    private final List<String> configLines = new ArrayList<>();

    private Builder() {
      super("Redis", Duration.ofSeconds(30), ProcessUnit.DEFAULT_STOP_TIMEOUT);
    }

    /** The {@code redis-server} program; default: the artifact, then PATH. */
    public Builder binary(Path program) {
      this.binary = Objects.requireNonNull(program, "binary");
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
     * Resolves {@code redis-server} (copying it out of the artifact once per cache) and builds the
     * unit.
     *
     * @throws IllegalStateException if no {@code redis-server} is found (naming the artifact)
     */
    public RedisProcess build() {
      ProcessLogger log = loggerOrNew();
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
      int port = portOrFree();
      InstanceDirectory instance =
          new InstanceDirectory(
              "redis", ServiceDirectories.runtime(Optional.empty()), port, false, Optional.empty());
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
          finish(
              ProcessUnit.builder(found.program().toString(), args.toArray(String[]::new)),
              log,
              timeout -> ReadyCheck.logPattern("Ready to accept connections", timeout));
      return new RedisProcess(server, port, instance);
    }
  }
}
