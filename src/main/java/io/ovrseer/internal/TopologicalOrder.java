package io.ovrseer.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Orders ids so that each comes after the ids it points to (what it waits for, what it uses), and
 * finds the cycles that make such an order impossible: one depth-first walk from each id in the
 * given order, iterative (a chain of thousands of ids is as deep) and linear in the ids and their
 * edges (the position of each id on the current path is looked up, not searched). The one walk of
 * such graphs: the {@code dependsOn} of declarations and of registered processes, the services that
 * use each other's connection properties.
 */
public final class TopologicalOrder {
  private TopologicalOrder() {}

  /**
   * {@code ids}, each after the ids it points to; ids that point to nothing keep their order.
   *
   * @param edges the ids an id points to; those not in {@code ids} are ignored
   * @param onCycle given each cycle once: the ids along it, the first repeated at the end ({@code
   *     [a, b, a]}); the order then places one of its ids before an id it points to
   */
  public static List<String> of(
      Collection<String> ids,
      Function<String, ? extends Collection<String>> edges,
      Consumer<List<String>> onCycle) {
    Set<String> known = new HashSet<>(ids);
    List<String> order = new ArrayList<>();
    Set<String> done = new HashSet<>();
    List<String> path = new ArrayList<>();
    Map<String, Integer> onPath = new HashMap<>();
    Deque<Iterator<String>> next = new ArrayDeque<>(); // per id on the path, what is left of it
    for (String root : ids) {
      if (done.contains(root)) {
        continue;
      }
      enter(root, edges, path, onPath, next);
      while (!path.isEmpty()) {
        Iterator<String> left = next.peek();
        if (!left.hasNext()) {
          String finished = path.remove(path.size() - 1);
          onPath.remove(finished);
          next.pop();
          done.add(finished);
          order.add(finished);
          continue;
        }
        String id = left.next();
        if (!known.contains(id) || done.contains(id)) {
          continue;
        }
        Integer start = onPath.get(id);
        if (start == null) {
          enter(id, edges, path, onPath, next);
          continue;
        }
        List<String> cycle = new ArrayList<>(path.subList(start, path.size()));
        cycle.add(id);
        onCycle.accept(cycle);
      }
    }
    return order;
  }

  private static void enter(
      String id,
      Function<String, ? extends Collection<String>> edges,
      List<String> path,
      Map<String, Integer> onPath,
      Deque<Iterator<String>> next) {
    onPath.put(id, path.size());
    path.add(id);
    // Each edge once: a repeated one would give the same cycle twice.
    next.push(new LinkedHashSet<>(edges.apply(id)).iterator());
  }
}
