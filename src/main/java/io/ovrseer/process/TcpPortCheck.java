package io.ovrseer.process;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

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
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("readiness port must be 1 to 65535 but was " + port);
    }
    this.port = port;
  }

  /**
   * Connects to each address of the host in turn, each within 500 ms, never beyond the check's
   * remaining time; the socket is closed when the wait ends first.
   */
  @Override
  boolean attempt(Poll poll) {
    try {
      for (InetAddress address : addressesOf(host)) {
        if (connects(poll, new InetSocketAddress(address, port))) {
          return true;
        }
      }
    } catch (IOException notYet) {
      // An unknown host: it may be known at the next attempt.
    }
    return false;
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

  private static boolean connects(Poll poll, InetSocketAddress address) {
    try (Socket socket = new Socket()) {
      if (!poll.inFlight(() -> close(socket))) {
        return false;
      }
      socket.connect(address, poll.millisWithin(CONNECT_LIMIT));
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
