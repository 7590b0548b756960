package io.ovrseer.internal;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * What differs between platforms when Ovrseer starts a process and later finds its whole tree: how
 * the process is put in a session of its own, how the tree's members are found, and how a death is
 * told. Signals are sent through {@link ProcessHandle} on every platform ({@code destroy()} is
 * SIGTERM on Unix, {@code destroyForcibly()} SIGKILL), so they never reach a process whose pid was
 * reused.
 *
 * <p>Two implementations, chosen once per JVM by {@link #get()}: {@code linux} (util-linux {@code
 * setsid}, one pass over {@code /proc} per look at a tree, which also finds members of the root's
 * session that outlived their parent) and {@code portable} ({@link ProcessHandle#descendants()}
 * only, on macOS, other Unixes, Windows, or wherever {@code setsid} or {@code /proc} is missing,
 * which on Linux logs a warning).
 */
public interface ProcessBackend {
  /** System property that chooses the backend: {@code linux} or {@code portable}. */
  String PROPERTY = "ovrseer.platform";

  /**
   * The environment variable every process Ovrseer spawns carries, with a value of its own per run:
   * proof, readable in {@code /proc/<pid>/environ}, that a process found in a dead root's session
   * is one of ours.
   */
  String MARK_VARIABLE = "OVRSEER_TREE";

  /** A new value for {@value #MARK_VARIABLE}: this JVM's pid and a random number. */
  static String newMark() {
    return ProcessHandle.current().pid()
        + "-"
        + Long.toHexString(ThreadLocalRandom.current().nextLong());
  }

  /**
   * The backend of this JVM: the one {@value #PROPERTY} names, else {@code linux} where it works,
   * else {@code portable}.
   *
   * @throws IllegalStateException if {@value #PROPERTY} names an unknown backend, or {@code linux}
   *     on a machine that lacks what it needs (saying what)
   */
  static ProcessBackend get() {
    return Backends.selected();
  }

  /** {@code linux} or {@code portable}. */
  String name();

  /**
   * The program and options to put before a command line so that the command leads a new session
   * (and process group) whose id is its pid; empty where the backend has none.
   */
  List<String> sessionPrefix();

  /**
   * Begins a look at this machine's processes, in which the trees of several roots can then be
   * found: a backend that reads the whole process table reads it once per look.
   */
  Look look();

  /**
   * Whether one look serves several trees for about the cost of one, so that trees stopped together
   * are best stopped as one batch; where it does not, they are stopped in parallel.
   */
  boolean sharesLooks();

  /** What one look at the processes found. */
  interface Look {
    /**
     * The live members of a tree: its root if alive, the descendants of the root and of each of
     * {@code known} still alive, and, where the root leads its own session and the backend can
     * tell, the members of that process group and session (once the root is gone, only those that
     * carry the root's {@linkplain #MARK_VARIABLE mark}).
     */
    Set<ProcessHandle> members(ProcessTree.Root root, Collection<ProcessHandle> known);

    /**
     * Whether this look met a process that would have been a member of a tree it was asked for had
     * it carried the tree's mark, and whose environment read empty, as a process's does in the
     * middle of its exec: a look a moment later can tell. False where marks are not read.
     */
    default boolean undecided() {
      return false;
    }
  }

  /** Whether {@code process} is gone; where it can be told, a zombie counts as gone. */
  boolean isGone(ProcessHandle process);
}
