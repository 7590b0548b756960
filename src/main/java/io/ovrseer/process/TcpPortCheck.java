package io.ovrseer.process;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Objects;

/** Ready once a TCP connection to host:port succeeds. */
final class TcpPortCheck extends PollingCheck {
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

  @Override
  boolean attempt(Poll poll) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), 500);
      return true;
    } catch (IOException notYet) {
      return false;
    }
  }

  @Override
  public String description() {
    return "TCP port " + host + ":" + port + " accepting connections";
  }
}
