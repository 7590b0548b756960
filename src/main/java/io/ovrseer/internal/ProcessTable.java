package io.ovrseer.internal;

import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A view of {@code /proc}: for every process its parent, process group, session and state, parsed
 * from {@code /proc/<pid>/stat}.
 *
 * <p>A full pass reads every process's file, about 0.5 ms on a machine with a hundred processes;
 * stopping an environment needs several views within milliseconds (collect the trees, check that
 * nothing was forked meanwhile, then the same for the next phase), and a test suite stops one
 * environment per class. So a view is extended instead whenever that is sound: only the processes
 * created since it was taken are read, those whose pids the kernel allocated after the last pid it
 * had allocated then (read from {@code /proc/sys/kernel/ns_last_pid}, counting around the wrap at
 * {@code pid_max}). That range holds every process missing from the view as long as the allocator
 * did not go round all pids since: assumed within {@link #EXTEND_WITHIN} of the previous view, and
 * checked after that against the kernel's count of tasks ever created ({@code processes} in {@code
 * /proc/stat}, one short read), which bounds the pids allocated since. Entries of processes that
 * died since are still in an extended view: {@link #tree} re-reads its members and keeps only the
 * live ones; once such entries outnumber the live processes a full pass starts over.
 */
final class ProcessTable {
  private static final File PROC = new File("/proc");
  private static final Path LAST_PID = Path.of("/proc/sys/kernel/ns_last_pid");

  /**
   * How old the previous view may be for an extension to assume, without counting, that the pid
   * allocator did not go round all pids since.
   */
  static final Duration EXTEND_WITHIN = Duration.ofMillis(200);

  private static final Path FORK_COUNT = Path.of("/proc/stat");
  private static final byte[] FORK_COUNT_KEY =
      "\nprocesses ".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  private static final Path PID_MAX = Path.of("/proc/sys/kernel/pid_max");

  /** {@code pid_max}, read once; -1 if it cannot be read. */
  private static final long PID_MAX_VALUE = readPidMax();

  /**
   * Up to this many newly allocated pids are looked up one by one instead of listing {@code /proc}:
   * a few pids cost less than the listing. (A pid found this way may be a thread's id; its stat
   * names its process's parent, group and session, so a thread counts where its process does, and
   * signalling it signals that process.)
   */
  private static final int PROBE_AT_MOST = 64;

  /**
   * This JVM's own children that Ovrseer spawned, by pid: a view takes their entry from here
   * instead of reading their file (most of the pids a stop's view must look at are these). An entry
   * holds only while its {@link Process} is not reaped: until then its pid cannot name another
   * process.
   */
  private static final Map<Long, OwnChild> OWN_CHILDREN =
      new java.util.concurrent.ConcurrentHashMap<>();

  private record OwnChild(Process process, Stat stat) {}

  private final Map<Long, Stat> stats;
  private Map<Long, List<Long>> children;
  // The view whose entries this one shares (an extension that found nothing new), and so whose
  // index of children it uses; null when it has entries of its own.
  private ProcessTable indexOwner;
  private final long fullPassAt;
  private final int fullPassSize;
  private final long lastPid;
  private final boolean extension;
  // How many pids were looked at to make this view: those allocated since the view it extends, or
  // every process listed for a full pass.
  private final int pidsExamined;
  // The kernel's count of created tasks, read at or before this view was taken; -1 if unknown.
  private final long forks;

  private ProcessTable(
      Map<Long, Stat> stats,
      long fullPassAt,
      int fullPassSize,
      long lastPid,
      long forks,
      boolean extension,
      int pidsExamined) {
    this.stats = stats;
    this.fullPassAt = fullPassAt;
    this.fullPassSize = fullPassSize;
    this.lastPid = lastPid;
    this.forks = forks;
    this.extension = extension;
    this.pidsExamined = pidsExamined;
  }

  private static final Object SCAN_LOCK = new Object();
  private static ProcessTable latest;
  private static long latestStartedAt;

  /**
   * A view taken (or extended) after this call began: concurrent callers (several units stopping at
   * once) share one instead of each reading {@code /proc}.
   */
  static ProcessTable fresh() {
    return fresh(false);
  }

  /**
   * As {@link #fresh()}; {@code passEarly}: also make a full pass when the extension would leave
   * the next look one to make (see {@link #refreshAndIndex()}).
   */
  private static ProcessTable fresh(boolean passEarly) {
    long requestedAt = System.nanoTime();
    synchronized (SCAN_LOCK) {
      if (latest != null && latestStartedAt - requestedAt >= 0) {
        return latest;
      }
      long startedAt = System.nanoTime();
      ProcessTable table =
          latest == null ? null : latest.extendedIfSound(startedAt - latestStartedAt);
      if (table == null || (passEarly && table.mostlyDead())) {
        table = snapshot();
      }
      latest = table;
      latestStartedAt = startedAt;
      return table;
    }
  }

  /**
   * This view extended, if an extension is sound {@code nanosSince} after it was taken (see the
   * class comment); null if a full pass is needed.
   */
  ProcessTable extendedIfSound(long nanosSince) {
    if (lastPid < 0 || mostlyDead()) {
      return null;
    }
    if (nanosSince < EXTEND_WITHIN.toNanos()) {
      return extended(forks);
    }
    long forksNow = forkCount();
    return fewPidsAllocatedBy(forksNow) ? extended(forksNow) : null;
  }

  /**
   * Whether fewer pids were allocated since this view than it takes the allocator to go round all
   * pids past the ones in use, when the kernel has created {@code forksNow} tasks in all.
   */
  boolean fewPidsAllocatedBy(long forksNow) {
    return forks >= 0
        && forksNow >= forks
        && PID_MAX_VALUE > 0
        && forksNow - forks + stats.size() < PID_MAX_VALUE / 2;
  }

  /**
   * Whether entries of processes that died since the full pass (extensions keep them) may now
   * outnumber the live ones: each extension copies them, so a full pass starts over.
   */
  private boolean mostlyDead() {
    return stats.size() > 2 * fullPassSize + 256;
  }

  /**
   * Records a child this JVM just spawned; {@code ownSession}: it was started under setsid, so it
   * leads its own process group and session.
   */
  static void ownChild(Process process, boolean ownSession) {
    long pid = process.pid();
    long self = ProcessHandle.current().pid();
    // Without setsid its group and session are this JVM's, which are no tree's.
    long group = ownSession ? pid : -1;
    OWN_CHILDREN.put(pid, new OwnChild(process, new Stat(pid, 'S', self, group, group)));
    if (OWN_CHILDREN.size() > 64) {
      OWN_CHILDREN.values().removeIf(own -> !own.process().isAlive());
    }
  }

  /** The recorded entry of {@code pid} if it is a live child of ours, else null. */
  private static Stat ownChild(long pid) {
    OwnChild own = OWN_CHILDREN.get(pid);
    if (own == null) {
      return null;
    }
    if (own.process().isAlive()) {
      return own.stat();
    }
    OWN_CHILDREN.remove(pid, own);
    return null;
  }

  /** {@code pid}'s entry: recorded for a live child of ours, else read; null when it is gone. */
  private static Stat lookUp(long pid, byte[] buffer) {
    Stat own = ownChild(pid);
    return own != null ? own : read(pid, buffer);
  }

  /** Reads the whole table now; empty where there is no {@code /proc}. */
  static ProcessTable snapshot() {
    long startedAt = System.nanoTime();
    // Read before listing: a process created after this is in the range the next extension reads.
    long forks = forkCount();
    long last = lastPid();
    Map<Long, Stat> stats = new HashMap<>();
    int examined = readPids(stats, pid -> true);
    return new ProcessTable(stats, startedAt, stats.size(), last, forks, false, examined);
  }

  /** This view plus every process created since it was taken. */
  ProcessTable extended() {
    return extended(forks);
  }

  /**
   * This view plus every process created since it was taken; {@code forksNow}: the kernel's task
   * count read for this extension, or this view's own when it was not read.
   */
  private ProcessTable extended(long forksNow) {
    long last = lastPid();
    if (last < 0) {
      return snapshot();
    }
    Map<Long, Stat> found = new HashMap<>();
    long from = lastPid;
    long allocated = last >= from ? last - from : Long.MAX_VALUE;
    int examined = 0;
    if (allocated <= PROBE_AT_MOST) {
      probePids(found, from, last);
      examined = (int) allocated;
    } else if (from != last) {
      examined = readPids(found, pid -> allocatedBetween(pid, from, last));
    }
    ProcessTable table;
    if (found.isEmpty()) {
      // Nothing new lives (the usual case between the phases of a stop): this view's entries and
      // children serve as they are, neither copied nor indexed again.
      table = new ProcessTable(stats, fullPassAt, fullPassSize, last, forksNow, true, examined);
      table.indexOwner = indexOwner != null ? indexOwner : this;
    } else {
      Map<Long, Stat> stats = new HashMap<>(this.stats);
      stats.putAll(found);
      table = new ProcessTable(stats, fullPassAt, fullPassSize, last, forksNow, true, examined);
    }
    return table;
  }

  private static void probePids(Map<Long, Stat> into, long from, long to) {
    byte[] buffer = new byte[1024];
    for (long pid = from + 1; pid <= to; pid++) {
      Stat stat = lookUp(pid, buffer);
      if (stat != null) {
        into.put(pid, stat);
      }
    }
  }

  /**
   * Whether {@code pid} is one the kernel allocated after {@code from} up to {@code to}, counting
   * around the wrap at {@code pid_max} (when {@code to} is below {@code from}).
   */
  static boolean allocatedBetween(long pid, long from, long to) {
    return from <= to ? pid > from && pid <= to : pid > from || pid <= to;
  }

  /**
   * Each live process's children by parent pid, built once per set of entries (stopping asks for
   * many trees).
   */
  private Map<Long, List<Long>> children() {
    // Shared: built once for all the views with the same entries, or waited for while another
    // thread builds it (the refresh after a start), instead of built again here.
    return indexOwner != null ? indexOwner.ownChildren() : ownChildren();
  }

  private synchronized Map<Long, List<Long>> ownChildren() {
    if (children == null) {
      children = new HashMap<>();
      for (Stat stat : stats.values()) {
        if (!stat.isDead()) {
          children.computeIfAbsent(stat.ppid(), p -> new ArrayList<>(2)).add(stat.pid());
        }
      }
    }
    return children;
  }

  /**
   * Whether the kernel allocated no pid between {@code earlier} and this view: then no process was
   * created in between, so no tree can have a member this view has and {@code earlier} lacked.
   * False when that cannot be told.
   */
  boolean allocatedNoPidSince(ProcessTable earlier) {
    return lastPid >= 0 && lastPid == earlier.lastPid;
  }

  /**
   * How many pids were looked at to make this view: for an extension those allocated since the view
   * it extends, for a full pass every process listed.
   */
  int pidsExamined() {
    return pidsExamined;
  }

  /**
   * Brings the shared view up to date ({@link #fresh()}) and indexes its processes' children, so
   * that the next look, made within {@link #EXTEND_WITHIN} or while few pids were allocated, has
   * only what is created after this call left to read. The entries this adds (the processes just
   * started) are what makes a view mostly dead later on, and the next look would then make the full
   * pass: so it is made here, off that look's path.
   */
  static void refreshAndIndex() {
    fresh(true).children();
  }

  /** When the full pass this view is (or extends) began, in {@link System#nanoTime()}. */
  long fullPassAt() {
    return fullPassAt;
  }

  /**
   * Reads the processes listed in {@code /proc} (thread ids are not listed, only processes) whose
   * pids pass {@code wanted}; returns how many did.
   */
  private static int readPids(Map<Long, Stat> into, java.util.function.LongPredicate wanted) {
    String[] names = PROC.list();
    if (names == null) {
      return 0;
    }
    byte[] buffer = new byte[1024];
    int examined = 0;
    for (String name : names) {
      if (name.isEmpty() || name.charAt(0) < '0' || name.charAt(0) > '9') {
        continue;
      }
      long pid = Long.parseLong(name);
      if (wanted.test(pid)) {
        examined++;
        Stat stat = lookUp(pid, buffer);
        if (stat != null) {
          into.put(pid, stat);
        }
      }
    }
    return examined;
  }

  /**
   * {@code ns_last_pid}, kept open: a stop reads it several times, and a positional read of an open
   * file is one system call where opening it again is three. Null until first read, or if it cannot
   * be opened.
   */
  private static volatile java.nio.channels.FileChannel lastPidFile;

  /** The last pid the kernel allocated in our pid namespace, or -1 if that cannot be read. */
  private static long lastPid() {
    try {
      java.nio.channels.FileChannel file = lastPidFile;
      if (file == null) {
        file = java.nio.channels.FileChannel.open(LAST_PID);
        lastPidFile = file;
      }
      java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate(32);
      int length = file.read(buffer, 0);
      return decimalAt(buffer.array(), 0, length);
    } catch (IOException | SecurityException unavailable) {
      return -1;
    }
  }

  /**
   * How many tasks (processes and threads) the kernel has created since boot: the {@code processes}
   * line of {@code /proc/stat}. Each took a pid, so no more pids were allocated between two reads
   * than the difference. -1 if it cannot be read.
   */
  static long forkCount() {
    byte[] text;
    try {
      text = java.nio.file.Files.readAllBytes(FORK_COUNT);
    } catch (IOException | SecurityException unavailable) {
      return -1;
    }
    outer:
    for (int i = 0; i + FORK_COUNT_KEY.length <= text.length; i++) {
      for (int k = 0; k < FORK_COUNT_KEY.length; k++) {
        if (text[i + k] != FORK_COUNT_KEY[k]) {
          continue outer;
        }
      }
      return decimalAt(text, i + FORK_COUNT_KEY.length, text.length);
    }
    return -1;
  }

  /**
   * The non-negative decimal number that starts at {@code position} of {@code bytes} (read up to
   * {@code end}), or -1 if no digit is there.
   */
  private static long decimalAt(byte[] bytes, int position, int end) {
    long value = 0;
    int start = position;
    while (position < end && bytes[position] >= '0' && bytes[position] <= '9') {
      value = value * 10 + (bytes[position++] - '0');
    }
    return position > start ? value : -1;
  }

  private static long readPidMax() {
    // One read: a sysctl file gives nothing from an offset past 0, which is what Files.readString
    // asks for after its first byte.
    byte[] buffer = new byte[32];
    try (FileInputStream in = new FileInputStream(PID_MAX.toFile())) {
      return decimalAt(buffer, 0, in.read(buffer));
    } catch (IOException | SecurityException unavailable) {
      return -1;
    }
  }

  /**
   * The live processes of the tree of {@code root}: itself if alive, its descendants, and when
   * {@code ownGroup} the members of its process group and session.
   */
  Set<Long> tree(long root, boolean ownGroup) {
    Map<Long, List<Long>> children = children();
    Set<Long> members = new LinkedHashSet<>();
    for (Stat stat : stats.values()) {
      if (!stat.isDead()
          && (stat.pid() == root
              || (ownGroup && (stat.pgrp() == root || stat.session() == root)))) {
        members.add(stat.pid());
      }
    }
    ArrayDeque<Long> queue = new ArrayDeque<>(members);
    queue.add(root);
    while (!queue.isEmpty()) {
      for (long child : children.getOrDefault(queue.poll(), List.of())) {
        if (members.add(child)) {
          queue.add(child);
        }
      }
    }
    if (extension) {
      // An extended view still lists processes that died since its full pass.
      byte[] buffer = new byte[1024];
      members.removeIf(
          pid -> {
            Stat now = lookUp(pid, buffer);
            return now == null || now.isDead();
          });
    }
    return members;
  }

  /**
   * The start time of {@code pid} in clock ticks since boot ({@code /proc/<pid>/stat} field 22):
   * with the pid, it names one process for good. Empty when the process is gone.
   */
  static java.util.OptionalLong startTicks(long pid) {
    byte[] buffer = new byte[1024];
    int length = readStat(pid, buffer);
    if (length < 0) {
      return java.util.OptionalLong.empty();
    }
    int position = afterCommandName(buffer, length);
    // Fields after the name start with the 3rd (state); the start time is the 22nd.
    for (int field = 3; field < 22 && position >= 0; field++) {
      while (position < length && buffer[position] != ' ') {
        position++;
      }
      position = position < length ? position + 1 : -1;
    }
    long ticks = position < 0 ? -1 : decimalAt(buffer, position, length);
    return ticks < 0 ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(ticks);
  }

  /**
   * Reads {@code /proc/<pid>/stat} into {@code buffer}; -1 when the process is gone. Gone processes
   * are common here (a stop confirms deaths), so they are told by a stat of the directory first: a
   * failed open costs an exception with its stack trace, several times the stat.
   */
  private static int readStat(long pid, byte[] buffer) {
    String directory = "/proc/" + pid;
    if (!new File(directory).exists()) {
      return -1;
    }
    try (FileInputStream in = new FileInputStream(directory + "/stat")) {
      return in.read(buffer);
    } catch (IOException gone) {
      return -1;
    }
  }

  /**
   * Where the fields after the command name begin; the name is in parentheses and may itself
   * contain spaces or parentheses. -1 if the text is cut short.
   */
  private static int afterCommandName(byte[] buffer, int length) {
    for (int i = length - 1; i >= 0; i--) {
      if (buffer[i] == ')') {
        return i + 2 < length ? i + 2 : -1;
      }
    }
    return -1;
  }

  /** The fields of {@code /proc/<pid>/stat} that Ovrseer reads. */
  record Stat(long pid, char state, long ppid, long pgrp, long session) {
    /** A zombie counts as dead: it only waits for its parent to reap it. */
    boolean isDead() {
      return state == 'Z' || state == 'X';
    }
  }

  /** Reads and parses {@code /proc/<pid>/stat}; null when the process is gone. */
  static Stat read(long pid, byte[] buffer) {
    int length = readStat(pid, buffer);
    if (length < 0) {
      return null;
    }
    int position = afterCommandName(buffer, length);
    if (position < 0) {
      return null;
    }
    char state = (char) buffer[position];
    position += 2;
    long[] fields = new long[3];
    for (int field = 0; field < 3; field++) {
      long value = 0;
      boolean negative = false;
      if (position < length && buffer[position] == '-') {
        negative = true;
        position++;
      }
      while (position < length && buffer[position] != ' ') {
        value = value * 10 + (buffer[position] - '0');
        position++;
      }
      fields[field] = negative ? -value : value;
      position++;
    }
    return new Stat(pid, state, fields[0], fields[1], fields[2]);
  }
}
