package io.ovrseer.services;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;

/**
 * The main class of a {@link KafkaProcess}'s JVM: checks the configuration and the listeners'
 * ports, then runs {@code kafka.Kafka}. Kafka reports why it cannot start only through SLF4J, which
 * logs nothing without a binding on the class path; so a bad setting or a port in use would end the
 * broker with exit code 1 and not one line of output. This class prints that cause on stderr, where
 * the unit's log (and so the start failure's message) has it.
 *
 * <p>Argument: the {@code server.properties} file. Needs Kafka ({@code kafka_2.13}) on the class
 * path, which it reaches by reflection since Ovrseer does not depend on it.
 */
final class KafkaBroker {
  private KafkaBroker() {}

  public static void main(String[] args) throws Throwable {
    Properties config = new Properties();
    // As Kafka loads it: a byte stream, ISO 8859-1 and escapes.
    try (InputStream in = Files.newInputStream(Path.of(args[0]))) {
      config.load(in);
    }
    Optional<String> problem = problem(config);
    if (problem.isPresent()) {
      System.err.println("Kafka cannot start: " + problem.get());
      System.exit(1);
    }
    invoke("kafka.Kafka", "main", String[].class, args);
  }

  /** Why Kafka would refuse {@code config} or could not listen, if it would. */
  static Optional<String> problem(Properties config) throws Throwable {
    try {
      invoke("kafka.server.KafkaConfig", "fromProps", Properties.class, config);
    } catch (ReflectiveOperationException otherKafkaVersion) {
      // A Kafka without this method (a class path of the user's): it checks the settings itself.
    } catch (RuntimeException invalid) {
      // ConfigException, or the IllegalArgumentException of a KRaft requirement.
      return Optional.of("invalid configuration: " + invalid.getMessage());
    }
    for (String listener : config.getProperty("listeners", "").split(",")) {
      int scheme = listener.indexOf("://");
      int colon = listener.lastIndexOf(':');
      if (scheme < 0 || colon <= scheme) {
        continue;
      }
      String host = listener.substring(scheme + 3, colon);
      int port = Integer.parseInt(listener.substring(colon + 1).trim());
      // Bound and closed again at once, a moment before Kafka binds it.
      try (ServerSocket probe = new ServerSocket()) {
        // No host: Kafka listens on every interface.
        probe.bind(
            host.isEmpty()
                ? new InetSocketAddress(port)
                : new InetSocketAddress(InetAddress.getByName(host), port));
      } catch (IOException e) {
        return Optional.of(
            "port "
                + port
                + " of listener "
                + listener.trim()
                + " cannot be bound ("
                + e.getMessage()
                + "); another process may use it");
      }
    }
    return Optional.empty();
  }

  /** Calls the public static {@code method} of {@code type}, unwrapping what it throws. */
  private static void invoke(String type, String method, Class<?> parameter, Object argument)
      throws Throwable {
    try {
      Class.forName(type).getMethod(method, parameter).invoke(null, argument);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
