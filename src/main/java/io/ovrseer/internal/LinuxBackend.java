package io.ovrseer.internal;

import java.io.FileInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The Linux backend: each process is started under util-linux {@code setsid}, which makes it the
 * leader of a new session and process group and then executes the command in place (a child of the
 * JVM is never a group leader, so its pid becomes the session's id). A tree is found with one pass
 * over {@code /proc/<pid>/stat}: the root, its descendants, and the members of its session and
 * group, which a descendant keeps when its parent exits before it, and the processes that left it
 * with {@code setsid} and whose parent exited (a daemon's double fork), found by the root's mark in
 * {@code /proc/<pid>/environ}. Once the root is gone its session id may name a stranger's session
 * later, so members are then only taken with that proof that they are ours.
 */
final class LinuxBackend implements ProcessBackend {
  private static final Path PROC = Path.of("/proc");

  /** This JVM's pid. */
  private static final long SELF = ProcessHandle.current().pid();

  /**
   * Enough of {@code /proc/<pid>/stat} for its first 22 fields, whatever the command name (at most
   * 15 bytes) and counters.
   */
  private static final int STAT_BYTES = 512;

  private final Path setsid;

  private LinuxBackend(Path setsid) {
    this.setsid = setsid;
  }

  /** What this machine, with the search path {@code path}, lacks for the Linux backend. */
  static List<String> missing(String path) {
    return missing(OsName.CURRENT, PROC, path);
  }

  /**
   * What a machine with operating system {@code osName}, the process table {@code proc} and the
   * search path {@code path} lacks for the Linux backend.
   */
  static List<String> missing(String osName, Path proc, String path) {
    List<String> missing = new ArrayList<>();
    if (!"Linux".equals(osName)) {
      missing.add("Linux (this is " + osName + ")");
    }
    if (!Files.isReadable(proc.resolve(ProcessHandle.current().pid() + "/stat"))) {
      missing.add(proc + " (the process table)");
    }
    if (SearchPath.find("setsid", path).isEmpty()) {
      missing.add("util-linux setsid on PATH (" + path + ")");
    }
    return missing;
  }

  static LinuxBackend create(String path) {
    return new LinuxBackend(SearchPath.findRemembered("setsid", path).orElseThrow());
  }

  @Override
  public String name() {
    return "linux";
  }

  @Override
  public List<String> sessionPrefix() {
    return List.of(setsid.toString());
  }

  @Override
  public boolean sharesLooks() {
    return true;
  }

  @Override
  public Look look() {
    Map<Long, Stat> table = readTable();
    Map<Long, List<Long>> children = new HashMap<>();
    for (Stat stat : table.values()) {
      children.computeIfAbsent(stat.ppid(), p -> new ArrayList<>(2)).add(stat.pid());
    }
    Map<Long, Mark> marks = new HashMap<>();
    Set<Long> undecided = new LinkedHashSet<>();
    return new Look() {
      @Override
      public Set<ProcessHandle> members(ProcessTree.Root root, Collection<ProcessHandle> known) {
        return LinuxBackend.members(table, children, marks, undecided, root, known);
      }

      @Override
      public boolean undecided() {
        return !undecided.isEmpty();
      }
    };
  }

  /**
   * The members of the tree of {@code root} in {@code table}, whose children are {@code children};
   * {@code marks} remembers the marks read during this look, and {@code undecided} gets the
   * processes that would be members if they carried the mark, whose environment read empty.
   */
  private static Set<ProcessHandle> members(
      Map<Long, Stat> table,
      Map<Long, List<Long>> children,
      Map<Long, Mark> marks,
      Set<Long> undecided,
      ProcessTree.Root root,
      Collection<ProcessHandle> known) {
    // Handles we already hold know their start times; a pid found here is looked up once.
    Map<Long, ProcessHandle> handles = new LinkedHashMap<>();
    boolean rootAlive = table.containsKey(root.pid()) && root.rootAlive();
    if (rootAlive) {
      handles.put(root.pid(), root.handle());
    }
    for (ProcessHandle member : known) {
      if (table.containsKey(member.pid()) && member.isAlive()) {
        handles.put(member.pid(), member);
      }
    }
    Set<Long> found = new LinkedHashSet<>(handles.keySet());
    if (root.ownSession()) {
      long id = root.pid();
      for (Stat stat : table.values()) {
        if ((stat.session() == id || stat.pgrp() == id)
            && (rootAlive || carries(marks, undecided, stat, root.mark()))) {
          found.add(stat.pid());
        }
      }
    }
    if (root.mark() != null) {
      // A daemon that called setsid and whose parent exited (double fork) is in no tree or session
      // of the root's any more, but still carries its mark. Only such a process can have escaped
      // so: the leader of its session, or in a session whose leader is gone; and one started after
      // the root while it lives, else after this JVM if the root is its child (which spares
      // reading the environment of older processes, most of them in a container's session 0).
      long notBefore =
          rootAlive
              ? table.get(root.pid()).startTicks()
              : root.spawnedHere() && table.containsKey(SELF) ? table.get(SELF).startTicks() : -1;
      for (Stat stat : table.values()) {
        if ((stat.session() == stat.pid() || !table.containsKey(stat.session()))
            && (notBefore < 0 || stat.startTicks() < 0 || stat.startTicks() >= notBefore)
            && !found.contains(stat.pid())
            && carries(marks, undecided, stat, root.mark())) {
          found.add(stat.pid());
        }
      }
    }
    ArrayDeque<Long> queue = new ArrayDeque<>(found);
    while (!queue.isEmpty()) {
      for (long child : children.getOrDefault(queue.poll(), List.of())) {
        if (found.add(child)) {
          queue.add(child);
        }
      }
    }
    Set<ProcessHandle> members = new LinkedHashSet<>();
    for (long pid : found) {
      Optional.ofNullable(handles.get(pid)).or(() -> ProcessHandle.of(pid)).ifPresent(members::add);
    }
    return members;
  }

  @Override
  public boolean isGone(ProcessHandle process) {
    Optional<Stat> stat = read(process.pid(), new byte[STAT_BYTES]);
    return stat.isEmpty() || stat.get().isDead() || !process.isAlive();
  }

  /**
   * As {@link #carriesMark}, reading each process's environment once per look ({@code marks}): a
   * member of a dead root's session is also a member of a session whose leader is gone. A process
   * whose environment reads empty, as a process's does in the middle of its exec (it carries the
   * mark again once the exec is done), is added to {@code undecided}; not one in session 0, where
   * kernel threads are (they have no environment) and no process of ours ever is: each is spawned
   * leading a session of its own, and setsid only makes new ones.
   */
  private static boolean carries(
      Map<Long, Mark> marks, Set<Long> undecided, Stat stat, String mark) {
    if (mark == null || mark.isEmpty()) {
      return false;
    }
    Mark read = marks.computeIfAbsent(stat.pid(), LinuxBackend::markOf);
    if (read.noEnvironment() && stat.session() != 0) {
      undecided.add(stat.pid());
    }
    return mark.equals(read.value());
  }

  /** Whether {@code /proc/<pid>/environ} holds {@code MARK_VARIABLE=mark}. */
  static boolean carriesMark(long pid, String mark) {
    return mark != null && !mark.isEmpty() && mark.equals(markOf(pid).value());
  }

  /**
   * What {@code /proc/<pid>/environ} says of {@code MARK_VARIABLE}: its {@code value}, or null if
   * it has none or cannot be read (gone, not ours, or no {@code /proc}); {@code noEnvironment} if
   * it was read and empty.
   */
  record Mark(String value, boolean noEnvironment) {}

  /** The {@link Mark} in {@code /proc/<pid>/environ}. */
  static Mark markOf(long pid) {
    try {
      String environ =
          new String(
              Files.readAllBytes(PROC.resolve(pid + "/environ")), StandardCharsets.ISO_8859_1);
      String prefix = MARK_VARIABLE + "=";
      for (String variable : environ.split("\0")) {
        if (variable.startsWith(prefix)) {
          return new Mark(variable.substring(prefix.length()), false);
        }
      }
      return new Mark(null, environ.isEmpty());
    } catch (IOException | SecurityException unreadable) {
      // Gone, or not ours to read: no proof.
      return new Mark(null, false);
    }
  }

  /** Every live process in {@code /proc}, by pid; zombies are left out. */
  private static Map<Long, Stat> readTable() {
    Map<Long, Stat> table = new HashMap<>();
    byte[] buffer = new byte[STAT_BYTES];
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(PROC)) {
      for (Path entry : entries) {
        String name = entry.getFileName().toString();
        if (!name.isEmpty() && name.chars().allMatch(Character::isDigit)) {
          read(Long.parseLong(name), buffer)
              .filter(stat -> !stat.isDead())
              .ifPresent(stat -> table.put(stat.pid(), stat));
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot list /proc: " + e, e);
    }
    return table;
  }

  /**
   * {@code /proc/<pid>/stat} read into {@code buffer} and parsed; empty when the process is gone.
   * Bytes, not a {@code String}: a pass reads every process's file, and the text is ASCII.
   */
  private static Optional<Stat> read(long pid, byte[] buffer) {
    int length = 0;
    try (FileInputStream in = new FileInputStream("/proc/" + pid + "/stat")) {
      // The fields wanted come first; the rest of a longer file is not needed.
      for (int n;
          length < buffer.length && (n = in.read(buffer, length, buffer.length - length)) > 0; ) {
        length += n;
      }
    } catch (IOException gone) {
      return Optional.empty();
    }
    // "pid (comm) state ppid pgrp session ...": the command name may itself hold spaces and
    // parentheses, but every field after it is a number, so the last ')' closes it.
    int close = length - 1;
    while (close >= 0 && buffer[close] != ')') {
      close--;
    }
    if (close < 0 || close + 2 >= length) {
      return Optional.empty();
    }
    char state = (char) buffer[close + 2];
    // Fields 4 (ppid) to 22 (the start time in clock ticks since boot), each ended by a space: one
    // the buffer does not hold whole (a line longer than it) stays -1.
    long[] fields = new long[23];
    Arrays.fill(fields, -1);
    for (int at = close + 4, begin = at, field = 4; at < length && field < fields.length; at++) {
      if (buffer[at] == ' ') {
        fields[field++] = number(buffer, begin, at);
        begin = at + 1;
      }
    }
    if (fields[4] < 0 || fields[5] < 0 || fields[6] < 0) {
      return Optional.empty();
    }
    return Optional.of(new Stat(pid, state, fields[4], fields[5], fields[6], fields[22]));
  }

  /** The number {@code buffer} spells from {@code begin} to {@code end}; -1 if none. */
  private static long number(byte[] buffer, int begin, int end) {
    long value = 0;
    for (int at = begin; at < end; at++) {
      if (buffer[at] < '0' || buffer[at] > '9') {
        return -1;
      }
      value = value * 10 + (buffer[at] - '0');
    }
    return begin < end ? value : -1;
  }

  /**
   * The fields of {@code /proc/<pid>/stat} a tree is found by; {@code startTicks} (clock ticks
   * since boot) is -1 where the buffer did not hold it.
   */
  record Stat(long pid, char state, long ppid, long pgrp, long session, long startTicks) {
    /** A zombie counts as dead: it only waits for its parent to reap it. */
    boolean isDead() {
      return state == 'Z' || state == 'X';
    }
  }
}
