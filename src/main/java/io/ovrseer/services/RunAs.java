package io.ovrseer.services;

import io.ovrseer.process.ProcessUnit;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The operating-system user a server runs as, and the one place that builds a process for it.
 *
 * <p>Servers that refuse to run as root (PostgreSQL) run as an unprivileged user when the JVM is
 * root: the one asked for, by default {@value #DEFAULT_UNPRIVILEGED}. As any other user they run as
 * that user, and asking for a different one is a configuration error.
 */
final class RunAs {
  /** The user a root JVM runs servers that refuse root as, unless told otherwise. */
  static final String DEFAULT_UNPRIVILEGED = "nobody";

  private RunAs() {}

  /** Whether this JVM runs as root. */
  static boolean jvmIsRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  /**
   * The user a server that refuses root runs as: empty means the JVM's own user.
   *
   * @throws IllegalArgumentException if {@code requested} names another user and the JVM is not
   *     root
   */
  static Optional<String> unprivileged(String service, Optional<String> requested) {
    if (jvmIsRoot()) {
      return Optional.of(requested.orElse(DEFAULT_UNPRIVILEGED));
    }
    String self = System.getProperty("user.name");
    if (requested.isPresent() && !requested.get().equals(self)) {
      throw new IllegalArgumentException(
          service
              + ": user ["
              + requested.get()
              + "] needs a JVM running as root; this JVM runs as ["
              + self
              + "]");
    }
    return Optional.empty();
  }

  /** A builder of a unit running {@code command} with {@code args} as {@code user} if present. */
  static ProcessUnit.Builder builder(Optional<String> user, String command, List<String> args) {
    List<String> full = commandLine(user, command, args);
    return ProcessUnit.builder(full.get(0), full.subList(1, full.size()).toArray(String[]::new));
  }

  /** The command line running {@code command} with {@code args} as {@code user} if present. */
  static List<String> commandLine(Optional<String> user, String command, List<String> args) {
    List<String> all = new ArrayList<>();
    if (user.isPresent()) {
      all.add("setpriv");
      all.add("--reuid=" + user.get());
      all.add("--regid=" + primaryGroup(user.get()));
      all.add("--init-groups");
    }
    all.add(command);
    all.addAll(args);
    return all;
  }

  private static String primaryGroup(String user) {
    try {
      Process id = new ProcessBuilder("id", "-g", user).redirectErrorStream(true).start();
      String out = new String(id.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      if (id.waitFor() != 0) {
        throw new IllegalArgumentException("unknown user [" + user + "]: " + out);
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException("could not look up the group of user [" + user + "]", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted looking up user [" + user + "]", e);
    }
  }
}
