package io.ovrseer.internal;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * A fixture for {@code BackendTest}, meant to run as root inside a PID namespace of its own: a root
 * of ours exits, and a shell that is not ours is given its pid (the namespace's next pid is set
 * through {@code ns_last_pid}) and starts a child. The portable backend then terminates the gone
 * root's tree. Prints whether the shell's child was {@code spared} or {@code signalled}.
 */
public final class PortablePidReuse {
  private static final Path LAST_PID = Path.of("/proc/sys/kernel/ns_last_pid");

  private PortablePidReuse() {}

  public static void main(String[] args) throws Exception {
    Process ours = new ProcessBuilder("true").start();
    ours.waitFor();
    long pid = ours.pid();

    Process stranger = null;
    // Other tasks (this JVM's threads) may take the pid first: try again until the shell gets it.
    for (int attempt = 0; attempt < 50 && stranger == null; attempt++) {
      Files.writeString(LAST_PID, Long.toString(pid - 1));
      Process started = new ProcessBuilder("sh", "-c", "sleep 600 & echo $!; wait").start();
      if (started.pid() == pid) {
        stranger = started;
      } else {
        started.destroyForcibly();
        started.waitFor();
      }
    }
    if (stranger == null) {
      System.out.println("pid " + pid + " not given again");
      return;
    }
    long child = -1;
    try {
      child =
          Long.parseLong(
              new BufferedReader(
                      new InputStreamReader(stranger.getInputStream(), StandardCharsets.US_ASCII))
                  .readLine());
      ProcessTree.terminate(
          Map.of(ProcessTree.Root.of(ours, false, null), Duration.ofMillis(200)),
          new PortableBackend());
      System.out.println(ProcessTree.isDead(child) ? "signalled" : "spared");
    } finally {
      ProcessHandle.of(child).ifPresent(ProcessHandle::destroyForcibly);
      stranger.destroyForcibly();
    }
  }
}
