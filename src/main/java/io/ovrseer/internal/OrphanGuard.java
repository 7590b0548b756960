package io.ovrseer.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Makes sure no process Ovrseer started outlives the JVM that started it, even when that JVM is
 * killed with SIGKILL and runs no shutdown hook.
 *
 * <p>Every spawned process is recorded as a line {@code +<pid> <start>} appended to the journal
 * {@code processes} in a directory per JVM, {@code <java.io.tmpdir>/ovrseer-<user>/registry/<jvm
 * pid>-<jvm start>} (start times in clock ticks since boot, from {@code /proc/<pid>/stat}), and
 * forgotten with a line {@code -<pid>} once its tree is gone (written with the next record, or
 * within {@link #FORGET_WITHIN}: not on the stop's path). Appending to a file kept open costs one
 * write; creating a file per process cost about a tenth of a millisecond per spawn here. A {@link
 * Watchdog} process, started once per JVM in its own session (so it is not a descendant of the JVM
 * and survives its death), polls the JVM every 100 ms; once the JVM is gone it terminates every
 * recorded process tree and removes the directory. And the first Ovrseer process spawned in any
 * later JVM sweeps the directories of dead JVMs, in case their watchdog was killed too.
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

  private static final String JOURNAL = "processes";
  private static final long COMPACT_ABOVE_BYTES = 1024 * 1024;
  private static final String WATCHDOG_FILE = "watchdog.pid";
  private static final Duration SWEEP_GRACE = Duration.ofMillis(1000);

  /**
   * How long the record that a process was forgotten may wait to be written. Forgetting happens on
   * a stop's path, once per phase; a stale record costs nothing but a look (a recorded process is
   * only signalled if it is still the same one), so the write is left to the next record or to the
   * timer.
   */
  static final Duration FORGET_WITHIN = Duration.ofMillis(100);

  private static volatile OrphanGuard instance;

  private final Path jvmDirectory;
  private final boolean enabled;
  private FileChannel journal;
  private long journalBytes;
  // Records of forgotten processes not written yet: the next record carries them, or the timer
  // writes them FORGET_WITHIN after the first (guarded by this).
  private final StringBuilder unwrittenRemovals = new StringBuilder();
  private boolean removalsScheduled;

  private OrphanGuard(Path jvmDirectory, FileChannel journal, long journalBytes) {
    this.jvmDirectory = jvmDirectory;
    this.enabled = journal != null;
    this.journal = journal;
    this.journalBytes = journalBytes;
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
      return new OrphanGuard(null, null, 0);
    }
    ProcessHandle self = ProcessHandle.current();
    Path dir = directoryOf(self.pid());
    FileChannel journal;
    long journalBytes;
    try {
      Files.createDirectories(dir);
      journal =
          FileChannel.open(
              dir.resolve(JOURNAL),
              StandardOpenOption.CREATE,
              StandardOpenOption.WRITE,
              StandardOpenOption.APPEND);
      journalBytes = journal.size();
    } catch (IOException e) {
      System.err.println("ovrseer: orphan guard disabled, cannot create " + dir + ": " + e);
      return new OrphanGuard(null, null, 0);
    }
    SharedExecutors.blocking().execute(OrphanGuard::sweepDeadJvms);
    Watchdog.launch(self.pid(), startOf(self.pid()), dir);
    return new OrphanGuard(dir, journal, journalBytes);
  }

  /** The directory this JVM's processes are recorded in (empty if the guard is disabled). */
  public Optional<Path> directory() {
    return Optional.ofNullable(jvmDirectory);
  }

  /** Records a spawned process (a session leader started by Ovrseer). */
  public void register(long pid) {
    if (enabled) {
      append(
          "+" + pid + " " + startOf(pid) + "\n",
          () -> "record process " + pid + " for orphan cleanup");
    }
  }

  /** Forgets a process whose tree is known to be gone. */
  public void unregister(long pid) {
    unregister(List.of(pid));
  }

  /**
   * Forgets several processes whose trees are known to be gone. Written with the next record, or
   * within {@link #FORGET_WITHIN}.
   */
  public void unregister(java.util.Collection<Long> pids) {
    if (enabled && !pids.isEmpty()) {
      synchronized (this) {
        pids.forEach(pid -> unwrittenRemovals.append('-').append(pid).append('\n'));
        if (!removalsScheduled) {
          removalsScheduled = true;
          SharedExecutors.timer()
              .schedule(this::writeRemovals, FORGET_WITHIN.toNanos(), TimeUnit.NANOSECONDS);
        }
      }
    }
  }

  private synchronized void writeRemovals() {
    removalsScheduled = false;
    if (unwrittenRemovals.length() > 0) {
      append("", () -> "forget processes");
    }
  }

  /**
   * Appends the unwritten removals and {@code line}; {@code what} names the record in the message
   * if that fails.
   */
  private synchronized void append(String line, java.util.function.Supplier<String> what) {
    String records = line;
    if (unwrittenRemovals.length() > 0) {
      records = unwrittenRemovals.append(line).toString();
      unwrittenRemovals.setLength(0);
    }
    try {
      journalBytes += journal.write(ByteBuffer.wrap(records.getBytes(StandardCharsets.US_ASCII)));
      if (journalBytes > COMPACT_ABOVE_BYTES) {
        compact();
      }
    } catch (IOException e) {
      // Not fatal for the process, but the user must know the safety net has a hole.
      System.err.println("ovrseer: could not " + what.get() + ": " + e);
    }
  }

  /**
   * Rewrites the journal with only the processes still recorded, so that a JVM spawning for days
   * keeps it small. The new file replaces the old one in one rename: a watchdog reading it sees one
   * or the other.
   */
  private void compact() throws IOException {
    Path file = jvmDirectory.resolve(JOURNAL);
    Path next = jvmDirectory.resolve(JOURNAL + ".next");
    StringBuilder live = new StringBuilder();
    recorded(jvmDirectory)
        .forEach(r -> live.append('+').append(r.pid).append(' ').append(r.start).append('\n'));
    Files.writeString(next, live, StandardCharsets.US_ASCII);
    journalBytes = live.length();
    Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    journal.close();
    journal = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
  }

  /** Pids recorded for this JVM (removals not written yet are written first). */
  public List<Long> registered() {
    if (!enabled) {
      return List.of();
    }
    writeRemovals();
    return recorded(jvmDirectory).stream().map(r -> r.pid).toList();
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

  /** The processes the journal in {@code dir} still holds: recorded and not forgotten since. */
  private static List<Recorded> recorded(Path dir) {
    Map<Long, Long> live = new LinkedHashMap<>();
    List<String> lines;
    try {
      lines = Files.readAllLines(dir.resolve(JOURNAL), StandardCharsets.US_ASCII);
    } catch (IOException e) {
      return List.of(); // no journal yet, or the directory was removed meanwhile
    }
    for (String line : lines) {
      try {
        if (line.startsWith("+")) {
          String[] fields = line.substring(1).split(" ");
          live.put(Long.parseLong(fields[0]), Long.parseLong(fields[1]));
        } else if (line.startsWith("-")) {
          live.remove(Long.parseLong(line.substring(1)));
        }
      } catch (NumberFormatException | ArrayIndexOutOfBoundsException halfWritten) {
        // The last line of a JVM killed while writing it: nothing to act on.
      }
    }
    List<Recorded> found = new ArrayList<>();
    live.forEach((pid, start) -> found.add(new Recorded(pid, start)));
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
