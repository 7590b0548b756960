package io.ovrseer.process;

import io.ovrseer.internal.Failures;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Ready once a TCP connection to host:port succeeds, on any address of the host; {@code localhost}
 * is both 127.0.0.1 and ::1.
 */
final class TcpPortCheck extends PollingCheck {
  private static final Duration CONNECT_LIMIT = Duration.ofMillis(500);

  private final String host;
  private final int port;

  TcpPortCheck(String host, int port, Duration timeout) {
    super(timeout);
    this.host = Objects.requireNonNull(host, "host");
    // A blank host was looked up (or taken for this machine) until the timeout.
    if (host.isBlank()) {
      throw new IllegalArgumentException("readiness host must not be blank but was [" + host + "]");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("readiness port must be 1 to 65535 but was " + port);
    }
    this.port = port;
  }

  /**
   * Connects to each address of the host in turn, each within 500 ms, never beyond the check's
   * remaining time; the socket is closed when the wait ends first. A failed attempt tells how each
   * address failed, each failure once: {@code localhost:5432: Connection refused}, or where they
   * differ {@code localhost:5432: Connection refused at 127.0.0.1, Protocol family unavailable at
   * 0:0:0:0:0:0:0:1} (so that a machine without IPv6 does not hide the refusal at 127.0.0.1).
   */
  @Override
  boolean attempt(Poll poll) {
    List<InetAddress> addresses;
    try {
      addresses = addressesOf(host);
    } catch (IOException notYet) {
      // An unknown host: it may be known at the next attempt.
      poll.failed("looking up " + host + ": " + Failures.messageOf(notYet));
      return false;
    }
    boolean cutShort = poll.remaining().compareTo(CONNECT_LIMIT) < 0;
    Map<String, List<String>> addressesByFailure = new LinkedHashMap<>();
    // An address whose connect ran out of time because the check's deadline cut it short says
    // nothing new of the server: the attempt's earlier answer stays told, also where another
    // address failed at once (no IPv6), which would otherwise replace a refusal with a timeout.
    boolean anyCutShort = false;
    for (InetAddress address : addresses) {
      try {
        return connects(poll, new InetSocketAddress(address, port));
      } catch (IOException failed) {
        addressesByFailure
            .computeIfAbsent(Failures.messageOf(failed), how -> new ArrayList<>())
            .add(address.getHostAddress());
        anyCutShort |= cutShort && failed instanceof SocketTimeoutException;
      }
    }
    boolean oneFailure = addressesByFailure.size() == 1;
    String how =
        addressesByFailure.entrySet().stream()
            .map(f -> f.getKey() + (oneFailure ? "" : " at " + String.join(", ", f.getValue())))
            .collect(Collectors.joining(", ", host + ":" + port + ": ", ""));
    poll.failed(how, anyCutShort);
    return false;
  }

  @Override
  Optional<String> takenBeforeSpawn() {
    return takenOnThisMachine(host, port, false, description());
  }

  /**
   * Why the check {@code description} would pass for another process, if {@code port} is on this
   * machine and accepts connections now, at one of the addresses of {@code host} (only at its first
   * with {@code firstAddressOnly}, where the check asks only there).
   */
  static Optional<String> takenOnThisMachine(
      String host, int port, boolean firstAddressOnly, String description) {
    // Only a host that needs no name lookup, which could hold up start(): localhost, IP literals.
    if (!host.equalsIgnoreCase("localhost") && !host.matches("\\[?[0-9a-fA-F.:]+]?")) {
      return Optional.empty();
    }
    try {
      List<InetAddress> addresses = addressesOf(host);
      for (InetAddress address : firstAddressOnly ? addresses.subList(0, 1) : addresses) {
        if (isThisMachine(address) && connects(new InetSocketAddress(address, port))) {
          return Optional.of(
              "port "
                  + host
                  + ":"
                  + port
                  + " already accepts connections before the spawn: another process holds it,"
                  + " for which the readiness check ("
                  + description
                  + ") would pass; stop that process or choose a free port");
        }
      }
    } catch (IOException unknown) {
      // Not known (yet): the check itself waits for it.
    }
    return Optional.empty();
  }

  /**
   * Whether a connection to {@code address} reaches this machine: a loopback address, one of its
   * interfaces' addresses, or the wildcard address (0.0.0.0, ::), which a connection takes for this
   * machine, and which a check copied from a server's bind address names.
   */
  private static boolean isThisMachine(InetAddress address) throws IOException {
    return address.isLoopbackAddress()
        || address.isAnyLocalAddress()
        || NetworkInterface.getByInetAddress(address) != null;
  }

  /**
   * Every address of {@code host}. {@code localhost} is the IPv4 and the IPv6 loopback address,
   * whatever the hosts file lists: a server may listen on either, and {@code localhost} names both.
   */
  static List<InetAddress> addressesOf(String host) throws IOException {
    return host.equalsIgnoreCase("localhost")
        ? List.of(InetAddress.getByName("127.0.0.1"), InetAddress.getByName("::1"))
        : List.of(InetAddress.getAllByName(host));
  }

  /**
   * Whether a connection succeeds within 500 ms; false when {@code poll}'s wait ended before it
   * began.
   *
   * @throws IOException how it failed
   */
  private static boolean connects(Poll poll, InetSocketAddress address) throws IOException {
    try (Socket socket = new Socket()) {
      if (!poll.inFlight(() -> close(socket))) {
        return false;
      }
      socket.connect(address, poll.millisWithin(CONNECT_LIMIT));
      return true;
    }
  }

  /** Whether a connection succeeds within 500 ms, for the probe before the spawn. */
  private static boolean connects(InetSocketAddress address) {
    try (Socket socket = new Socket()) {
      socket.connect(address, (int) CONNECT_LIMIT.toMillis());
      return true;
    } catch (IOException refused) {
      return false;
    }
  }

  private static void close(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // Closed to end the attempt, which then fails: nothing else to do.
    }
  }

  @Override
  public String description() {
    return "TCP port " + host + ":" + port + " accepting connections";
  }
}
