package io.ovrseer.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Makes sure no process Ovrseer started outlives the JVM that started it, even when that JVM is
 * killed with SIGKILL and runs no shutdown hook.
 *
 * <p>Every spawned process is recorded as a file {@code proc-<pid>} (holding its start time) in a
 * directory per JVM, {@code <java.io.tmpdir>/ovrseer-<user>/registry/<jvm pid>-<jvm start>} (start
 * times in clock ticks since boot, from {@code /proc/<pid>/stat}). A {@link Watchdog} process,
 * started once per JVM in its own session (so it is not a descendant of the JVM and survives its
 * death), polls the JVM every 100 ms; once the JVM is gone it terminates every recorded process
 * tree and removes the directory. And the first Ovrseer process spawned in any later JVM sweeps the
 * directories of dead JVMs, in case their watchdog was killed too.
 *
 * <p>A recorded pid is only signalled if a process with that pid and the same start time is alive,
 * or, when it is gone, its process group and session members (Linux does not reuse a pid while it
 * names a live group or session).
 */
public final class OrphanGuard {
  /**
   * Root of the registry, one per user ({@code <java.io.tmpdir>/ovrseer-<user>/registry}): a user
   * can neither write another's records nor signal another's processes.
   */
  public static final Path REGISTRY =
      Path.of(
          System.getProperty("java.io.tmpdir"),
          "ovrseer-" + System.getProperty("user.name", "user").replaceAll("[^A-Za-z0-9._-]", "_"),
          "registry");

  private static final String PROCESS_PREFIX = "proc-";
  private static final String WATCHDOG_FILE = "watchdog.pid";
  private static final Duration SWEEP_GRACE = Duration.ofMillis(1000);

  private static volatile OrphanGuard instance;

  private final Path jvmDirectory;
  private final boolean enabled;

  private OrphanGuard(Path jvmDirectory, boolean enabled) {
    this.jvmDirectory = jvmDirectory;
    this.enabled = enabled;
  }

  /** The guard of this JVM, started on first use. */
  public static OrphanGuard get() {
    OrphanGuard guard = instance;
    if (guard == null) {
      synchronized (OrphanGuard.class) {
        guard = instance;
        if (guard == null) {
          guard = start();
          instance = guard;
        }
      }
    }
    return guard;
  }

  private static OrphanGuard start() {
    if (Boolean.getBoolean("ovrseer.watchdog.disabled") || !Files.isDirectory(Path.of("/proc"))) {
      return new OrphanGuard(null, false);
    }
    ProcessHandle self = ProcessHandle.current();
    Path dir = directoryOf(self.pid());
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      System.err.println("ovrseer: orphan guard disabled, cannot create " + dir + ": " + e);
      return new OrphanGuard(null, false);
    }
    SharedExecutors.blocking().execute(OrphanGuard::sweepDeadJvms);
    Watchdog.launch(self.pid(), startOf(self.pid()), dir);
    return new OrphanGuard(dir, true);
  }

  /** The directory this JVM's processes are recorded in (empty if the guard is disabled). */
  public Optional<Path> directory() {
    return Optional.ofNullable(jvmDirectory);
  }

  /** Records a spawned process (a session leader started by Ovrseer). */
  public void register(long pid) {
    if (!enabled) {
      return;
    }
    long start = startOf(pid);
    try {
      Files.writeString(jvmDirectory.resolve(PROCESS_PREFIX + pid), Long.toString(start));
    } catch (IOException e) {
      // Not fatal for the process, but the user must know the safety net has a hole.
      System.err.println("ovrseer: could not record process " + pid + " for orphan cleanup: " + e);
    }
  }

  /** Forgets a process whose tree is known to be gone. */
  public void unregister(long pid) {
    if (!enabled) {
      return;
    }
    try {
      Files.deleteIfExists(jvmDirectory.resolve(PROCESS_PREFIX + pid));
    } catch (IOException e) {
      System.err.println("ovrseer: could not forget process " + pid + ": " + e);
    }
  }

  /** Pids recorded for this JVM. */
  public List<Long> registered() {
    return enabled ? recorded(jvmDirectory).stream().map(r -> r.pid).toList() : List.of();
  }

  /** Sweeps the registry directories of JVMs that are no longer alive. */
  public static void sweepDeadJvms() {
    if (!Files.isDirectory(REGISTRY)) {
      return;
    }
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(REGISTRY)) {
      for (Path dir : dirs) {
        String[] parts = dir.getFileName().toString().split("-");
        if (parts.length != 2 || !Files.isDirectory(dir)) {
          continue;
        }
        try {
          long pid = Long.parseLong(parts[0]);
          long start = Long.parseLong(parts[1]);
          if (!isAlive(pid, start)) {
            sweep(dir);
          }
        } catch (NumberFormatException notOurs) {
          // Some other file in the registry: leave it.
        }
      }
    } catch (IOException e) {
      System.err.println("ovrseer: could not sweep " + REGISTRY + ": " + e);
    }
  }

  /** Terminates every process recorded in {@code dir} and removes it. */
  static void sweep(Path dir) {
    for (Recorded record : recorded(dir)) {
      Optional<ProcessHandle> handle = ProcessHandle.of(record.pid);
      boolean sameProcess = handle.isPresent() && startOf(record.pid) == record.start;
      boolean gone = handle.isEmpty() || ProcessTree.isDead(record.pid);
      if (sameProcess || gone) {
        ProcessTree.terminate(record.pid, true, SWEEP_GRACE);
      }
    }
    deleteTree(dir);
  }

  private record Recorded(long pid, long start) {}

  private static List<Recorded> recorded(Path dir) {
    List<Recorded> found = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, PROCESS_PREFIX + "*")) {
      for (Path file : files) {
        try {
          long pid =
              Long.parseLong(file.getFileName().toString().substring(PROCESS_PREFIX.length()));
          long start = Long.parseLong(Files.readString(file, StandardCharsets.UTF_8).trim());
          found.add(new Recorded(pid, start));
        } catch (IOException | NumberFormatException unreadable) {
          // Half-written record of a JVM that died while writing it: nothing to act on.
        }
      }
    } catch (IOException e) {
      // Directory removed meanwhile.
    }
    return found;
  }

  /** Writes the watchdog's pid next to the records. */
  static void recordWatchdog(Path dir, long pid) {
    try {
      Files.writeString(dir.resolve(WATCHDOG_FILE), Long.toString(pid));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The watchdog pid recorded in a JVM directory, if it started. */
  public static Optional<Long> watchdogPid(Path dir) {
    try {
      return Optional.of(Long.parseLong(Files.readString(dir.resolve(WATCHDOG_FILE)).trim()));
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  static boolean isAlive(long pid, long start) {
    return !ProcessTree.isDead(pid) && startOf(pid) == start;
  }

  /** The start time of {@code pid} in clock ticks since boot, or -1 if it is gone. */
  static long startOf(long pid) {
    return ProcessTable.startTicks(pid).orElse(-1);
  }

  /** The registry directory of the JVM {@code jvmPid} (which must be alive). */
  public static Path directoryOf(long jvmPid) {
    return REGISTRY.resolve(jvmPid + "-" + startOf(jvmPid));
  }

  private static void deleteTree(Path dir) {
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
      for (Path file : files) {
        Files.deleteIfExists(file);
      }
      Files.deleteIfExists(dir);
    } catch (IOException e) {
      // Another sweeper got there first.
    }
  }
}
