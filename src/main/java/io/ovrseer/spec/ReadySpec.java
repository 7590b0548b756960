package io.ovrseer.spec;

import io.ovrseer.process.ReadyCheck;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * One readiness check of a declared process, placeholders still in place: the declaration form of a
 * {@link ReadyCheck}. Each kind is one record here and one entry of {@link ReadyReader}'s table;
 * the annotation {@code @Ready} has one attribute per key and YAML one key.
 */
public sealed interface ReadySpec {
  /** How {@link #timeout()} is written when not given. */
  String DEFAULT_TIMEOUT_TEXT = "30s";

  /** The timeout of a check that does not name one. */
  Duration DEFAULT_TIMEOUT = Durations.of(DEFAULT_TIMEOUT_TEXT);

  /** The key it is declared with: {@code log}, {@code tcpPort}, {@code http}, {@code command}. */
  String key();

  /** How long after spawn the check may take. */
  Duration timeout();

  /**
   * The check, placeholders replaced by {@code resolve}.
   *
   * @throws IllegalArgumentException for a value that is wrong once resolved, the value in brackets
   */
  ReadyCheck build(UnaryOperator<String> resolve);

  /**
   * A regex searched in each log line.
   *
   * @param regex the regex
   * @param times matching lines required, at least 1
   * @param passIfNotFound whether the check also passes at its timeout
   * @param timeout how long after spawn it may take
   */
  record Log(String regex, int times, boolean passIfNotFound, Duration timeout)
      implements ReadySpec {
    @Override
    public String key() {
      return "log";
    }

    @Override
    public ReadyCheck build(UnaryOperator<String> resolve) {
      ReadyCheck.LogPattern check = ReadyCheck.logPattern(resolve.apply(regex), timeout);
      check = times > 1 ? check.times(times) : check;
      return passIfNotFound ? check.passIfNotFound() : check;
    }
  }

  /**
   * A TCP port that must accept connections.
   *
   * @param address {@code PORT} (on {@code localhost}) or {@code HOST:PORT}
   * @param timeout how long after spawn it may take
   */
  record TcpPort(String address, Duration timeout) implements ReadySpec {
    @Override
    public String key() {
      return "tcpPort";
    }

    @Override
    public ReadyCheck build(UnaryOperator<String> resolve) {
      String resolved = resolve.apply(address).trim();
      int colon = resolved.lastIndexOf(':');
      String host = colon > 0 ? resolved.substring(0, colon) : "localhost";
      return ReadyCheck.tcpPort(host, port(resolved), timeout);
    }

    /**
     * The port of {@code address}.
     *
     * @throws IllegalArgumentException if it is not 1 to 65535
     */
    static int port(String address) {
      String text = address.trim();
      int colon = text.lastIndexOf(':');
      String port = colon > 0 ? text.substring(colon + 1) : text;
      try {
        int number = Integer.parseInt(port);
        if (number >= 1 && number <= 65_535) {
          return number;
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      throw new IllegalArgumentException(
          "[" + address + "] is not a port (1 to 65535) or HOST:PORT, such as [${port:db}]");
    }
  }

  /**
   * A URL that must answer a GET with a 2xx status.
   *
   * @param url the URL
   * @param timeout how long after spawn it may take
   */
  record Http(String url, Duration timeout) implements ReadySpec {
    @Override
    public String key() {
      return "http";
    }

    @Override
    public ReadyCheck build(UnaryOperator<String> resolve) {
      String resolved = resolve.apply(url);
      check(resolved);
      return ReadyCheck.http(resolved, timeout);
    }

    /**
     * Checks that {@code url} is an absolute http or https URL with a host, and a port of 1 to
     * 65535 if it names one (the JDK refuses a larger one when the check starts, and nothing
     * answers on port 0: such a check would only time out).
     *
     * @throws IllegalArgumentException if it is not
     */
    static void check(String url) {
      URI uri;
      try {
        uri = new URI(url);
      } catch (java.net.URISyntaxException e) {
        uri = null;
      }
      String scheme = uri == null ? null : uri.getScheme();
      if (scheme == null
          || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
          || uri.getHost() == null) {
        throw new IllegalArgumentException(
            "[" + url + "] is not an absolute http:// or https:// URL with a host");
      }
      if (uri.getPort() == 0 || uri.getPort() > 65_535) {
        throw new IllegalArgumentException(
            "[" + url + "] has port " + uri.getPort() + "; a port is 1 to 65535");
      }
    }
  }

  /**
   * A command polled until it exits with 0.
   *
   * @param command the program and its arguments
   * @param timeout how long after spawn it may take
   */
  record Command(List<String> command, Duration timeout) implements ReadySpec {
    public Command {
      command = List.copyOf(command);
      Objects.requireNonNull(timeout, "timeout");
    }

    @Override
    public String key() {
      return "command";
    }

    @Override
    public ReadyCheck build(UnaryOperator<String> resolve) {
      return ReadyCheck.command(timeout, command.stream().map(resolve).toArray(String[]::new));
    }
  }
}
