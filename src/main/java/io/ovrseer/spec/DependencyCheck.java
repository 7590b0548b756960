package io.ovrseer.spec;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Checks the {@code dependsOn} of every process before anything starts: each id names a process,
 * and no process waits for itself through a cycle ({@code a -> b -> a}).
 */
final class DependencyCheck {
  private DependencyCheck() {}

  /**
   * Records every unknown id and every cycle in {@code problems}, locating each at its process.
   *
   * @param processes the processes with their {@code dependsOn}, every one declared
   */
  static void check(List<ProcessSpec> processes, Problems problems) {
    Map<String, ProcessGroup> declared = new LinkedHashMap<>();
    processes.forEach(p -> declared.put(p.id(), p.group()));
    check(processes, declared, p -> p.where("dependsOn"), problems);
  }

  /**
   * Records every unknown id and every cycle in {@code problems}.
   *
   * @param processes the valid processes with their {@code dependsOn}
   * @param declared the group of every process declared, including those that are not valid: a
   *     process waiting for one of those waits for a process that exists (its own mistake is
   *     reported already)
   * @param where where the {@code dependsOn} of a process is, for messages
   */
  static void check(
      List<ProcessSpec> processes,
      Map<String, ProcessGroup> declared,
      Function<ProcessSpec, String> where,
      Problems problems) {
    Map<String, ProcessSpec> byId = new LinkedHashMap<>();
    processes.forEach(p -> byId.put(p.id(), p));
    Set<String> known = new TreeSet<>(declared.keySet());
    for (ProcessSpec process : processes) {
      for (String id : process.dependsOn()) {
        ProcessGroup target = declared.get(id);
        if (target == null) {
          problems.add(
              where.apply(process), "[" + id + "] names no process" + Suggestions.among(id, known));
        } else if (!process.group().type().mayDependOn(target.type())) {
          problems.add(
              where.apply(process),
              "[" + id + "] is " + describe(target) + "; " + ruleFor(process.group()));
        }
      }
    }
    reportCycles(byId, where, problems);
  }

  /**
   * Records each cycle once: a depth-first walk along {@code dependsOn} from each process in
   * declaration order, iterative (a chain of thousands of processes is as deep) and linear (the
   * position of each process on the current path is looked up, not searched).
   */
  private static void reportCycles(
      Map<String, ProcessSpec> byId, Function<ProcessSpec, String> where, Problems problems) {
    Set<String> done = new HashSet<>();
    List<String> path = new ArrayList<>();
    Map<String, Integer> onPath = new HashMap<>();
    Deque<Iterator<String>> next = new ArrayDeque<>(); // per process on the path, what is left
    for (String root : byId.keySet()) {
      if (done.contains(root)) {
        continue;
      }
      enter(root, byId, path, onPath, next);
      while (!path.isEmpty()) {
        Iterator<String> left = next.peek();
        if (!left.hasNext()) {
          String finished = path.remove(path.size() - 1);
          onPath.remove(finished);
          next.pop();
          done.add(finished);
          continue;
        }
        String id = left.next();
        if (!byId.containsKey(id) || done.contains(id)) {
          continue; // unknown (reported above), or walked already without a cycle back here
        }
        Integer start = onPath.get(id);
        if (start == null) {
          enter(id, byId, path, onPath, next);
          continue;
        }
        List<String> cycle = new ArrayList<>(path.subList(start, path.size()));
        cycle.add(id);
        problems.add(
            where.apply(byId.get(id)),
            "[" + String.join(" -> ", cycle) + "] is a cycle; a process cannot wait for itself");
      }
    }
  }

  private static void enter(
      String id,
      Map<String, ProcessSpec> byId,
      List<String> path,
      Map<String, Integer> onPath,
      Deque<Iterator<String>> next) {
    onPath.put(id, path.size());
    path.add(id);
    // Each id once: a second [a, a] would report the same cycle twice.
    next.push(new LinkedHashSet<>(byId.get(id).dependsOn()).iterator());
  }

  private static String describe(ProcessGroup group) {
    return switch (group) {
      case SETUP -> "a setup process";
      case DEPENDENCY -> "a dependency";
      case MAIN -> "a main process";
      case CLEANUP -> "a cleanup process";
    };
  }

  private static String ruleFor(ProcessGroup group) {
    return switch (group) {
      case SETUP, DEPENDENCY ->
          "setup processes and dependencies can only depend on setup processes and dependencies"
              + " (main processes start after all of them)";
      case MAIN ->
          "main processes can only depend on setup processes, dependencies and main processes";
      case CLEANUP -> "cleanup processes can only depend on setup processes and dependencies";
    };
  }
}
