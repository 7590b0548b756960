package io.ovrseer.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;

/**
 * The per-JVM watchdog process of {@link OrphanGuard}: {@code Watchdog <jvm pid> <jvm start millis>
 * <registry dir>}. Polls every 100 ms whether the JVM is alive; once it is gone, terminates every
 * process recorded in the directory (SIGTERM, SIGKILL after one second) and exits. Runs in a small
 * JVM of its own, detached from the JVM, at the lowest priority, and in its own session where
 * {@code setsid} exists, so that nothing that kills the test JVM or its terminal's process group
 * kills it too. Not started where there is no {@code sh} (Windows).
 */
public final class Watchdog {
  private static final long POLL_NANOS = 100_000_000L;

  /**
   * Runs its arguments in the background, so that the shell exits at once and the watchdog is not a
   * descendant of the JVM; prints the watchdog's pid. {@code setsid} and {@code nice}, where they
   * exist, execute the command in place, so that pid is the watchdog's own.
   */
  static final String LAUNCH_SCRIPT =
      "if command -v nice >/dev/null 2>&1; then set -- nice -n 19 \"$@\"; fi;"
          + " if command -v setsid >/dev/null 2>&1; then set -- setsid \"$@\"; fi;"
          + " \"$@\" </dev/null >/dev/null 2>&1 & echo $!";

  private Watchdog() {}

  public static void main(String[] args) {
    long jvmPid = Long.parseLong(args[0]);
    long jvmStart = Long.parseLong(args[1]);
    Path dir = Path.of(args[2]);
    while (OrphanGuard.isAlive(jvmPid, jvmStart)
        && Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
      LockSupport.parkNanos(POLL_NANOS);
    }
    if (Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
      OrphanGuard.sweep(dir);
    }
  }

  /** Starts the watchdog of this JVM, detached (not a descendant of this JVM); returns its pid. */
  static Optional<Long> launch(long jvmPid, long jvmStart, Path dir) {
    Optional<Path> sh = SearchPath.findRemembered("sh", System.getenv("PATH"));
    if (sh.isEmpty()) {
      return Optional.empty();
    }
    String java =
        ProcessHandle.current()
            .info()
            .command()
            .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    List<String> command =
        new ArrayList<>(List.of(sh.get().toString(), "-c", LAUNCH_SCRIPT, "ovrseer-watchdog"));
    command.addAll(
        List.of(
            java,
            "-Xmx16m",
            "-Xss256k",
            "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1",
            "-cp",
            ownClassPath(),
            Watchdog.class.getName(),
            Long.toString(jvmPid),
            Long.toString(jvmStart),
            dir.toString()));
    try {
      Process shell =
          new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
      shell.getOutputStream().close();
      String pid;
      try (InputStream out = shell.getInputStream()) {
        pid = new String(out.readAllBytes(), StandardCharsets.US_ASCII).trim();
      }
      shell.waitFor();
      return Optional.of(Long.parseLong(pid));
    } catch (IOException | NumberFormatException e) {
      System.err.println("ovrseer: could not start the orphan watchdog: " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return Optional.empty();
  }

  private static String ownClassPath() {
    try {
      return Path.of(Watchdog.class.getProtectionDomain().getCodeSource().getLocation().toURI())
          .toString();
    } catch (URISyntaxException | RuntimeException e) {
      return System.getProperty("java.class.path");
    }
  }
}
