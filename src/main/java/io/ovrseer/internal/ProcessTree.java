package io.ovrseer.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/**
 * Signals and awaits a whole process tree: the root, its descendants, and every process still in
 * the root's process group or session (a child that outlived its parent and was re-parented to
 * init). Deaths are confirmed from {@code /proc/<pid>/stat}, where a zombie already counts as
 * dead, because {@link ProcessHandle#onExit()} of a non-child polls slowly.
 */
public final class ProcessTree {
  private static final Path PROC = Path.of("/proc");

  private ProcessTree() {}

  /**
   * Every live process of the tree rooted at {@code rootPid}. When {@code ownGroup} is true the
   * root was started as leader of its own session (setsid), and members of that group and session
   * count too.
   */
  public static Set<Long> members(long rootPid, boolean ownGroup) {
    Set<Long> pids = new LinkedHashSet<>();
    ProcessHandle.of(rootPid)
        .ifPresent(
            root -> {
              if (root.isAlive()) {
                pids.add(rootPid);
              }
              root.descendants().forEach(d -> pids.add(d.pid()));
            });
    if (ownGroup) {
      pids.addAll(groupMembers(rootPid));
    }
    pids.removeIf(ProcessTree::isDead);
    return pids;
  }

  /** Processes whose process group or session id is {@code leaderPid}. */
  public static List<Long> groupMembers(long leaderPid) {
    List<Long> found = new ArrayList<>();
    try (Stream<Path> entries = Files.list(PROC)) {
      entries.forEach(
          entry -> {
            String name = entry.getFileName().toString();
            if (!name.isEmpty() && Character.isDigit(name.charAt(0))) {
              Optional<Stat> stat = stat(Long.parseLong(name));
              if (stat.isPresent()
                  && (stat.get().pgrp == leaderPid || stat.get().session == leaderPid)) {
                found.add(stat.get().pid);
              }
            }
          });
    } catch (IOException | RuntimeException e) {
      // No /proc (not Linux): the descendants walk is all we have.
    }
    return found;
  }

  /** Sends SIGTERM ({@code force} false) or SIGKILL to each of {@code pids}. */
  public static void signal(Set<Long> pids, boolean force) {
    for (long pid : pids) {
      ProcessHandle.of(pid)
          .ifPresent(
              handle -> {
                if (force) {
                  handle.destroyForcibly();
                } else {
                  handle.destroy();
                }
              });
    }
  }

  /**
   * Terminates the tree: SIGTERM to every member, wait up to {@code grace} for all to die, then
   * SIGKILL whatever is left (repeated for members that appear meanwhile). Returns true if the
   * tree is gone.
   */
  public static boolean terminate(long rootPid, boolean ownGroup, Duration grace) {
    Set<Long> pids = members(rootPid, ownGroup);
    if (pids.isEmpty()) {
      return true;
    }
    if (!grace.isZero()) {
      signal(pids, false);
      if (awaitDeath(rootPid, ownGroup, pids, grace)) {
        return true;
      }
    }
    return kill(rootPid, ownGroup);
  }

  /** SIGKILLs the tree until it is gone (up to 5 s); returns true if it is. */
  public static boolean kill(long rootPid, boolean ownGroup) {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    Set<Long> known = new LinkedHashSet<>();
    while (System.nanoTime() < deadline) {
      Set<Long> pids = members(rootPid, ownGroup);
      known.removeIf(ProcessTree::isDead);
      pids.addAll(known);
      if (pids.isEmpty()) {
        return true;
      }
      known.addAll(pids);
      signal(pids, true);
      pause(2);
    }
    return false;
  }

  private static boolean awaitDeath(long rootPid, boolean ownGroup, Set<Long> pids, Duration grace) {
    long deadline = System.nanoTime() + grace.toNanos();
    long pauseMillis = 1;
    Set<Long> alive = new LinkedHashSet<>(pids);
    while (true) {
      alive.removeIf(ProcessTree::isDead);
      if (alive.isEmpty()) {
        Set<Long> late = members(rootPid, ownGroup);
        if (late.isEmpty()) {
          return true;
        }
        // Children forked after the first signal: they get the signal and the rest of the grace.
        signal(late, false);
        alive.addAll(late);
      }
      if (System.nanoTime() >= deadline) {
        return false;
      }
      pause(pauseMillis);
      pauseMillis = Math.min(pauseMillis * 2, 20);
    }
  }

  /** Whether {@code pid} is gone or a zombie. */
  public static boolean isDead(long pid) {
    Optional<Stat> stat = stat(pid);
    return stat.isEmpty() || stat.get().state == 'Z' || stat.get().state == 'X';
  }

  private static void pause(long millis) {
    LockSupport.parkNanos(Duration.ofMillis(millis).toNanos());
  }

  /** The fields of {@code /proc/<pid>/stat} that Ovrseer reads. */
  public record Stat(long pid, char state, long ppid, long pgrp, long session) {}

  /** Reads {@code /proc/<pid>/stat}; empty when the process is gone. */
  public static Optional<Stat> stat(long pid) {
    try {
      String text = Files.readString(PROC.resolve(Long.toString(pid)).resolve("stat"));
      // The command name is in parentheses and may itself contain spaces or parentheses.
      int close = text.lastIndexOf(')');
      String[] fields = text.substring(close + 2).split(" ");
      return Optional.of(
          new Stat(
              pid,
              fields[0].charAt(0),
              Long.parseLong(fields[1]),
              Long.parseLong(fields[2]),
              Long.parseLong(fields[3])));
    } catch (IOException | RuntimeException gone) {
      return Optional.empty();
    }
  }
}
