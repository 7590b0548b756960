package io.ovrseer.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * Stops a whole process tree: SIGTERM to every member, a grace period, then SIGKILL to what is
 * left; members that appear meanwhile (forked after the first look) get the same. The members are
 * found by this JVM's {@link ProcessBackend}.
 *
 * <p>Whatever a tree holds, some processes are never signalled: pid 0 and 1, this JVM, its
 * ancestors, and the processes {@linkplain #protect protected} (the orphan watchdog).
 */
public final class ProcessTree {
  /** How long to keep sending SIGKILL to a tree that does not die, past its grace period: 5 s. */
  public static final Duration GIVE_UP_AFTER_KILL = Duration.ofSeconds(5);

  /**
   * How long the last look of a stop is taken again while it meets a process it cannot tell (see
   * {@link ProcessBackend.Look#undecided}): 100 ms.
   */
  static final Duration LOOK_AGAIN_WHILE_UNDECIDED = Duration.ofMillis(100);

  /** Compared as {@link ProcessHandle#equals}: by pid and start time, so a reused pid is not. */
  private static final Set<ProcessHandle> PROTECTED = ConcurrentHashMap.newKeySet();

  private ProcessTree() {}

  /**
   * The root of a tree: its {@code pid}; its {@code handle}, which knows its start time, or null
   * when the root is known to be gone (its pid may name another process by now); whether it was
   * started to lead its own session ({@code ownSession}); and the {@linkplain
   * ProcessBackend#MARK_VARIABLE mark} its environment carries, or null; and whether this JVM
   * spawned it ({@code spawnedHere}), so that every process of its tree started after this JVM.
   */
  public record Root(
      long pid, ProcessHandle handle, boolean ownSession, String mark, boolean spawnedHere) {
    /** The root of a process this JVM spawned. */
    public static Root of(Process process, boolean ownSession, String mark) {
      return new Root(process.pid(), process.toHandle(), ownSession, mark, true);
    }

    /** Whether the root itself is alive. */
    boolean rootAlive() {
      return handle != null && handle.isAlive();
    }
  }

  /** The live members of the tree of {@code root}, as a look begun now finds them. */
  public static Set<ProcessHandle> members(Root root) {
    return ProcessBackend.get().look().members(root, List.of());
  }

  /**
   * Terminates the tree: SIGTERM to every member, up to {@code grace} for all to die, then SIGKILL
   * to whatever is left, for up to {@link #GIVE_UP_AFTER_KILL} more. {@code Duration.ZERO} kills at
   * once. Returns true once the tree is gone, false if it is still there then.
   */
  public static boolean terminate(Root root, Duration grace) {
    return terminate(Map.of(root, grace)).isEmpty();
  }

  /**
   * Terminates several trees together, each as {@link #terminate(Root, Duration)} with its own
   * grace period, and returns the trees still there when given up on: by root, the members then
   * known alive. One look at the processes serves every tree: one before the first signal, one
   * after the last death; that one is taken again, for up to {@link #LOOK_AGAIN_WHILE_UNDECIDED},
   * while it is {@linkplain ProcessBackend.Look#undecided undecided}.
   */
  public static Map<Root, Set<ProcessHandle>> terminate(Map<Root, Duration> graces) {
    return terminate(graces, ProcessBackend.get());
  }

  /** As {@link #terminate(Map)}, finding the trees with {@code backend}. */
  static Map<Root, Set<ProcessHandle>> terminate(
      Map<Root, Duration> graces, ProcessBackend backend) {
    long start = System.nanoTime();
    // Each whole tree is collected before the first signal: a parent that dies first leaves its
    // children behind where its descendants are no longer looked for.
    ProcessBackend.Look look = backend.look();
    List<Ending> endings = new ArrayList<>(graces.size());
    graces.forEach(
        (root, grace) ->
            endings.add(new Ending(root, look.members(root, List.of()), start, grace)));
    // Taken once: an orphaned process is adopted by an ancestor of its parent (or init), so no
    // process becomes an ancestor of this JVM during the stop without being one already.
    Set<Long> spared = jvmAndAncestors();
    endings.forEach(ending -> signal(ending.alive, ending.killing, spared));
    Map<Root, Set<ProcessHandle>> givenUp = new LinkedHashMap<>();
    long pauseNanos = Duration.ofMillis(1).toNanos();
    Long undecidedSince = null;
    while (true) {
      long now = System.nanoTime();
      List<Ending> escalating = new ArrayList<>();
      List<Ending> waiting = new ArrayList<>();
      for (Ending ending : endings) {
        ending.alive.removeIf(backend::isGone);
        if (!ending.killing && now - ending.killAt >= 0) {
          ending.killing = true;
          escalating.add(ending);
        } else if (!ending.alive.isEmpty()) {
          waiting.add(ending);
        }
      }
      if (!escalating.isEmpty()) {
        ProcessBackend.Look again = backend.look();
        for (Ending ending : escalating) {
          ending.alive.addAll(again.members(ending.root, ending.alive));
          signal(ending.alive, true, spared);
          if (!ending.alive.isEmpty()) {
            waiting.add(ending);
          }
        }
      }
      if (waiting.isEmpty()) {
        // Members forked after the first look get the same signal, and the rest of the wait: this
        // look begins after every known member died.
        ProcessBackend.Look last = backend.look();
        for (Ending ending : endings) {
          Set<ProcessHandle> late = last.members(ending.root, List.of());
          if (!late.isEmpty()) {
            ending.alive.addAll(late);
            signal(late, ending.killing, spared);
            waiting.add(ending);
          }
        }
        if (waiting.isEmpty() && last.undecided()) {
          // A member of a tree in the middle of its exec would be missed (1 stop in 300 of a daemon
          // whose parent exited, as it execs): looked for again, the pauses growing, for a while.
          undecidedSince = undecidedSince == null ? now : undecidedSince;
          if (now - undecidedSince < LOOK_AGAIN_WHILE_UNDECIDED.toNanos()) {
            waiting.addAll(endings);
          }
        }
        if (waiting.isEmpty()) {
          return givenUp;
        }
      }
      for (Ending ending : waiting) {
        if (now - ending.giveUpAt >= 0) {
          givenUp.put(ending.root, Set.copyOf(ending.alive));
          endings.remove(ending);
        } else if (ending.killing) {
          signal(ending.alive, true, spared);
        }
      }
      if (endings.isEmpty()) {
        return givenUp;
      }
      awaitAnExit(endings, pauseNanos);
      pauseNanos = Math.min(pauseNanos * 2, Duration.ofMillis(50).toNanos());
    }
  }

  /** One tree being terminated: what is known alive of it, and when it is killed, given up on. */
  private static final class Ending {
    final Root root;
    final Set<ProcessHandle> alive;
    final long killAt;
    final long giveUpAt;
    boolean killing;

    Ending(Root root, Set<ProcessHandle> members, long start, Duration grace) {
      this.root = root;
      this.alive = new LinkedHashSet<>(members);
      this.killAt = start + grace.toNanos();
      this.giveUpAt = killAt + GIVE_UP_AFTER_KILL.toNanos();
      this.killing = grace.isZero();
    }
  }

  /**
   * Waits up to {@code nanos}, less if a root still alive exits before: the JDK tells the exit of a
   * child of this JVM at once, while other members' exits can only be looked for again.
   */
  private static void awaitAnExit(List<Ending> endings, long nanos) {
    for (Ending ending : endings) {
      ProcessHandle root = ending.root.handle();
      if (root != null && ending.alive.contains(root)) {
        try {
          Uninterruptible.get(root.onExit(), Duration.ofNanos(nanos));
        } catch (TimeoutException stillAlive) {
          // Look again.
        } catch (ExecutionException impossible) {
          throw new IllegalStateException(impossible);
        }
        return;
      }
    }
    Uninterruptible.sleep(nanos);
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

  /** Never signals {@code process} from now on (another process given its pid later may be). */
  public static void protect(ProcessHandle process) {
    PROTECTED.add(process);
  }

  /**
   * Whether {@code pid} may be signalled at all: not pid 0 or 1, not this JVM or one of its
   * ancestors. A process {@linkplain #protect protected} is not signalled either.
   */
  public static boolean maySignal(long pid) {
    return maySignal(pid, jvmAndAncestors());
  }

  private static boolean maySignal(long pid, Set<Long> jvmAndAncestors) {
    return pid > 1 && !jvmAndAncestors.contains(pid);
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

  /**
   * Sends SIGTERM ({@code force} false) or SIGKILL to each of {@code processes} that {@linkplain
   * #maySignal may be}, given this JVM and its ancestors, {@code jvmAndAncestors}.
   */
  private static void signal(
      Set<ProcessHandle> processes, boolean force, Set<Long> jvmAndAncestors) {
    for (ProcessHandle process : processes) {
      if (!maySignal(process.pid(), jvmAndAncestors) || PROTECTED.contains(process)) {
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
