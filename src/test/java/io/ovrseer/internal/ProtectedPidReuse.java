package io.ovrseer.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * A fixture for {@code BackendTest}, meant to run as root inside a PID namespace of its own: a
 * protected process (as the orphan watchdog is) dies, and a later process of ours is given its pid
 * (the namespace's next pid is set through {@code ns_last_pid}). Prints whether stopping the later
 * process's tree succeeded ({@code stopped}) or was given up on ({@code given up}).
 */
public final class ProtectedPidReuse {
  private static final Path LAST_PID = Path.of("/proc/sys/kernel/ns_last_pid");

  private ProtectedPidReuse() {}

  public static void main(String[] args) throws Exception {
    Process protectedOne = new ProcessBuilder("sleep", "600").start();
    long pid = protectedOne.pid();
    ProcessTree.protect(protectedOne.toHandle());
    protectedOne.destroyForcibly();
    protectedOne.waitFor();

    Process later = null;
    // Other tasks (this JVM's threads) may take the pid first: try again until ours gets it.
    for (int attempt = 0; attempt < 50 && later == null; attempt++) {
      Files.writeString(LAST_PID, Long.toString(pid - 1));
      Process started = new ProcessBuilder("sleep", "601").start();
      if (started.pid() == pid) {
        later = started;
      } else {
        started.destroyForcibly();
        started.waitFor();
      }
    }
    if (later == null) {
      System.out.println("pid " + pid + " not given again");
      return;
    }
    try {
      boolean gone =
          ProcessTree.terminate(
                  Map.of(ProcessTree.Root.of(later, false, null), Duration.ofMillis(200)))
              .isEmpty();
      System.out.println(gone ? "stopped" : "given up");
    } finally {
      later.destroyForcibly();
    }
  }
}
