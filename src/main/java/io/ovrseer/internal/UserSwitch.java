package io.ovrseer.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * How a process is run as another operating-system user: through util-linux {@code setpriv}, which
 * sets the real and effective user and group ids and the user's supplementary groups, then executes
 * the command in place (its pid stays the one the JVM sees). Only root may do that, and only on
 * Linux.
 *
 * @param name the user's name
 * @param uid the user's id
 * @param gid the id of the user's primary group
 * @param home the user's home directory
 * @param setpriv the {@code setpriv} program
 */
public record UserSwitch(String name, long uid, long gid, Path home, Path setpriv) {

  /**
   * The switch to {@code user}, or empty when this JVM already runs as that user.
   *
   * @throws IllegalArgumentException when the switch is impossible here, saying why: not Linux, the
   *     portable backend runs, this JVM is not root, {@code setpriv} or {@code getent} is not on
   *     {@code PATH}, or there is no such user
   * @throws IllegalStateException if {@value ProcessBackend#PROPERTY} is wrong (see {@link
   *     ProcessBackend#get()})
   */
  public static Optional<UserSwitch> to(String user) {
    requireValidName(user);
    String current = System.getProperty("user.name", "");
    if (user.equals(current)) {
      return Optional.empty();
    }
    if (!OsName.isLinux()) {
      throw refused(
          user,
          "switching users needs Linux and util-linux setpriv, and this is " + OsName.CURRENT);
    }
    String backend = ProcessBackend.get().name();
    if (!backend.equals("linux")) {
      throw refused(
          user,
          "switching users needs the linux backend, and this JVM runs the "
              + backend
              + " one (see "
              + ProcessBackend.PROPERTY
              + ")");
    }
    if (!jvmIsRoot()) {
      throw refused(
          user,
          "only root can switch users, and this JVM runs as ["
              + current
              + "] (uid "
              + new com.sun.security.auth.module.UnixSystem().getUid()
              + ")");
    }
    String path = System.getenv("PATH");
    Path setpriv =
        SearchPath.findRemembered("setpriv", path)
            .orElseThrow(
                () ->
                    refused(
                        user,
                        "util-linux setpriv is not on PATH (" + path + "); install util-linux"));
    String[] entry = passwdEntry(user);
    return Optional.of(
        new UserSwitch(
            user, Long.parseLong(entry[2]), Long.parseLong(entry[3]), Path.of(entry[5]), setpriv));
  }

  /**
   * Whether this JVM runs as root: its uid is 0, whatever {@code user.name} says. False where there
   * are no uids (Windows).
   */
  public static boolean jvmIsRoot() {
    return !OsName.isWindows() && new com.sun.security.auth.module.UnixSystem().getUid() == 0;
  }

  /** The program and options to put before a command line to run it as this user. */
  public List<String> prefix() {
    return List.of(setpriv.toString(), "--reuid=" + name, "--regid=" + gid, "--init-groups", "--");
  }

  /**
   * The variables a login as this user would set, to be applied under the unit's own: {@code HOME},
   * {@code USER}, {@code LOGNAME}.
   */
  public Map<String, String> environment() {
    return Map.of("HOME", home.toString(), "USER", name, "LOGNAME", name);
  }

  private static IllegalArgumentException refused(String user, String why) {
    return new IllegalArgumentException("cannot run a process as user [" + user + "]: " + why);
  }

  private static void requireValidName(String user) {
    if (user.isBlank() || user.contains(":") || user.startsWith("-")) {
      throw new IllegalArgumentException("user [" + user + "] is not a valid user name");
    }
  }

  /**
   * How long {@code getent passwd} may take: an NSS source that does not answer (an LDAP server or
   * sssd that is down) must not hold up a start, or a JVM's exit, forever.
   */
  static final Duration LOOKUP_TIMEOUT = Duration.ofSeconds(30);

  /**
   * The fields of {@code user}'s passwd entry, through NSS ({@code getent passwd}): the one place
   * where Ovrseer looks up a user.
   *
   * @throws IllegalArgumentException if the name is not valid, {@code getent} is not on {@code
   *     PATH}, there is no such user, or {@code getent} did not answer within {@link
   *     #LOOKUP_TIMEOUT} (it is then killed)
   */
  static String[] passwdEntry(String user) {
    requireValidName(user);
    String path = System.getenv("PATH");
    Path getent =
        SearchPath.findRemembered("getent", path)
            .orElseThrow(() -> lookupFailed(user, "getent is not on PATH (" + path + ")", null));
    return passwdEntry(user, getent, LOOKUP_TIMEOUT);
  }

  /**
   * As {@link #passwdEntry(String)}, through the program {@code getent}, waiting {@code timeout}.
   */
  static String[] passwdEntry(String user, Path getent, Duration timeout) {
    String output;
    try {
      Process lookup =
          new ProcessBuilder(getent.toString(), "passwd", user)
              .redirectError(ProcessBuilder.Redirect.DISCARD)
              .start();
      // Read aside, so that a lookup that does not end is noticed by the bounded wait below.
      CompletableFuture<String> read =
          CompletableFuture.supplyAsync(() -> outputOf(lookup), SharedExecutors.blocking());
      try {
        output = read.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        if (!lookup.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS) || lookup.exitValue() != 0) {
          output = "";
        }
      } catch (TimeoutException e) {
        throw lookupFailed(
            user,
            getent
                + " passwd "
                + user
                + " did not answer within "
                + DurationText.of(timeout)
                + " (is an NSS source of /etc/nsswitch.conf, such as LDAP or sssd, not answering?)",
            null);
      } finally {
        lookup.destroyForcibly();
        // Reaped before this returns, so that no killed lookup is left behind.
        lookup.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS);
      }
    } catch (IOException e) {
      throw lookupFailed(user, e.toString(), e);
    } catch (ExecutionException e) {
      throw lookupFailed(user, "reading " + getent + ": " + e.getCause(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalArgumentException("interrupted while looking up user [" + user + "]", e);
    }
    String[] fields = output.split(":", -1);
    if (fields.length < 7) {
      throw new IllegalArgumentException(
          "no OS user [" + user + "]: getent passwd knows no such user on this machine");
    }
    return fields;
  }

  private static IllegalArgumentException lookupFailed(String user, String why, Exception cause) {
    return new IllegalArgumentException("cannot look up user [" + user + "]: " + why, cause);
  }

  private static String outputOf(Process lookup) {
    try (InputStream in = lookup.getInputStream()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
