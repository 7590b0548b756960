package io.ovrseer.internal;

import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * One pass over {@code /proc}: for every process its parent, process group, session and state.
 * Parsed from {@code /proc/<pid>/stat} bytes into primitive arrays, so a snapshot of a machine with
 * a hundred processes costs a few hundred microseconds.
 */
final class ProcessTable {
  private static final File PROC = new File("/proc");

  private final long[] pids;
  private final long[] ppids;
  private final long[] groups;
  private final long[] sessions;
  private final char[] states;
  private final int size;

  private ProcessTable(
      long[] pids, long[] ppids, long[] groups, long[] sessions, char[] states, int size) {
    this.pids = pids;
    this.ppids = ppids;
    this.groups = groups;
    this.sessions = sessions;
    this.states = states;
    this.size = size;
  }

  private static final Object SCAN_LOCK = new Object();
  private static ProcessTable latest;
  private static long latestStartedAt;

  /**
   * A table read after this call began: concurrent callers (several units stopping at once) share
   * one scan instead of each reading all of {@code /proc}.
   */
  static ProcessTable fresh() {
    long requestedAt = System.nanoTime();
    synchronized (SCAN_LOCK) {
      if (latest != null && latestStartedAt - requestedAt >= 0) {
        return latest;
      }
      long startedAt = System.nanoTime();
      ProcessTable table = snapshot();
      latest = table;
      latestStartedAt = startedAt;
      return table;
    }
  }

  /** Reads the table now; empty where there is no {@code /proc}. */
  static ProcessTable snapshot() {
    String[] names = PROC.list();
    int capacity = names == null ? 0 : names.length;
    long[] pids = new long[capacity];
    long[] ppids = new long[capacity];
    long[] groups = new long[capacity];
    long[] sessions = new long[capacity];
    char[] states = new char[capacity];
    byte[] buffer = new byte[1024];
    int size = 0;
    for (int i = 0; i < capacity; i++) {
      String name = names[i];
      if (name.isEmpty() || name.charAt(0) < '0' || name.charAt(0) > '9') {
        continue;
      }
      Stat stat = read(Long.parseLong(name), buffer);
      if (stat != null) {
        pids[size] = stat.pid;
        ppids[size] = stat.ppid;
        groups[size] = stat.pgrp;
        sessions[size] = stat.session;
        states[size] = stat.state;
        size++;
      }
    }
    return new ProcessTable(pids, ppids, groups, sessions, states, size);
  }

  /**
   * The live processes of the tree of {@code root}: itself if alive, its descendants, and when
   * {@code ownGroup} the members of its process group and session.
   */
  Set<Long> tree(long root, boolean ownGroup) {
    Map<Long, java.util.List<Long>> children = new HashMap<>();
    Set<Long> members = new LinkedHashSet<>();
    for (int i = 0; i < size; i++) {
      if (isZombie(i)) {
        continue;
      }
      children.computeIfAbsent(ppids[i], p -> new java.util.ArrayList<>(2)).add(pids[i]);
      if (pids[i] == root || (ownGroup && (groups[i] == root || sessions[i] == root))) {
        members.add(pids[i]);
      }
    }
    ArrayDeque<Long> queue = new ArrayDeque<>(members);
    queue.add(root);
    while (!queue.isEmpty()) {
      for (long child : children.getOrDefault(queue.poll(), java.util.List.of())) {
        if (members.add(child)) {
          queue.add(child);
        }
      }
    }
    return members;
  }

  private boolean isZombie(int index) {
    return states[index] == 'Z' || states[index] == 'X';
  }

  /**
   * The start time of {@code pid} in clock ticks since boot ({@code /proc/<pid>/stat} field 22):
   * with the pid, it names one process for good. Empty when the process is gone.
   */
  static java.util.OptionalLong startTicks(long pid) {
    try {
      String text =
          java.nio.file.Files.readString(
              java.nio.file.Path.of("/proc", Long.toString(pid), "stat"));
      String[] fields = text.substring(text.lastIndexOf(')') + 2).split(" ");
      return java.util.OptionalLong.of(Long.parseLong(fields[19]));
    } catch (IOException | RuntimeException gone) {
      return java.util.OptionalLong.empty();
    }
  }

  /** The fields of {@code /proc/<pid>/stat} that Ovrseer reads. */
  record Stat(long pid, char state, long ppid, long pgrp, long session) {}

  /** Reads and parses {@code /proc/<pid>/stat}; null when the process is gone. */
  static Stat read(long pid, byte[] buffer) {
    int length;
    try (FileInputStream in = new FileInputStream("/proc/" + pid + "/stat")) {
      length = in.read(buffer);
    } catch (IOException gone) {
      return null;
    }
    // The command name is in parentheses and may itself contain spaces or parentheses.
    int close = -1;
    for (int i = length - 1; i >= 0; i--) {
      if (buffer[i] == ')') {
        close = i;
        break;
      }
    }
    if (close < 0 || close + 2 >= length) {
      return null;
    }
    int position = close + 2;
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
