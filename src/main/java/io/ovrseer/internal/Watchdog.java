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
 * The per-JVM watchdog of {@link OrphanGuard}. While the JVM lives, the watchdog is a shell that
 * checks once a second with {@code kill -0} whether the JVM's pid is still there and the registry
 * directory still exists; it holds no JVM of its own, so it costs the tests neither a JVM boot nor
 * its memory. Once the pid is gone, the shell executes {@code Watchdog <jvm pid> <jvm start millis>
 * <registry dir>} in place (same pid): a small JVM that confirms the JVM is gone (its {@code
 * alive.lock} is free, see {@link OrphanGuard#jvmAlive(Path, long, long)}; while not, it polls
 * every 100 ms), {@linkplain OrphanGuard#sweep sweeps} the directory (every recorded tree and every
 * process carrying a mark recorded without a pid: SIGTERM, SIGKILL after one second; then the
 * directory is removed) and exits. When the directory is gone first (the JVM removed it at an
 * orderly exit with nothing left to guard), it just exits. Runs detached from the JVM, at the
 * lowest priority where {@code nice} exists, and in its own session where {@code setsid} exists, so
 * that nothing that kills the test JVM or its terminal's process group kills it too. Not started on
 * Windows, nor where there is no {@code sh}.
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

  /**
   * {@code sh -c WAIT_SCRIPT ovrseer-watchdog <jvm pid> <registry dir> <command...>}: waits while
   * the pid is alive and the directory exists, then executes the command in place if the directory
   * is still there. A pid reused by another process, or a dead JVM that its parent has not reaped
   * yet, only delays the command; the command itself checks the start time.
   */
  static final String WAIT_SCRIPT =
      "jvm=$1; dir=$2; shift 2;"
          + " while kill -0 \"$jvm\" 2>/dev/null && [ -d \"$dir\" ]; do sleep 1; done;"
          + " if [ -d \"$dir\" ]; then exec \"$@\"; fi";

  private Watchdog() {}

  public static void main(String[] args) {
    long jvmPid = Long.parseLong(args[0]);
    long jvmStart = Long.parseLong(args[1]);
    Path dir = Path.of(args[2]);
    while (OrphanGuard.jvmAlive(dir, jvmPid, jvmStart)
        && Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
      LockSupport.parkNanos(POLL_NANOS);
    }
    if (Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
      OrphanGuard.sweep(dir);
    }
  }

  /**
   * Starts the launcher of this JVM's watchdog, which starts the watchdog detached (not a
   * descendant of this JVM) and prints its pid ({@link #pidOf}). Once it is started, the watchdog
   * comes up even if this JVM is killed the next instant; empty where there is no watchdog.
   */
  static Optional<Process> launch(long jvmPid, long jvmStart, Path dir) {
    // Not on Windows, even where a sh is on PATH (Git's): its kill -0 and & are not Windows's.
    Optional<Path> sh =
        OsName.isWindows()
            ? Optional.empty()
            : SearchPath.findRemembered("sh", System.getenv("PATH"));
    if (sh.isEmpty()) {
      return Optional.empty();
    }
    String java =
        ProcessHandle.current()
            .info()
            .command()
            .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    String shell = sh.get().toString();
    List<String> command = new ArrayList<>(List.of(shell, "-c", LAUNCH_SCRIPT, "ovrseer-watchdog"));
    command.addAll(
        List.of(
            shell,
            "-c",
            WAIT_SCRIPT,
            "ovrseer-watchdog",
            Long.toString(jvmPid),
            dir.toString(),
            java,
            "-Xmx16m",
            "-Xss256k",
            "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1"));
    // The backend this JVM was told to use: the sweep then looks for and kills the trees as this
    // JVM's stops do (no search of /proc where portable was chosen). Unset, both choose alike.
    String backend = System.getProperty(ProcessBackend.PROPERTY, "");
    if (!backend.isEmpty()) {
      command.add("-D" + ProcessBackend.PROPERTY + "=" + backend);
    }
    command.addAll(
        List.of(
            "-cp",
            ownClassPath(),
            Watchdog.class.getName(),
            Long.toString(jvmPid),
            Long.toString(jvmStart),
            dir.toString()));
    try {
      Process launcher =
          new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
      launcher.getOutputStream().close();
      return Optional.of(launcher);
    } catch (IOException | RuntimeException e) {
      System.err.println("ovrseer: could not start the orphan watchdog: " + e);
      return Optional.empty();
    }
  }

  /** The pid of the watchdog that {@code launcher} started, once it printed it. */
  static Optional<Long> pidOf(Process launcher) {
    try (InputStream out = launcher.getInputStream()) {
      String pid = new String(out.readAllBytes(), StandardCharsets.US_ASCII).trim();
      launcher.waitFor();
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
