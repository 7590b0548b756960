package io.ovrseer.internal;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;

/**
 * Stops a whole process tree: SIGTERM to every member, a grace period, then SIGKILL to what is
 * left; members that appear meanwhile (forked after the first look) get the same. The members are
 * found by this JVM's {@link ProcessBackend}.
 *
 * <p>Whatever a tree holds, some processes are never signalled: pid 0 and 1, this JVM, its
 * ancestors, and the processes {@linkplain #protect protected} (the orphan watchdog).
 */
public final class ProcessTree {
  /** How long to keep sending SIGKILL to a tree that does not die, past its grace period. */
  static final Duration GIVE_UP_AFTER_KILL = Duration.ofSeconds(5);

  private static final Set<Long> PROTECTED = ConcurrentHashMap.newKeySet();

  private ProcessTree() {}

  /**
   * The root of a tree: its {@code pid}; its {@code handle}, which knows its start time, or null
   * when the root is known to be gone (its pid may name another process by now); whether it was
   * started to lead its own session ({@code ownSession}); and the {@linkplain
   * ProcessBackend#MARK_VARIABLE mark} its environment carries, or null.
   */
  public record Root(long pid, ProcessHandle handle, boolean ownSession, String mark) {
    /** The root of a process this JVM spawned. */
    public static Root of(Process process, boolean ownSession, String mark) {
      return new Root(process.pid(), process.toHandle(), ownSession, mark);
    }

    /** Whether the root itself is alive. */
    boolean rootAlive() {
      return handle != null && handle.isAlive();
    }
  }

  /** The live members of the tree of {@code root}. */
  public static Set<ProcessHandle> members(Root root) {
    return ProcessBackend.get().members(root, List.of());
  }

  /**
   * Terminates the tree: SIGTERM to every member, up to {@code grace} for all to die, then SIGKILL
   * to whatever is left, for up to {@link #GIVE_UP_AFTER_KILL} more. {@code Duration.ZERO} kills at
   * once. Returns true once the tree is gone, false if it is still there then.
   */
  public static boolean terminate(Root root, Duration grace) {
    return terminate(root, grace, ProcessBackend.get());
  }

  /** As {@link #terminate(Root, Duration)}, finding the tree with {@code backend}. */
  static boolean terminate(Root root, Duration grace, ProcessBackend backend) {
    // The whole tree is collected before the first signal: a parent that dies first leaves its
    // children behind where its descendants are no longer looked for.
    Set<ProcessHandle> alive = new LinkedHashSet<>(backend.members(root, List.of()));
    long start = System.nanoTime();
    long killAt = start + grace.toNanos();
    long giveUpAt = killAt + GIVE_UP_AFTER_KILL.toNanos();
    boolean killing = grace.isZero();
    signal(alive, killing);
    long pauseNanos = Duration.ofMillis(1).toNanos();
    while (true) {
      alive.removeIf(backend::isGone);
      long now = System.nanoTime();
      if (!killing && now - killAt >= 0) {
        killing = true;
        alive.addAll(backend.members(root, alive));
        signal(alive, true);
      }
      if (alive.isEmpty()) {
        // Members forked after the first look get the same signal, and the rest of the wait.
        Set<ProcessHandle> late = backend.members(root, List.of());
        if (late.isEmpty()) {
          return true;
        }
        alive.addAll(late);
        signal(late, killing);
      } else if (now - giveUpAt >= 0) {
        return false;
      } else if (killing) {
        signal(alive, true);
      }
      LockSupport.parkNanos(pauseNanos);
      pauseNanos = Math.min(pauseNanos * 2, Duration.ofMillis(50).toNanos());
    }
  }

  /** SIGKILLs the tree until it is gone; returns true if it is. */
  public static boolean kill(Root root) {
    return terminate(root, Duration.ZERO);
  }

  /** Whether {@code process} is gone (a zombie counts as gone where that can be told). */
  public static boolean isGone(ProcessHandle process) {
    return ProcessBackend.get().isGone(process);
  }

  /** Whether the process {@code pid} is gone (a zombie counts as gone where that can be told). */
  public static boolean isDead(long pid) {
    return ProcessHandle.of(pid).map(ProcessTree::isGone).orElse(true);
  }

  /** Never signals {@code pid} from now on. */
  public static void protect(long pid) {
    PROTECTED.add(pid);
  }

  /**
   * Whether {@code pid} may be signalled at all: not pid 0 or 1, not this JVM or one of its
   * ancestors, not {@linkplain #protect protected}.
   */
  public static boolean maySignal(long pid) {
    return maySignal(pid, jvmAndAncestors());
  }

  private static boolean maySignal(long pid, Set<Long> jvmAndAncestors) {
    return pid > 1 && !PROTECTED.contains(pid) && !jvmAndAncestors.contains(pid);
  }

  /** This JVM's pid and its ancestors' as they are now (a parent that exits is replaced). */
  private static Set<Long> jvmAndAncestors() {
    Set<Long> pids = new LinkedHashSet<>();
    Optional<ProcessHandle> next = Optional.of(ProcessHandle.current());
    while (next.isPresent() && pids.add(next.get().pid())) {
      next = next.get().parent();
    }
    return pids;
  }

  /** Sends SIGTERM ({@code force} false) or SIGKILL to each of {@code processes} that may be. */
  private static void signal(Set<ProcessHandle> processes, boolean force) {
    if (processes.isEmpty()) {
      return;
    }
    Set<Long> jvmAndAncestors = jvmAndAncestors();
    for (ProcessHandle process : processes) {
      if (!maySignal(process.pid(), jvmAndAncestors)) {
        continue;
      }
      if (force) {
        process.destroyForcibly();
      } else {
        process.destroy();
      }
    }
  }
}
