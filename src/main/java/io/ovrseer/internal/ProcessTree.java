package io.ovrseer.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Signals and awaits a whole process tree: the root, its descendants, and every process still in
 * the root's process group or session (a child that outlived its parent and was re-parented to
 * init). Deaths are confirmed from {@code /proc/<pid>/stat}, where a zombie already counts as dead,
 * because {@link ProcessHandle#onExit()} of a non-child polls slowly.
 */
public final class ProcessTree {
  private static final LazyLogger LOG = new LazyLogger(ProcessTree.class);

  private ProcessTree() {}

  /**
   * Every live process of the tree rooted at {@code rootPid}. When {@code ownGroup} is true the
   * root was started as leader of its own session (setsid), and members of that group and session
   * count too.
   */
  public static Set<Long> members(long rootPid, boolean ownGroup) {
    return ProcessTable.fresh().tree(rootPid, ownGroup);
  }

  /**
   * Records a process this JVM just spawned, so that looking for trees at {@code /proc} need not
   * read its file while it lives; {@code ownSession}: it was started under setsid.
   */
  public static void spawned(Process process, boolean ownSession) {
    ProcessTable.ownChild(process, ownSession);
  }

  /**
   * Brings the JVM's view of {@code /proc} up to date on the shared pool, for a stop to come: a
   * stop looks at {@code /proc} before its first signal by extending the last view taken, and so
   * then reads only the pids allocated after this call, instead of every pid allocated since the
   * previous view (here about 0.1 ms of a stop for twenty of them). The returned future completes
   * when it is done; callers need not wait for it. A failure is logged: the stop then reads what it
   * needs itself.
   */
  public static CompletableFuture<Void> prepareStop() {
    return CompletableFuture.runAsync(ProcessTable::refreshAndIndex, SharedExecutors.blocking())
        .whenComplete(
            (done, failure) -> {
              if (failure != null) {
                LOG.log(
                    System.Logger.Level.WARNING,
                    "could not refresh the view of /proc ahead of a stop: {0}",
                    failure.toString());
              }
            });
  }

  /** Sends SIGTERM ({@code force} false) or SIGKILL to each of {@code pids}. */
  public static void signal(Set<Long> pids, boolean force) {
    for (long pid : pids) {
      ProcessHandle.of(pid).ifPresent(handle -> signal(handle, force));
    }
  }

  private static void signal(ProcessHandle handle, boolean force) {
    if (force) {
      handle.destroyForcibly();
    } else {
      handle.destroy();
    }
  }

  /**
   * Terminates the tree: SIGTERM to every member, wait up to {@code grace} for all to die, then
   * SIGKILL whatever is left (repeated for members that appear meanwhile). Returns true if the tree
   * is gone.
   */
  public static boolean terminate(long rootPid, boolean ownGroup, Duration grace) {
    return terminateAll(List.of(new Target(rootPid, ownGroup, grace, null)))[0];
  }

  /**
   * A tree to terminate: its root, whether it leads its own session, its SIGTERM grace, and when
   * the root is this JVM's child, its {@link Process} (whose death then ends the wait at once,
   * through the JDK's reaper, instead of at the next look at {@code /proc}); null otherwise.
   */
  public record Target(long rootPid, boolean ownGroup, Duration grace, Process root) {}

  /**
   * Terminates several trees at once, each as {@link #terminate} describes, with one {@code /proc}
   * view to collect all of them and one to confirm all are gone: stopping a group of processes
   * costs two looks instead of two per process. Each tree gets SIGKILL after its own grace.
   * Returns, per target, whether its tree is gone.
   */
  public static boolean[] terminateAll(List<Target> targets) {
    int count = targets.size();
    boolean[] gone = new boolean[count];
    List<Set<Long>> alive = new ArrayList<>(count);
    long start = System.nanoTime();
    long[] deadlines = new long[count];
    long lastDeadline = start;
    ProcessTable table = ProcessTable.fresh();
    for (int i = 0; i < count; i++) {
      Target target = targets.get(i);
      alive.add(new LinkedHashSet<>(table.tree(target.rootPid(), target.ownGroup())));
      deadlines[i] = start + target.grace().toNanos();
      lastDeadline = Math.max(lastDeadline, deadlines[i]);
    }
    // All trees are collected before the first signal: a parent that dies first would orphan
    // children that left its session (setsid), which would then no longer be found as its
    // descendants; and a dying process costs CPU the rest of the collection would wait for.
    for (int i = 0; i < count; i++) {
      signal(targets.get(i), alive.get(i), targets.get(i).grace().isZero());
    }
    long giveUp = lastDeadline + Duration.ofSeconds(5).toNanos();
    long pauseMicros = 50;
    while (true) {
      boolean allDead = true;
      long now = System.nanoTime();
      for (int i = 0; i < count; i++) {
        Set<Long> pids = alive.get(i);
        Target target = targets.get(i);
        // The root, when it is our child, is known dead without a look at /proc once reaped.
        pids.removeIf(
            pid ->
                pid == target.rootPid() && target.root() != null
                    ? !target.root().isAlive()
                    : isDead(pid));
        if (!pids.isEmpty()) {
          allDead = false;
          if (now >= deadlines[i]) {
            signal(target, pids, true);
          }
        }
      }
      if (allDead) {
        // Children forked after the first signal: they get the signal and the rest of the grace.
        ProcessTable late = ProcessTable.fresh();
        if (late.allocatedNoPidSince(table)) {
          // Nothing was forked since the trees were collected, and every member is gone.
          java.util.Arrays.fill(gone, true);
          return gone;
        }
        table = late;
        boolean anyLate = false;
        for (int i = 0; i < count; i++) {
          Target target = targets.get(i);
          Set<Long> pids = late.tree(target.rootPid(), target.ownGroup());
          if (pids.isEmpty()) {
            gone[i] = true;
          } else {
            anyLate = true;
            alive.get(i).addAll(pids);
            signal(target, pids, System.nanoTime() >= deadlines[i]);
          }
        }
        if (!anyLate) {
          return gone;
        }
      }
      if (System.nanoTime() >= giveUp) {
        for (int i = 0; i < count; i++) {
          gone[i] = kill(targets.get(i).rootPid(), targets.get(i).ownGroup());
        }
        return gone;
      }
      awaitARootExit(targets, alive, pauseMicros);
      pauseMicros = Math.min(pauseMicros * 2, 20_000);
    }
  }

  /**
   * Signals {@code pids} of {@code target}'s tree; its root, when it is our child, through its own
   * handle, which knows its start time already (a lookup by pid reads it from {@code /proc}).
   */
  private static void signal(Target target, Set<Long> pids, boolean force) {
    Process root = target.root();
    if (root == null || !pids.contains(target.rootPid())) {
      signal(pids, force);
      return;
    }
    signal(root.toHandle(), force);
    for (long pid : pids) {
      if (pid != target.rootPid()) {
        ProcessHandle.of(pid).ifPresent(handle -> signal(handle, force));
      }
    }
  }

  /** Waits up to {@code micros} for a root still alive to exit. */
  private static void awaitARootExit(List<Target> targets, List<Set<Long>> alive, long micros) {
    // The last signalled is likely the last to die: waiting for it first, this thread is woken
    // about once for all, instead of once per death.
    for (int i = targets.size() - 1; i >= 0; i--) {
      Process root = targets.get(i).root();
      if (root != null && root.isAlive() && alive.get(i).contains(targets.get(i).rootPid())) {
        try {
          root.waitFor(micros, TimeUnit.MICROSECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return;
      }
    }
    LockSupport.parkNanos(micros * 1000);
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

  /** Whether {@code pid} is gone or a zombie. */
  public static boolean isDead(long pid) {
    ProcessTable.Stat stat = ProcessTable.read(pid, new byte[1024]);
    return stat == null || stat.isDead();
  }

  private static void pause(long millis) {
    LockSupport.parkNanos(Duration.ofMillis(millis).toNanos());
  }
}
