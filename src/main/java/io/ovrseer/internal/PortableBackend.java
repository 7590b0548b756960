package io.ovrseer.internal;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The backend that needs nothing but the JDK: no session of its own for a process, and its tree is
 * what {@link ProcessHandle#descendants()} lists, looked up again until a look finds no new member
 * (a process forked during a look can be missed by it). A descendant that leaves the tree before it
 * is found (a daemon whose parent exited) is not found.
 */
final class PortableBackend implements ProcessBackend {

  @Override
  public String name() {
    return "portable";
  }

  @Override
  public List<String> sessionPrefix() {
    return List.of();
  }

  @Override
  public boolean sharesLooks() {
    // Each tree is its own walk of at least two JDK passes: walked on threads of their own, the
    // trees of a stop go faster than one after another.
    return false;
  }

  @Override
  public Look look() {
    // The JDK gives no table to share: each tree is walked when asked for.
    return PortableBackend::members;
  }

  private static Set<ProcessHandle> members(
      ProcessTree.Root root, Collection<ProcessHandle> known) {
    // Only live ones are walked: the JDK lists as the descendants of a gone process those of
    // whichever process has its pid now (it compares their start times to that one's), and its
    // children were re-parented when it exited.
    List<ProcessHandle> tops =
        Stream.concat(Stream.ofNullable(root.handle()), known.stream())
            .filter(ProcessHandle::isAlive)
            .toList();
    Set<ProcessHandle> found = new LinkedHashSet<>(tops);
    int before;
    do {
      before = found.size();
      for (ProcessHandle top : tops) {
        top.descendants().filter(ProcessHandle::isAlive).forEach(found::add);
      }
    } while (found.size() != before);
    return found;
  }

  @Override
  public boolean isGone(ProcessHandle process) {
    return !process.isAlive();
  }
}
