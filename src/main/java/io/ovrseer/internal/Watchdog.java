package io.ovrseer.internal;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * The per-JVM watchdog process of {@link OrphanGuard}: {@code Watchdog <jvm pid> <jvm start millis>
 * <registry dir>}. Polls every 100 ms whether the JVM is alive; once it is gone, terminates every
 * process recorded in the directory (SIGTERM, SIGKILL after one second) and exits. Runs in a small
 * JVM of its own, in its own session, so that nothing that kills the test JVM or its terminal's
 * process group kills it too.
 */
public final class Watchdog {
  private static final long POLL_NANOS = 100_000_000L;

  /**
   * Runs its arguments as the watchdog: in the background, so that the shell exits at once and the
   * watchdog is re-parented to init, in a session of its own (setsid, when present: out of our
   * session), and at the lowest priority: a JVM booting costs about 0.1 s of CPU, which on a
   * machine with few cores slowed the first test class by about 40 ms. Its new session gets a
   * scheduling group of its own where the kernel has autogroups, and nice only ranks within a
   * group, so that group's nice value is raised too; only in the new session: without setsid the
   * group would be ours, and the user's whole session's.
   */
  static final String LAUNCH_SCRIPT =
      "lowest='if command -v nice >/dev/null 2>&1; then exec nice -n 19 \"$@\"; fi;"
          + " exec \"$@\"';"
          + " if command -v setsid >/dev/null 2>&1; then"
          + " setsid sh -c \"if [ -w /proc/self/autogroup ]; then"
          + " echo 19 > /proc/self/autogroup; fi; $lowest\" sh \"$@\""
          + " </dev/null >/dev/null 2>&1 &"
          + " else sh -c \"$lowest\" sh \"$@\" </dev/null >/dev/null 2>&1 & fi";

  private Watchdog() {}

  public static void main(String[] args) {
    long jvmPid = Long.parseLong(args[0]);
    long jvmStart = Long.parseLong(args[1]);
    Path dir = Path.of(args[2]);
    OrphanGuard.recordWatchdog(dir, ProcessHandle.current().pid());
    while (OrphanGuard.isAlive(jvmPid, jvmStart) && Files.isDirectory(dir)) {
      LockSupport.parkNanos(POLL_NANOS);
    }
    if (Files.isDirectory(dir)) {
      OrphanGuard.sweep(dir);
    }
  }

  /** Starts the watchdog of this JVM, detached (not a descendant of this JVM). */
  static void launch(long jvmPid, long jvmStart, Path dir) {
    String java =
        ProcessHandle.current()
            .info()
            .command()
            .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    List<String> command =
        List.of(
            "sh",
            "-c",
            LAUNCH_SCRIPT,
            "ovrseer-watchdog",
            java,
            "-Xmx16m",
            "-Xss256k",
            "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1",
            "-Xshare:auto",
            "-cp",
            ownClassPath(),
            Watchdog.class.getName(),
            Long.toString(jvmPid),
            Long.toString(jvmStart),
            dir.toString());
    try {
      Process shell = new ProcessBuilder(command).redirectErrorStream(true).start();
      shell.getOutputStream().close();
      shell.waitFor();
    } catch (IOException e) {
      System.err.println("ovrseer: could not start the orphan watchdog: " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
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
