package io.ovrseer.services;

import io.ovrseer.log.LogLine;
import io.ovrseer.log.ProcessLogger;
import io.ovrseer.process.ProcessUnit;
import io.ovrseer.process.ReadyCheck;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A PostgreSQL server for tests: binaries from a Maven artifact (or a directory, or {@code PATH}),
 * a database and a role with a password, ready when it accepts connections.
 *
 * <p><b>Fast by design.</b> {@code initdb} (and the database, and the init scripts) run once per
 * binaries and settings into a template in the per-user cache; each instance starts from a copy of
 * it in the runtime directory, so a start is a file copy and the server's own start. The copy is
 * removed at {@link #stop()} unless {@link Builder#keepDataDirectory(boolean)} says otherwise; a
 * {@link #restart()} keeps it.
 *
 * <p><b>Root.</b> PostgreSQL refuses to run as root: a root JVM runs {@code initdb} and the server
 * as {@link Builder#runAs(String)} (default {@code nobody}), with their files in that user's
 * private directories. Any other JVM runs them as its own user.
 *
 * <p>Defaults: database, user and password {@code test}; a free loopback port; listening on {@code
 * 127.0.0.1} only, no Unix socket; {@code fsync} off; ready within 60 s of the spawn. Connection
 * properties: {@code jdbcUrl}, {@code url} (libpq URI), {@code host}, {@code port}, {@code
 * database}, {@code user}, {@code password}.
 */
public final class PostgresProcess extends DelegatingUnit implements ServiceUnit {
  /** The line PostgreSQL logs once it accepts connections. */
  static final Pattern READY_LINE =
      Pattern.compile("database system is ready to accept connections");

  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  /** The log destinations that write to stderr while no logging collector runs. */
  private static final Set<String> STDERR = Set.of("stderr", "csvlog", "jsonlog");

  private final String database;
  private final String user;
  private final String password;
  private final PostgresTemplate template;
  private final InstanceDirectory data;
  private final Optional<String> osUser;

  private PostgresProcess(
      Builder b,
      ProcessUnit server,
      PostgresTemplate template,
      InstanceDirectory data,
      Optional<String> osUser) {
    super(server, b.portOrFree());
    this.osUser = osUser;
    this.database = b.database;
    this.user = b.user;
    this.password = b.password;
    this.template = template;
    this.data = data;
  }

  /** A builder with the defaults above. */
  public static Builder builder() {
    return new Builder();
  }

  /** {@code jdbc:postgresql://127.0.0.1:<port>/<database>}. */
  public String jdbcUrl() {
    return "jdbc:postgresql://" + HOST + ":" + port + "/" + database;
  }

  /**
   * {@code postgresql://<user>:<password>@127.0.0.1:<port>/<database>}, for libpq clients; the
   * password percent-encoded (UTF-8) as libpq decodes it ({@code p@ss} is {@code p%40ss}): letters,
   * digits and {@code .-*_} stay as they are.
   */
  public String url() {
    // URLEncoder encodes for forms, where a space is '+'; in a URI it is %20.
    String encoded = URLEncoder.encode(password, StandardCharsets.UTF_8).replace("+", "%20");
    return "postgresql://" + user + ":" + encoded + "@" + HOST + ":" + port + "/" + database;
  }

  /** The database created for the tests. */
  public String database() {
    return database;
  }

  /**
   * The role to connect as (a superuser); connection property {@code user}. (Not {@link #user()},
   * which is the operating-system user the server runs as.)
   */
  public String username() {
    return user;
  }

  /** The role's password. */
  public String password() {
    return password;
  }

  /** This instance's data directory (exists while it runs, and after if kept). */
  public Path dataDirectory() {
    return data.path();
  }

  @Override
  public Map<String, String> connectionProperties() {
    Map<String, String> properties = new LinkedHashMap<>();
    properties.put("jdbcUrl", jdbcUrl());
    properties.put("url", url());
    properties.put("host", HOST);
    properties.put("port", Integer.toString(port));
    properties.put("database", database);
    properties.put("user", user);
    properties.put("password", password);
    return properties;
  }

  @Override
  void beforeStart() {
    if (!data.exists()) {
      try {
        template.copyTo(data.path(), osUser);
      } catch (RuntimeException e) {
        throw cleanedUp(e, data::discard);
      }
      note("data directory " + data.path() + " copied from " + template.dataDirectory());
    }
  }

  @Override
  void afterStop() {
    // Before the data directory goes: its postmaster.pid names what a killed server left. A
    // failure costs a segment, not the stop.
    try {
      PostgresSharedMemory.release(data.path(), osUser)
          .ifPresent(id -> note("removed shared memory segment " + id + " of the killed server"));
    } catch (RuntimeException e) {
      note(e.getMessage());
    }
    data.remove();
  }

  @Override
  String connectionSummary() {
    return "[" + jdbcUrl() + "]";
  }

  private void note(String text) {
    logger().append(LogLine.Stream.STDOUT, "[ovrseer] " + text);
  }

  /**
   * Options of a {@link PostgresProcess}; each returns this builder. {@link #build()} resolves the
   * binaries and makes the template if needed (the first build in a cache takes seconds).
   */
  public static final class Builder extends ServiceBuilder<Builder> {
    private Path binaries;
    private String database = "test";
    private String user = "test";
    private String password = "test";
    private final List<Path> initScripts = new ArrayList<>();
    private final Map<String, String> settings = new LinkedHashMap<>();
    private boolean keepDataDirectory;
    private String runAs;

    private Builder() {
      super("PostgreSQL", Duration.ofSeconds(60), ProcessUnit.DEFAULT_STOP_TIMEOUT);
    }

    /** The directory holding {@code initdb} and {@code postgres}; default: artifact, then PATH. */
    public Builder binaries(Path directory) {
      this.binaries = Objects.requireNonNull(directory, "binaries");
      return this;
    }

    /** The database to create; default {@code test}. */
    public Builder database(String database) {
      this.database = name("database", database);
      return this;
    }

    /** The role (superuser) to create; default {@code test}. */
    public Builder user(String user) {
      this.user = name("user", user);
      return this;
    }

    /**
     * The role's password; default {@code test}. One non-empty line: {@code initdb} reads it from a
     * file's first line and drops a trailing carriage return, so neither line break is accepted.
     */
    public Builder password(String password) {
      Objects.requireNonNull(password, "password");
      if (password.isEmpty() || password.contains("\n") || password.contains("\r")) {
        throw new IllegalArgumentException("PostgreSQL password must be one non-empty line");
      }
      this.password = password;
      return this;
    }

    /**
     * SQL scripts run in the database, in order, when the template is made (so once per cache, not
     * per start). A script's statements end with a semicolon; an {@code ERROR} fails the build.
     */
    public Builder initScript(Path... scripts) {
      for (Path script : Objects.requireNonNull(scripts, "init scripts")) {
        initScripts.add(Objects.requireNonNull(script, "init script"));
      }
      return this;
    }

    /**
     * A server setting, passed as {@code -c key=value} at each start.
     *
     * @throws IllegalArgumentException for a name that is not a setting name, {@code port} (use
     *     {@link #port(int)}, which the connection properties name), or a setting that keeps the
     *     ready line from the server's stderr, where Ovrseer waits for it ({@code
     *     logging_collector} on, a {@code log_destination} without {@code stderr}, {@code
     *     log_min_messages} {@code fatal} or {@code panic})
     */
    public Builder setting(String key, String value) {
      Objects.requireNonNull(key, "setting name");
      if (!NAME.matcher(key.replace(".", "_")).matches()) {
        throw new IllegalArgumentException("PostgreSQL setting name [" + key + "] is not valid");
      }
      // A later -c port=... wins over -p: the server was ready where its jdbcUrl did not point.
      // Setting names are case-insensitive to PostgreSQL.
      if (key.equalsIgnoreCase("port")) {
        throw new IllegalArgumentException(
            "PostgreSQL setting ["
                + key
                + "] would move the server off its jdbcUrl's port; use port(int)");
      }
      Objects.requireNonNull(value, "value of " + key);
      hiddenFromOvrseer(key.toLowerCase(Locale.ROOT), value.strip().toLowerCase(Locale.ROOT))
          .ifPresent(
              why -> {
                throw new IllegalArgumentException(
                    "PostgreSQL setting [" + key + "=" + value + "] " + why);
              });
      settings.put(key, value);
      return this;
    }

    /**
     * Why {@code key=value} would keep the ready line ({@code LOG: database system is ready to
     * accept connections}) from the server's stderr, if it would: the server then ran fine while
     * its readiness waited for the whole ready timeout and failed, the log's last line saying at
     * best that output went elsewhere. A csvlog or jsonlog destination without the collector still
     * writes to stderr.
     */
    private static Optional<String> hiddenFromOvrseer(String key, String value) {
      String hidden = " would hide the ready line, which Ovrseer waits for on the server's stderr";
      return switch (key) {
        case "logging_collector" ->
            // PostgreSQL's true: on, 1 and any prefix of true or yes.
            value.matches("on|1|t(r(ue?)?)?|y(es?)?")
                ? Optional.of("sends the server's log to files and" + hidden + "; leave it off")
                : Optional.empty();
        case "log_destination" ->
            Arrays.stream(value.split(",")).map(String::strip).noneMatch(STDERR::contains)
                ? Optional.of("leaves out stderr and" + hidden + "; add stderr to it")
                : Optional.empty();
        case "log_min_messages" ->
            value.equals("fatal") || value.equals("panic")
                ? Optional.of("is above LOG and" + hidden + "; use error or lower")
                : Optional.empty();
        default -> Optional.empty();
      };
    }

    /** Whether to keep the data directory after stop; default false (removed). */
    public Builder keepDataDirectory(boolean keep) {
      this.keepDataDirectory = keep;
      return this;
    }

    /**
     * The operating-system user to run as when the JVM is root; default {@code nobody}. As any
     * other user only that user itself is accepted.
     */
    public Builder runAs(String osUser) {
      this.runAs = Objects.requireNonNull(osUser, "runAs");
      return this;
    }

    /**
     * Resolves the binaries, makes the template if the cache lacks it, and builds the unit.
     *
     * @throws IllegalStateException if no binaries are found (the message names the artifact to
     *     add) or the template cannot be made (with initdb's output)
     */
    public PostgresProcess build() {
      Optional<String> osUser = RunAs.unprivileged("PostgreSQL", Optional.ofNullable(runAs));
      Path cache = ServiceDirectories.cache(osUser);
      Path runtime = ServiceDirectories.runtime(osUser);
      ProcessLogger log = loggerOrNew();
      int port = portOrFree();
      PostgresBinaries found =
          PostgresBinaries.resolve(
              Optional.ofNullable(binaries),
              Platform.current(),
              cache,
              osUser,
              System.getenv("PATH"));
      note(
          log,
          (found.unpacked() ? "unpacked " : "binaries ")
              + found.origin()
              + (found.unpacked() ? " into " : " at ")
              + found.directory());
      PostgresTemplate template =
          PostgresTemplate.ensure(found, cache, osUser, user, password, database, initScripts);
      note(
          log,
          (template.created() ? "initdb made template " : "template from cache ")
              + template.dataDirectory());
      InstanceDirectory data =
          new InstanceDirectory("postgres", runtime, port, keepDataDirectory, osUser);
      List<String> args = new ArrayList<>();
      args.addAll(List.of("-D", data.path().toString(), "-p", Integer.toString(port)));
      Map<String, String> all = new LinkedHashMap<>();
      all.put("listen_addresses", HOST);
      all.put("unix_socket_directories", "");
      all.put("fsync", "off");
      all.putAll(settings);
      all.forEach((k, v) -> args.addAll(List.of("-c", k + "=" + v)));
      ProcessUnit server =
          finish(
              RunAs.builder(osUser, found.program("postgres").toString(), args),
              log,
              timeout -> ReadyCheck.logPattern(READY_LINE, timeout));
      return new PostgresProcess(this, server, template, data, osUser);
    }

    private static void note(ProcessLogger log, String text) {
      log.append(LogLine.Stream.STDOUT, "[ovrseer] " + text);
    }

    private static String name(String what, String value) {
      Objects.requireNonNull(value, what);
      if (!NAME.matcher(value).matches() || value.length() > 63) {
        throw new IllegalArgumentException(
            "PostgreSQL "
                + what
                + " ["
                + value
                + "] must be a plain identifier (letters, digits, _)");
      }
      return value;
    }
  }
}
