package io.ovrseer.services;

import io.ovrseer.internal.OsName;
import io.ovrseer.internal.UserSwitch;
import io.ovrseer.process.ProcessUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The operating-system user a server that refuses root runs as, and the commands run as that user.
 *
 * <p>A root JVM (uid 0) runs such servers (PostgreSQL) as the user asked for, by default {@value
 * #DEFAULT_UNPRIVILEGED}; any other JVM as its own user, where asking for a different one is a
 * configuration error. The switch itself is {@link ProcessUnit.Builder#user(String)}'s.
 */
final class RunAs {
  /** The user a root JVM runs servers that refuse root as, unless told otherwise. */
  static final String DEFAULT_UNPRIVILEGED = "nobody";

  private RunAs() {}

  /**
   * The user a server that refuses root runs as: empty means the JVM's own user.
   *
   * @throws IllegalArgumentException if {@code requested} names another user and the JVM is not
   *     root, or the JVM is root on a system other than Linux (no switch of users there)
   */
  static Optional<String> unprivileged(String service, Optional<String> requested) {
    String self = System.getProperty("user.name");
    if (UserSwitch.jvmIsRoot()) {
      String user = requested.orElse(DEFAULT_UNPRIVILEGED);
      if (!OsName.isLinux() && !user.equals(self)) {
        // Said here: the user's private directories, made first, would fail on macOS's lack of
        // getent, a message that sends one looking for the wrong thing.
        throw new IllegalArgumentException(
            service
                + " refuses to run as root and would run as user ["
                + user
                + "], but switching users needs Linux, and this is "
                + OsName.CURRENT
                + "; run this JVM as an ordinary user");
      }
      return Optional.of(user);
    }
    if (requested.isPresent() && !requested.get().equals(self)) {
      throw new IllegalArgumentException(
          service
              + ": runAs ["
              + requested.get()
              + "] needs a JVM running as root; this JVM runs as ["
              + self
              + "]");
    }
    return Optional.empty();
  }

  /** A builder of a unit running {@code command} with {@code args} as {@code user} if present. */
  static ProcessUnit.Builder builder(Optional<String> user, String command, List<String> args) {
    ProcessUnit.Builder builder = ProcessUnit.builder(command, args.toArray(String[]::new));
    user.ifPresent(builder::user);
    return builder;
  }

  /**
   * The command line of a one-off setup command ({@code initdb}) run as {@code user} if present,
   * and the environment variables to set for it.
   */
  static SwitchedCommand commandLine(Optional<String> user, String command, List<String> args) {
    Optional<UserSwitch> target = user.flatMap(UserSwitch::to);
    List<String> line = new ArrayList<>();
    target.ifPresent(t -> line.addAll(t.prefix()));
    line.add(command);
    line.addAll(args);
    return new SwitchedCommand(
        List.copyOf(line), target.map(UserSwitch::environment).orElse(Map.of()));
  }

  /** A command line and the environment variables to set on top of the JVM's. */
  record SwitchedCommand(List<String> line, Map<String, String> environment) {}
}
