package io.ovrseer.spec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

/**
 * Hands out free loopback ports for the whole JVM: each is a port the operating system gave to a
 * {@link ServerSocket} bound to port 0, and none is handed out twice until it is released, so
 * environments running at the same time never share one.
 */
final class PortAllocator {
  static final PortAllocator JVM = new PortAllocator();

  private final Set<Integer> handedOut = new HashSet<>();

  /** A free loopback port that is not handed out yet. */
  synchronized int allocate() {
    for (int attempt = 0; attempt < 1_000; attempt++) {
      int port = bindEphemeral();
      if (handedOut.add(port)) {
        return port;
      }
    }
    throw new IllegalStateException(
        "no free loopback port after 1000 attempts; handed out: " + handedOut.size());
  }

  /** Makes {@code ports} available again. */
  synchronized void release(Collection<Integer> ports) {
    handedOut.removeAll(ports);
  }

  private static int bindEphemeral() {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(false);
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("could not bind a free loopback port", e);
    }
  }
}
