package io.ovrseer.process;

import io.ovrseer.internal.Regexes;
import io.ovrseer.internal.Timeouts;
import io.ovrseer.log.LogLine;
import io.ovrseer.log.ProcessLogger;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.regex.Pattern;

/**
 * A condition a process must meet before it counts as ready, with its own timeout counted from
 * spawn. Start a check with one of the factories: {@link #logPattern(String, Duration)}, {@link
 * #tcpPort(int, Duration)}, {@link #http(String, Duration)} or {@link #command(Duration,
 * String...)}.
 *
 * <p>A unit waits for all its checks; the first that fails (or times out) fails the readiness, and
 * a process that exits before it is ready fails it at once. Custom checks implement {@link
 * #await(Context)}: return a future that completes when the condition holds, and stop all work once
 * that future is done (the unit completes it exceptionally when it gives up).
 */
public interface ReadyCheck {

  /** Default interval between two attempts of a polling check (port, HTTP, command). */
  Duration DEFAULT_POLL_INTERVAL = Duration.ofMillis(25);

  /** How long after spawn the check may take. */
  Duration timeout();

  /** What is awaited, for error messages: "log line matching /ready/". */
  String description();

  /** Starts waiting for the condition of one run of a process. */
  CompletableFuture<Void> await(Context context);

  /** Whether reaching the timeout counts as success (see {@link LogPattern#passIfNotFound()}). */
  default boolean passesAtTimeout() {
    return false;
  }

  /** What a check can see of the run it waits for. */
  interface Context {
    /** The process's logger; only lines appended after the check started belong to this run. */
    ProcessLogger logger();

    /** The operating-system id of the process. */
    long pid();

    /** A shared scheduler for polling; tasks must be short and must not block. */
    ScheduledExecutorService scheduler();

    /** Runs blocking work (a connection attempt, a command) off the scheduler. */
    void runBlocking(Runnable work);

    /** The process's working directory; empty (the default) when it runs in the JVM's. */
    default Optional<Path> workingDirectory() {
      return Optional.empty();
    }

    /** The variables the process gets on top of the JVM's environment; none by default. */
    default Map<String, String> environment() {
      return Map.of();
    }
  }

  /** Ready once a line matching {@code regex} was logged. */
  static LogPattern logPattern(String regex, Duration timeout) {
    return logPattern(Regexes.compile("readiness", regex), timeout);
  }

  /** Ready once a line matching {@code pattern} was logged. */
  static LogPattern logPattern(Pattern pattern, Duration timeout) {
    return new LogPattern(
        Objects.requireNonNull(pattern, "pattern"), requirePositive(timeout), 1, false);
  }

  /** Ready once a TCP connection to {@code localhost:port} succeeds. */
  static ReadyCheck tcpPort(int port, Duration timeout) {
    return tcpPort("localhost", port, timeout);
  }

  /** Ready once a TCP connection to {@code host:port} succeeds. */
  static ReadyCheck tcpPort(String host, int port, Duration timeout) {
    return new TcpPortCheck(host, port, requirePositive(timeout));
  }

  /**
   * Ready once a GET of {@code url} answers with a 2xx status. Each attempt connects within 500 ms
   * and waits at most 1 s per read, never beyond the remaining {@code timeout}; the body is not
   * waited for (at most 64 KiB of it that has already arrived is read).
   */
  static ReadyCheck http(String url, Duration timeout) {
    return new HttpCheck(parseUrl(url), requirePositive(timeout));
  }

  /** Ready once {@code command} exits with code 0; it is run again until then. */
  static ReadyCheck command(Duration timeout, String... command) {
    // List.of would throw a NullPointerException without a message for a null element.
    List<String> line = Arrays.asList(Objects.requireNonNull(command, "readiness command"));
    if (line.contains(null)) {
      throw new NullPointerException("readiness command " + line + " holds null");
    }
    return new CommandCheck(line, requirePositive(timeout));
  }

  /**
   * The check of {@link #logPattern(String, Duration)}: ready after {@link #times(int)} matching
   * lines (default 1); with {@link #passIfNotFound()} also ready at the timeout. Immutable: each
   * setting returns a new check.
   */
  final class LogPattern implements ReadyCheck {
    private final Pattern pattern;
    private final Duration timeout;
    private final int times;
    private final boolean passIfNotFound;

    LogPattern(Pattern pattern, Duration timeout, int times, boolean passIfNotFound) {
      this.pattern = pattern;
      this.timeout = timeout;
      if (times < 1) {
        throw new IllegalArgumentException(
            "times of log pattern /" + pattern + "/ must be at least 1 but was " + times);
      }
      this.times = times;
      this.passIfNotFound = passIfNotFound;
    }

    /** This check, but ready only after {@code n} matching lines. */
    public LogPattern times(int n) {
      return new LogPattern(pattern, timeout, n, passIfNotFound);
    }

    /** This check, but ready at the timeout even if the line never appeared. */
    public LogPattern passIfNotFound() {
      return new LogPattern(pattern, timeout, times, true);
    }

    /** The pattern searched in each line. */
    public Pattern pattern() {
      return pattern;
    }

    /** The number of matching lines required. */
    public int requiredMatches() {
      return times;
    }

    @Override
    public boolean passesAtTimeout() {
      return passIfNotFound;
    }

    @Override
    public Duration timeout() {
      return timeout;
    }

    @Override
    public String description() {
      return "log line matching /"
          + pattern
          + "/"
          + (times > 1 ? " " + times + " times" : "")
          + (passIfNotFound ? " (or none at the timeout)" : "");
    }

    @Override
    public CompletableFuture<Void> await(Context context) {
      CompletableFuture<Void> seen = new CompletableFuture<>();
      ProcessLogger.Listener listener =
          new ProcessLogger.Listener() {
            private int matches;

            @Override
            public void onLine(LogLine line) {
              if (!seen.isDone() && pattern.matcher(line.text()).find() && ++matches >= times) {
                seen.complete(null);
              }
            }
          };
      context.logger().addListener(listener);
      seen.whenComplete((ok, error) -> context.logger().removeListener(listener));
      return seen;
    }

    @Override
    public String toString() {
      return description();
    }
  }

  private static Duration requirePositive(Duration timeout) {
    return Timeouts.check("readiness timeout", timeout, false);
  }

  private static URI parseUrl(String url) {
    Objects.requireNonNull(url, "url");
    // Written in code as in a declaration: nothing here replaces it, and the JDK's refusal
    // ("Illegal character in authority") would not say so.
    if (url.contains("${")) {
      throw new IllegalArgumentException(
          "readiness URL ["
              + url
              + "] holds a placeholder, which only declarations (@Ready, YAML) replace; in code,"
              + " resolve it first: ports.resolve(url)");
    }
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "readiness URL [" + url + "] is not a URL: " + e.getMessage(), e);
    }
    // An authority the JDK cannot take for host[:port] ("localhost:$PORT") leaves no host: not
    // "a URL without a host", which it has.
    if (uri.getAuthority() != null && uri.getHost() == null) {
      throw new IllegalArgumentException(
          "readiness URL ["
              + url
              + "] has ["
              + uri.getAuthority()
              + "] where a host and an optional port (1 to 65535) belong");
    }
    String scheme = uri.getScheme();
    if (scheme == null
        || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
        || uri.getHost() == null) {
      throw new IllegalArgumentException(
          "readiness URL [" + url + "] must be an absolute http:// or https:// URL with a host");
    }
    // The JDK refuses a port over 65535 only when the check first connects, and nothing answers
    // on port 0: either would only time out, long after the mistake.
    if (uri.getPort() == 0 || uri.getPort() > 65_535) {
      throw new IllegalArgumentException(
          "readiness URL [" + url + "] has port " + uri.getPort() + "; a port is 1 to 65535");
    }
    return uri;
  }
}
