package io.ovrseer.process;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Objects;

/** Ready once a TCP connection to host:port succeeds. */
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
   * Connects within 500 ms, never beyond the check's remaining time; the socket is closed when the
   * wait ends first.
   */
  @Override
  boolean attempt(Poll poll) {
    try (Socket socket = new Socket()) {
      if (!poll.inFlight(() -> close(socket))) {
        return false;
      }
      socket.connect(new InetSocketAddress(host, port), poll.millisWithin(CONNECT_LIMIT));
      return true;
    } catch (IOException notYet) {
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
