package io.ovrseer.services;

import io.ovrseer.internal.PrivateFiles;
import io.ovrseer.log.LogLine;
import io.ovrseer.log.ProcessLogger;
import io.ovrseer.process.ProcessUnit;
import io.ovrseer.process.ReadyCheck;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
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

  /** The configuration file's name in the instance directory. */
  static final String CONFIG_FILE = "redis.conf";

  private final InstanceDirectory instance;
  private final String config;

  private RedisProcess(ProcessUnit server, int port, InstanceDirectory instance, String config) {
    super(server, port);
    this.instance = instance;
    this.config = config;
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

  /**
   * Makes the instance directory and writes the configuration file there (mode 0600): given to
   * {@code redis-server} as a file, not as arguments, so that a {@code requirepass} is not on its
   * command line, which every local user can read.
   */
  @Override
  void beforeStart() {
    instance.create();
    Path file = instance.path().resolve(CONFIG_FILE);
    try {
      PrivateFiles.write(file, config.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("Redis: could not write " + file, e);
    }
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
     * Configuration lines as in {@code redis.conf} ({@code "maxmemory 10mb"}, {@code "requirepass
     * \"two words\""}), written as given after the defaults into the instance's {@code redis.conf}
     * (mode 0600), so they can replace the defaults and a password is never on the command line.
     *
     * @throws IllegalArgumentException for a {@code port} line (use {@link #port(int)}, which the
     *     url names), a line that holds a line break, or one that takes the server's output or
     *     process from Ovrseer: {@code loglevel warning} or {@code nothing} (which hide the line
     *     readiness waits for), a {@code logfile} other than {@code ""}, {@code daemonize yes}
     */
    public Builder config(String... lines) {
      for (String line : Objects.requireNonNull(lines, "config lines")) {
        String trimmed = Objects.requireNonNull(line, "config line").trim();
        if (trimmed.isEmpty() || trimmed.startsWith("#")) {
          continue;
        }
        // A port line made a ready server listen where its url and connection properties do not
        // point; a line break would slip such a line past this check.
        if (trimmed.contains("\n") || trimmed.contains("\r")) {
          throw new IllegalArgumentException(
              "Redis config line [" + trimmed + "] holds a line break; give each line apart");
        }
        if (trimmed.toLowerCase(Locale.ROOT).matches("port(\\s.*)?")) {
          throw new IllegalArgumentException(
              "Redis config line ["
                  + trimmed
                  + "] would move the server off its url's port;"
                  + " use port(int)");
        }
        hiddenFromOvrseer(trimmed)
            .ifPresent(
                why -> {
                  throw new IllegalArgumentException("Redis config line [" + trimmed + "] " + why);
                });
        configLines.add(trimmed);
      }
      return this;
    }

    /**
     * Why {@code line} would keep the server from Ovrseer, if it would: readiness is the line
     * {@code Ready to accept connections} of the server's own output (level notice), and the unit
     * is the process it started. A quieter {@code loglevel}, a {@code logfile} or {@code daemonize
     * yes} (a child that leaves the unit, which exits) made a server that runs fine wait for the
     * ready timeout and fail.
     */
    private static Optional<String> hiddenFromOvrseer(String line) {
      String[] keyAndValue = line.split("\\s+", 2);
      String key = keyAndValue[0].toLowerCase(Locale.ROOT);
      // Redis takes a value quoted too: loglevel "warning", logfile "".
      String value =
          keyAndValue.length < 2
              ? ""
              : keyAndValue[1].toLowerCase(Locale.ROOT).replaceAll("^([\"'])(.*)\\1$", "$2");
      if (key.equals("loglevel") && (value.equals("warning") || value.equals("nothing"))) {
        return Optional.of(
            "would hide the notice Ready to accept connections, which Ovrseer waits for;"
                + " use loglevel notice, verbose or debug");
      }
      if (key.equals("logfile") && !value.isEmpty()) {
        return Optional.of(
            "would send the server's output, which Ovrseer waits for and logs, to a file;"
                + " remove it");
      }
      if (key.equals("daemonize") && value.equals("yes")) {
        return Optional.of(
            "would run the server in the background, out of Ovrseer's reach; remove it");
      }
      return Optional.empty();
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
      StringBuilder config = new StringBuilder();
      config.append("port ").append(port).append('\n');
      config.append("bind ").append(HOST).append('\n');
      config.append("save \"\"\n");
      config.append("appendonly no\n");
      config.append("dir ").append(quoted(instance.path().toString())).append('\n');
      // Each line as given, after the defaults: a later line replaces an earlier one.
      configLines.forEach(line -> config.append(line).append('\n'));
      ProcessUnit server =
          finish(
              ProcessUnit.builder(
                  found.program().toString(), instance.path().resolve(CONFIG_FILE).toString()),
              log,
              timeout -> ReadyCheck.logPattern("Ready to accept connections", timeout));
      return new RedisProcess(server, port, instance, config.toString());
    }

    /** {@code value} as a double-quoted string of a {@code redis.conf} line. */
    private static String quoted(String value) {
      return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
  }
}
