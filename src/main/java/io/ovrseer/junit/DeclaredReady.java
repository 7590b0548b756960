package io.ovrseer.junit;

import io.ovrseer.process.ReadyCheck;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/**
 * A {@link Ready @Ready}, validated, with its placeholders still in place.
 *
 * @param log the log regex, or empty
 * @param times matching lines required
 * @param passIfNotFound whether the log check passes at its timeout
 * @param timeout each check's timeout
 * @param tcpPort the port to connect to, or empty
 * @param http the URL to GET, or empty
 * @param command the command to poll, or empty
 */
record DeclaredReady(
    String log,
    int times,
    boolean passIfNotFound,
    Duration timeout,
    String tcpPort,
    String http,
    List<String> command) {

  DeclaredReady {
    command = List.copyOf(command);
  }

  /** The checks, placeholders resolved with {@code ports}. */
  List<ReadyCheck> checks(Ports ports, String label) {
    List<ReadyCheck> checks = new ArrayList<>();
    if (!log.isEmpty()) {
      ReadyCheck.LogPattern check =
          ReadyCheck.logPattern(ports.resolve(log, label + " @Ready(log)"), timeout).times(times);
      checks.add(passIfNotFound ? check.passIfNotFound() : check);
    }
    if (!tcpPort.isBlank()) {
      String where = label + " @Ready(tcpPort)";
      String port = ports.resolve(tcpPort, where).trim();
      checks.add(ReadyCheck.tcpPort(portNumber(port, where), timeout));
    }
    if (!http.isBlank()) {
      String where = label + " @Ready(http)";
      String url = ports.resolve(http, where);
      try {
        checks.add(ReadyCheck.http(url, timeout));
      } catch (IllegalArgumentException e) {
        throw new ExtensionConfigurationException(
            where + " [" + url + "] is not usable: " + e.getMessage(), e);
      }
    }
    if (!command.isEmpty()) {
      String[] argv =
          command.stream()
              .map(part -> ports.resolve(part, label + " @Ready(command)"))
              .toArray(String[]::new);
      checks.add(ReadyCheck.command(timeout, argv));
    }
    return checks;
  }

  /** {@code text} as a TCP port number. */
  static int portNumber(String text, String where) {
    try {
      int port = Integer.parseInt(text);
      if (port >= 1 && port <= 65_535) {
        return port;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new ExtensionConfigurationException(
        where + " [" + text + "] is not a port number (1 to 65535)");
  }
}
