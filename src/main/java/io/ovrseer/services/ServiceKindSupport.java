package io.ovrseer.services;

import io.ovrseer.log.LogLine;
import io.ovrseer.spec.ServiceKind;
import java.util.Map;
import java.util.StringJoiner;

/** What the four {@link ServiceKind}s of this package share. */
final class ServiceKindSupport {
  private ServiceKindSupport() {}

  /**
   * The instance of {@code unit}; its connection details become the first line of its log, so that
   * {@code ovrseer up} and crash reports show how to reach it.
   */
  static ServiceKind.Instance instance(ServiceUnit unit) {
    Map<String, String> properties = unit.connectionProperties();
    StringJoiner text = new StringJoiner(", ", "[ovrseer] connection: ", "");
    properties.forEach((key, value) -> text.add(key + "=" + value));
    unit.logger().append(LogLine.Stream.STDOUT, text.toString());
    return new ServiceKind.Instance(unit, properties);
  }

  /**
   * Rejects {@code user} for a server that runs as the JVM's user.
   *
   * @throws IllegalArgumentException if a user is given
   */
  static void noUser(ServiceKind.Request request, String server) {
    request
        .user()
        .ifPresent(
            user -> {
              throw new IllegalArgumentException(
                  "["
                      + user
                      + "] is given as user, but "
                      + server
                      + " runs as the JVM's user; remove user");
            });
  }

  /** {@code "true"} or {@code "false"} as a boolean; anything else is an error naming it. */
  static boolean bool(String key, String text) {
    return switch (text) {
      case "true" -> true;
      case "false" -> false;
      default ->
          throw new IllegalArgumentException("[" + text + "] is not true or false (" + key + ")");
    };
  }
}
