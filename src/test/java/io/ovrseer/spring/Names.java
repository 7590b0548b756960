package io.ovrseer.spring;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The Spring side of the fixtures: a client of the {@code NameServer} fixture whose port comes from
 * the context's {@code Environment}, and a record of which context each fixture class got.
 */
final class Names {
  /** The context each fixture class saw, by class simple name. */
  static final Map<String, ConfigurableApplicationContext> CONTEXTS = new ConcurrentHashMap<>();

  private Names() {}

  /** Asks a {@code NameServer} for its name. */
  record Client(int port) {
    String ask() {
      try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
          BufferedReader in =
              new BufferedReader(
                  new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8))) {
        return in.readLine();
      } catch (IOException e) {
        throw new UncheckedIOException("no name server on port " + port, e);
      }
    }
  }

  /** The one Spring configuration every fixture class uses. */
  @Configuration(proxyBeanMethods = false)
  static class Wiring {
    @Bean
    Client names(@Value("${ovrseer.port.names}") int port) {
      return new Client(port);
    }
  }
}
