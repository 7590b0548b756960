package io.ovrseer.internal;

import static java.nio.file.StandardOpenOption.APPEND;
import static java.nio.file.StandardOpenOption.CREATE;
import static java.nio.file.StandardOpenOption.CREATE_NEW;
import static java.nio.file.StandardOpenOption.TRUNCATE_EXISTING;
import static java.nio.file.StandardOpenOption.WRITE;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Makes sure no process Ovrseer started outlives the JVM that started it, even when that JVM is
 * killed with SIGKILL and runs no shutdown hook.
 *
 * <p>Every spawned process is recorded as a line {@code +<pid> <start> <mark>} appended to the
 * journal {@code processes} in a directory per JVM, {@code <runtime directory>/orphan-registry/<jvm
 * pid>-<jvm start>} (start times in milliseconds since the epoch, as {@link
 * ProcessHandle.Info#startInstant()} gives them; the mark is the one in the process's environment,
 * see {@link ProcessBackend#MARK_VARIABLE}), and forgotten with a line {@code -<pid>} once its tree
 * is gone. Before each spawn a line {@code ?<mark>} is written: a JVM killed between the spawn and
 * its record leaves a mark without a pid, and the sweep then looks for the processes that carry it
 * (Linux, in {@code /proc/<pid>/environ}). A {@link Watchdog} process, started once per JVM in its
 * own session where {@code setsid} exists (so that it survives the JVM), checks the JVM once a
 * second; once the JVM is gone it terminates every recorded tree and removes the directory. An
 * orderly exit with nothing recorded (once Ovrseer's shutdown hook ended, see {@link
 * #releaseAfter}) removes the directory itself, and the watchdog then just exits. The first Ovrseer
 * process spawned in any later JVM also sweeps the directories of dead JVMs, in case their watchdog
 * was killed too.
 *
 * <p>What is read back is checked, as if a stranger had written it: a directory or file that is a
 * symbolic link is neither read nor deleted through; a record is only acted on if its pid may be
 * signalled at all ({@link ProcessTree#maySignal}: never pid 0 or 1, the sweeping JVM, its
 * ancestors or a watchdog) and the process with that pid has the recorded start time. When the
 * recorded process is gone, the members of its session and process group are only signalled if
 * their environment carries the recorded mark (Linux; elsewhere they are left alone).
 */
public final class OrphanGuard {
  private static final String JOURNAL = "processes";
  private static final long COMPACT_ABOVE_BYTES = 1024 * 1024;
  private static final String WATCHDOG_FILE = "watchdog.pid";
  private static final String STAGING_SUFFIX = ".new";

  /**
   * A file each JVM holds an exclusive lock on while it lives (the operating system releases it
   * when the process ends, however it ends): how other JVMs tell it is alive. Not by its pid and
   * start time alone: on Linux the JDK derives start times from the boot time in {@code
   * /proc/stat}, which each JVM reads once and which moves with the wall clock (NTP, a stepped
   * clock, a time namespace), so two JVMs can see one process start at times a second or more
   * apart, and a live JVM would be taken for a dead one and swept.
   */
  private static final String LOCK_FILE = "alive.lock";

  private static final Duration SWEEP_GRACE = Duration.ofMillis(1000);
  private static final Pattern MARK = Pattern.compile("[0-9]+-[0-9a-f]+");

  /** {@code <jvm pid>-<jvm start>}; at most 18 digits each, so that each is a {@code long}. */
  private static final Pattern JVM_DIRECTORY = Pattern.compile("([0-9]{1,18})-([0-9]{1,18})");

  /** A JVM directory being made: see {@link #stage}. */
  private static final Pattern STAGING = Pattern.compile("([0-9]{1,18})-[0-9]{1,18}\\.new");

  private static volatile OrphanGuard instance;

  /** Completes once the shutdown hook that stops what Ovrseer runs ended: see releaseAfter. */
  private static volatile CompletableFuture<?> stopHookEnded =
      CompletableFuture.completedFuture(null);

  private final Path jvmDirectory;

  /**
   * Held for the JVM's life (a channel no longer referenced could be closed, and its lock gone).
   */
  private final FileLock alive;

  private FileChannel journal;
  private long journalBytes;

  /** The journal size past which it is compacted; later after a compaction that failed. */
  private long compactAbove = COMPACT_ABOVE_BYTES;

  /** Completes once the watchdog was launched (or could not be) and dead JVMs were swept. */
  private final CompletableFuture<Void> launched;

  private OrphanGuard(
      Path jvmDirectory,
      FileLock alive,
      FileChannel journal,
      long journalBytes,
      CompletableFuture<Void> launched) {
    this.jvmDirectory = jvmDirectory;
    this.alive = alive;
    this.journal = journal;
    this.journalBytes = journalBytes;
    this.launched = launched;
  }

  /**
   * The guard of this JVM, started on first use (which launches the watchdog): called before a
   * process is spawned, so that the guard is in place before the process exists.
   */
  public static OrphanGuard get() {
    OrphanGuard guard = instance;
    return guard != null ? guard : startOnce();
  }

  /**
   * Starts the guard on a thread of its own unless it is started already, and returns at once: for
   * a caller with other work to do before its first spawn (the JUnit extension reads a declaration
   * and builds an orchestrator meanwhile). Nothing is spawned any earlier for it: {@link #get},
   * which every spawn calls first, still waits until the guard is in place. A start that fails here
   * disables the guard as one in {@code get} would, saying so on standard error.
   */
  public static void startSoon() {
    if (instance == null) {
      try {
        CompletableFuture.runAsync(OrphanGuard::get, SharedExecutors.blocking());
      } catch (RejectedExecutionException e) {
        // No thread for it now: the first spawn starts it, as without this call.
      }
    }
  }

  private static synchronized OrphanGuard startOnce() {
    if (instance == null) {
      // Its journal is a FileChannel, which an interrupted thread's write closes for good; the
      // interrupt of the thread that happens to spawn first must not disable the guard.
      instance = Uninterruptible.call(OrphanGuard::start);
    }
    return instance;
  }

  /**
   * The registry of this user: {@code orphan-registry} in its {@linkplain
   * PrivateDirectories#runtime() private runtime directory}.
   */
  public static Path registry() {
    // Not "registry": that held records of another format (start times in clock ticks).
    return PrivateDirectories.subdirectory(PrivateDirectories.runtime(), "orphan-registry");
  }

  private static OrphanGuard start() {
    OrphanGuard disabled =
        new OrphanGuard(null, null, null, 0, CompletableFuture.completedFuture(null));
    if (Boolean.getBoolean("ovrseer.watchdog.disabled")) {
      return disabled;
    }
    ProcessHandle self = ProcessHandle.current();
    long selfStart = startOf(self);
    Path dir = null;
    try {
      Path registry = registry();
      String name = self.pid() + "-" + selfStart;
      dir = registry.resolve(name);
      Path staging = stage(registry, name);
      FileLock alive = lockIn(staging);
      publish(staging, dir);
      FileChannel journal = openJournal(dir);
      Path jvmDirectory = dir;
      // Started before the first spawn: the watchdog must be on its way before there is a process
      // to guard, and comes up even if this JVM is killed the instant after that spawn (it reads
      // the journal once the JVM is gone). Its pid, and the sweep, are left to the background.
      Optional<Process> launcher = Watchdog.launch(self.pid(), selfStart, dir);
      CompletableFuture<Void> launched =
          CompletableFuture.runAsync(
                  () -> {
                    launcher.ifPresent(l -> recordWatchdog(l, jvmDirectory));
                    sweepDeadJvms();
                  },
                  SharedExecutors.blocking())
              .exceptionally(
                  e -> {
                    System.err.println("ovrseer: could not start the orphan watchdog: " + e);
                    return null;
                  });
      OrphanGuard guard = new OrphanGuard(dir, alive, journal, journal.size(), launched);
      Runtime.getRuntime()
          .addShutdownHook(new Thread(guard::releaseAtExit, "ovrseer-orphan-guard"));
      return guard;
    } catch (IOException | RuntimeException e) {
      System.err.println(
          "ovrseer: orphan guard disabled, cannot use "
              + (dir == null ? "the registry" : dir)
              + ": "
              + e);
      return disabled;
    }
  }

  /**
   * The first step of making this JVM's directory {@code name} in {@code registry}: a new private
   * directory {@code <name>.new}, which no sweep takes for a JVM's. The directory appears under its
   * own name only once its lock is held ({@link #lockIn}, {@link #publish}): a sweep that found it
   * there without the lock would judge the JVM by its start time, which another JVM may read a
   * second or more apart, take it for dead and remove the directory, disabling its guard.
   */
  static Path stage(Path registry, String name) throws IOException {
    Path staging = PrivateDirectories.createNew(registry.resolve(name + STAGING_SUFFIX));
    Optional<String> problem = PrivateDirectories.problemWith(staging);
    if (problem.isPresent()) {
      throw new IOException(staging + " is not private: " + problem.get());
    }
    return staging;
  }

  /** Locks the {@code alive.lock} of {@code dir} for this JVM's life. */
  static FileLock lockIn(Path dir) throws IOException {
    FileLock lock = PrivateFiles.open(dir.resolve(LOCK_FILE), CREATE, WRITE).tryLock();
    if (lock == null) {
      throw new IOException(dir.resolve(LOCK_FILE) + " is locked by another process");
    }
    return lock;
  }

  /** Renames the locked {@code staging} directory to {@code dir}, in one step. */
  static void publish(Path staging, Path dir) throws IOException {
    Files.move(staging, dir, StandardCopyOption.ATOMIC_MOVE);
  }

  /** The directory this JVM's processes are recorded in (empty if the guard is disabled). */
  public Optional<Path> directory() {
    return Optional.ofNullable(jvmDirectory);
  }

  /**
   * Records, before a spawn, the mark its process will carry ({@code ?<mark>}): should this JVM die
   * before the process is {@linkplain #register registered}, the sweep finds it by that mark.
   */
  public void expect(String mark) {
    append("?" + mark + "\n", "record a spawn for orphan cleanup");
  }

  /** Records the root of a tree that was just spawned. */
  public void register(ProcessTree.Root root) {
    if (jvmDirectory != null && root.handle() != null) {
      Recorded record = new Recorded(root.pid(), startOf(root.handle()), root.mark());
      append(record.line(), "record process " + root.pid() + " for orphan cleanup");
    }
  }

  /**
   * Forgets the {@linkplain #register registered} {@code root} once its tree is known to be gone:
   * by its mark, which no other spawn carries, not by its pid, which the system may have given to a
   * later process of this JVM's since (its record must stay).
   */
  public void unregister(ProcessTree.Root root) {
    append("-" + root.mark() + "\n", "forget process " + root.pid());
  }

  /**
   * Makes this JVM's guard, at an orderly exit, wait until {@code hookEnded} completes before it
   * looks whether anything is still recorded: the end of the one shutdown hook that stops what
   * Ovrseer runs, and still spawns then (cleanup processes). It must complete, also if that hook
   * could not be added. Shutdown hooks run concurrently, in no order; without this the guard could
   * remove the directory while that hook had yet to spawn, and a JVM killed next (a CI runner's
   * SIGTERM, then SIGKILL) left the cleanup processes running, unrecorded.
   */
  public static void releaseAfter(CompletableFuture<?> hookEnded) {
    stopHookEnded = hookEnded;
  }

  /** The guard's shutdown hook: {@link #releaseIfEmpty} once the stopping hook ended. */
  private void releaseAtExit() {
    // Not under this guard's lock: that hook records and forgets processes until it ends.
    stopHookEnded.join();
    releaseIfEmpty();
  }

  /**
   * At an orderly exit, removes this JVM's directory when nothing is recorded in it any more, so
   * that the watchdog exits without booting its JVM; a process spawned after that is not recorded.
   */
  private synchronized void releaseIfEmpty() {
    try {
      // A watchdog still being launched would record its pid in a removed directory.
      launched.get(5, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      System.err.println(
          "ovrseer: the orphan watchdog was still being launched after 5 s; "
              + jvmDirectory
              + " is kept for it");
      return;
    } catch (ExecutionException impossible) {
      // Failures are reported and turned into a normal completion above.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    if (journal != null && registered().isEmpty()) {
      try {
        journal.close();
      } catch (IOException e) {
        // Its records are all written: nothing is lost.
      }
      journal = null;
      remove(jvmDirectory);
    }
  }

  /**
   * Appends {@code records}, unless the guard is disabled or released (no journal); {@code what}
   * names them in the message if that fails.
   */
  private synchronized void append(String records, String what) {
    if (journal == null) {
      return;
    }
    // A write by an interrupted thread closes a FileChannel for good: the interrupt of a thread
    // that spawns or stops must not end the records of the whole JVM. Cleared for the write, and
    // a journal closed all the same (interrupted meanwhile) is opened again.
    Uninterruptible.call(
        () -> {
          try {
            if (!journal.isOpen()) {
              journal = openJournal(jvmDirectory);
            }
            journalBytes +=
                journal.write(ByteBuffer.wrap(records.getBytes(StandardCharsets.US_ASCII)));
          } catch (IOException e) {
            // Not fatal for the process, but the user must know the safety net has a hole.
            System.err.println("ovrseer: could not " + what + ": " + e);
            return null;
          }
          if (journalBytes > compactAbove) {
            compactOrPostpone();
          }
          return null;
        });
  }

  /**
   * {@link #compact}s the journal; when that fails (a full disk) the records are all still there,
   * so it says only that, once, and tries again after another MiB of records rather than at every
   * record.
   */
  private void compactOrPostpone() {
    try {
      compact();
      compactAbove = COMPACT_ABOVE_BYTES;
    } catch (IOException e) {
      compactAbove = journalBytes + COMPACT_ABOVE_BYTES;
      System.err.println(
          "ovrseer: could not compact the orphan journal "
              + jvmDirectory.resolve(JOURNAL)
              + " (every record is kept; tried again after another "
              + COMPACT_ABOVE_BYTES / 1024
              + " KiB of records): "
              + e);
    }
  }

  private static FileChannel openJournal(Path jvmDirectory) throws IOException {
    return PrivateFiles.open(jvmDirectory.resolve(JOURNAL), CREATE, WRITE, APPEND);
  }

  /**
   * Rewrites the journal with only the processes still recorded, so that a JVM spawning for days
   * keeps it small. The new file replaces the old one in one rename: a watchdog reading it sees one
   * or the other.
   */
  private void compact() throws IOException {
    Path file = jvmDirectory.resolve(JOURNAL);
    Path next = jvmDirectory.resolve(JOURNAL + ".next");
    String live = recorded(jvmDirectory).stream().map(Recorded::line).collect(Collectors.joining());
    try {
      writeAscii(next, live, WRITE, CREATE, TRUNCATE_EXISTING);
      Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      // A part written to a full disk would take the room the journal's own records need.
      try {
        Files.deleteIfExists(next);
      } catch (IOException notEvenThat) {
        e.addSuppressed(notEvenThat);
      }
      throw e;
    }
    journalBytes = live.length();
    journal.close();
    journal = openJournal(jvmDirectory);
  }

  /** Pids recorded for this JVM and not forgotten. */
  public List<Long> registered() {
    return jvmDirectory == null
        ? List.of()
        : Uninterruptible.call(() -> recorded(jvmDirectory)).stream()
            .map(Recorded::pid)
            .filter(pid -> pid != Recorded.EXPECTED)
            .toList();
  }

  /** Sweeps the registry directories of JVMs that are no longer alive. */
  public static void sweepDeadJvms() {
    Path registry;
    try {
      registry = registry();
    } catch (UncheckedIOException e) {
      System.err.println("ovrseer: could not sweep the registry: " + e);
      return;
    }
    sweepDeadJvms(registry);
  }

  /**
   * Sweeps the directories of dead JVMs in {@code registry}, and removes the staging directories
   * ({@link #stage}) of JVMs killed while making theirs: those hold no record, and are only removed
   * once no process has their pid (a staging directory's lock may not be held yet).
   */
  static void sweepDeadJvms(Path registry) {
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(registry)) {
      for (Path dir : dirs) {
        String file = dir.getFileName().toString();
        var name = JVM_DIRECTORY.matcher(file);
        var staging = STAGING.matcher(file);
        if (name.matches()
            && PrivateDirectories.problemWith(dir).isEmpty()
            && !jvmAlive(dir, Long.parseLong(name.group(1)), Long.parseLong(name.group(2)))) {
          sweep(dir);
        } else if (staging.matches()
            && PrivateDirectories.problemWith(dir).isEmpty()
            && ProcessHandle.of(Long.parseLong(staging.group(1))).isEmpty()) {
          remove(dir);
        }
      }
    } catch (IOException e) {
      System.err.println("ovrseer: could not sweep " + registry + ": " + e);
    }
  }

  /** Terminates every process recorded in {@code dir} that is provably ours, and removes it. */
  static void sweep(Path dir) {
    Optional<Recorded> watchdog = watchdog(dir);
    // One batch, so that one tree slow to die does not hold up the others' signals.
    Map<ProcessTree.Root, Duration> graces = new LinkedHashMap<>();
    for (Recorded record : recorded(dir)) {
      if (!MARK.matcher(record.mark).matches()) {
        continue;
      }
      if (record.pid == Recorded.EXPECTED) {
        expectedRoots(record.mark).forEach(root -> graces.put(root, SWEEP_GRACE));
      } else if (ProcessTree.maySignal(record.pid)
          && watchdog.filter(w -> w.isProbably(record)).isEmpty()) {
        // Another start time: the recorded root is gone, its pid someone else's (see Root).
        ProcessHandle handle =
            ProcessHandle.of(record.pid)
                .filter(h -> record.start > 0 && startOf(h) == record.start)
                .orElse(null);
        graces.put(new ProcessTree.Root(record.pid, handle, true, record.mark, false), SWEEP_GRACE);
      }
    }
    ProcessTree.terminate(graces);
    remove(dir);
  }

  /**
   * The processes that carry {@code mark} in their environment (Linux; elsewhere none), each as a
   * root: the JVM died while spawning the process that was to carry it, before recording its pid.
   */
  private static List<ProcessTree.Root> expectedRoots(String mark) {
    return ProcessHandle.allProcesses()
        .filter(p -> ProcessTree.maySignal(p.pid()) && LinuxBackend.carriesMark(p.pid(), mark))
        .map(p -> new ProcessTree.Root(p.pid(), p, true, mark, false))
        .toList();
  }

  /**
   * Deletes the files of the JVM directory {@code dir} that this class writes, then {@code dir}.
   */
  private static void remove(Path dir) {
    for (String file : List.of(JOURNAL, JOURNAL + ".next", WATCHDOG_FILE, LOCK_FILE)) {
      try {
        // Never follows a link: a link planted here is removed, not what it points to.
        Files.deleteIfExists(dir.resolve(file));
      } catch (IOException e) {
        System.err.println("ovrseer: could not remove " + dir.resolve(file) + ": " + e);
      }
    }
    try {
      Files.deleteIfExists(dir);
    } catch (IOException e) {
      // Another sweeper got there first, or something else is in it: left alone.
    }
  }

  /**
   * A journal record of a spawned process; of a spawn whose pid was not recorded yet, {@code pid}
   * is {@link #EXPECTED}.
   */
  private record Recorded(long pid, long start, String mark) {
    static final long EXPECTED = 0;

    String line() {
      return pid == EXPECTED ? "?" + mark + "\n" : "+" + pid + " " + start + " " + mark + "\n";
    }

    /** Whether {@code other} may be the same process: same pid, and same start where both known. */
    boolean isProbably(Recorded other) {
      return pid == other.pid && (start == other.start || start == 0 || other.start == 0);
    }
  }

  /**
   * The processes the journal in {@code dir} still holds: recorded and not forgotten since; then
   * the spawns expected and not recorded since, by their marks.
   */
  private static List<Recorded> recorded(Path dir) {
    // By mark: a pid can come back as another spawn's while the first is still recorded.
    Map<String, Recorded> live = new LinkedHashMap<>();
    Set<String> expected = new LinkedHashSet<>();
    // No journal yet, or the directory was removed meanwhile: nothing recorded.
    for (String line : readRegular(dir.resolve(JOURNAL)).orElse("").lines().toList()) {
      try {
        if (line.startsWith("+")) {
          String[] fields = line.substring(1).split(" ");
          long pid = Long.parseLong(fields[0]);
          live.put(fields[2], new Recorded(pid, Long.parseLong(fields[1]), fields[2]));
          expected.remove(fields[2]);
        } else if (line.startsWith("?")) {
          expected.add(line.substring(1));
        } else if (line.startsWith("-")) {
          live.remove(line.substring(1));
        }
      } catch (NumberFormatException | ArrayIndexOutOfBoundsException halfWritten) {
        // A line cut short (a JVM killed while writing it) or not ours: nothing to act on.
      }
    }
    List<Recorded> all = new ArrayList<>(live.values());
    expected.forEach(mark -> all.add(new Recorded(Recorded.EXPECTED, 0, mark)));
    return all;
  }

  /**
   * Records in {@code dir} the pid of the watchdog that {@code launcher} started, which is never to
   * be signalled.
   */
  private static void recordWatchdog(Process launcher, Path dir) {
    Optional<Long> watchdog = Watchdog.pidOf(launcher);
    if (watchdog.isPresent()) {
      // By pid and start time: should the watchdog die, its pid may come back as a process of ours.
      Optional<ProcessHandle> handle = ProcessHandle.of(watchdog.get());
      handle.ifPresent(ProcessTree::protect);
      try {
        writeAscii(
            dir.resolve(WATCHDOG_FILE),
            watchdog.get() + " " + handle.map(OrphanGuard::startOf).orElse(0L),
            WRITE,
            CREATE_NEW);
      } catch (IOException e) {
        System.err.println("ovrseer: could not record the watchdog's pid: " + e);
      }
    }
  }

  /**
   * Writes {@code text} to {@code file}, opened with {@code options} through {@link
   * PrivateFiles#open} (mode 0600, never through a link).
   */
  private static void writeAscii(Path file, String text, OpenOption... options) throws IOException {
    try (FileChannel out = PrivateFiles.open(file, options)) {
      out.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII)));
    }
  }

  /** The watchdog pid recorded in a JVM directory, if it started. */
  public static Optional<Long> watchdogPid(Path dir) {
    return watchdog(dir).map(Recorded::pid);
  }

  /**
   * The watchdog recorded in a JVM directory, if it started: its pid and start time (0 where that
   * could not be told, or in the file of an earlier version, which holds the pid alone).
   */
  private static Optional<Recorded> watchdog(Path dir) {
    try {
      return readRegular(dir.resolve(WATCHDOG_FILE))
          .map(text -> text.trim().split(" "))
          .map(
              fields ->
                  new Recorded(
                      Long.parseLong(fields[0]),
                      fields.length > 1 ? Long.parseLong(fields[1]) : 0,
                      ""));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** The content of {@code file}, empty if it is not a regular file (a link is not followed). */
  private static Optional<String> readRegular(Path file) {
    try {
      return Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)
          ? Optional.of(Files.readString(file, StandardCharsets.US_ASCII))
          : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /**
   * Whether the JVM {@code pid} that started at {@code start} (as its registry directory is named)
   * is alive: this JVM; else, where its directory in the {@linkplain #registry() registry} has a
   * lock file, whether some process holds its lock (the JVM did, until it ended); else, as for a
   * JVM whose guard never started, {@link #isAlive(long, long)}.
   */
  public static boolean jvmAlive(long pid, long start) {
    Path dir;
    try {
      dir = registry().resolve(pid + "-" + start);
    } catch (UncheckedIOException e) {
      return isAlive(pid, start);
    }
    return jvmAlive(dir, pid, start);
  }

  /** As {@link #jvmAlive(long, long)}, for the JVM whose registry directory is {@code dir}. */
  static boolean jvmAlive(Path dir, long pid, long start) {
    ProcessHandle self = ProcessHandle.current();
    if (pid == self.pid() && start == startOf(self)) {
      // This JVM (its own reading of its start is always the same). Never a second channel on its
      // own lock file: closing it would release the lock, which belongs to the process.
      return true;
    }
    Path lock = dir.resolve(LOCK_FILE);
    if (!Files.isRegularFile(lock, LinkOption.NOFOLLOW_LINKS)) {
      return isAlive(pid, start);
    }
    try (FileChannel channel = FileChannel.open(lock, WRITE, LinkOption.NOFOLLOW_LINKS)) {
      FileLock free = channel.tryLock();
      if (free == null) {
        return true;
      }
      free.release();
      return false;
    } catch (OverlappingFileLockException lookedAtMeanwhile) {
      // Another thread of this JVM holds it for a moment: not proof that the JVM is gone.
      return true;
    } catch (IOException e) {
      return isAlive(pid, start);
    }
  }

  /** Whether the process {@code pid} is alive and started at {@code start}. */
  public static boolean isAlive(long pid, long start) {
    return ProcessHandle.of(pid)
        .filter(handle -> !ProcessTree.isGone(handle))
        .map(handle -> start > 0 && startOf(handle) == start)
        .orElse(false);
  }

  /** When {@code process} started, in milliseconds since the epoch; 0 if that cannot be told. */
  public static long startOf(ProcessHandle process) {
    return process.info().startInstant().map(java.time.Instant::toEpochMilli).orElse(0L);
  }

  /** The registry directory of the JVM {@code jvmPid} (which must be alive). */
  public static Path directoryOf(long jvmPid) {
    return registry()
        .resolve(jvmPid + "-" + ProcessHandle.of(jvmPid).map(OrphanGuard::startOf).orElse(0L));
  }
}
