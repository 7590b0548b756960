package io.ovrseer.spec;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks the {@code dependsOn} of every process before anything starts: each id names a process,
 * and no process waits for itself through a cycle ({@code a -> b -> a}).
 */
final class DependencyCheck {
  private DependencyCheck() {}

  /**
   * Records every unknown id and every cycle in {@code problems}.
   *
   * @param processes the processes with their {@code dependsOn}
   */
  static void check(List<ProcessSpec> processes, Problems problems) {
    Map<String, ProcessSpec> byId = new LinkedHashMap<>();
    processes.forEach(p -> byId.put(p.id(), p));
    Set<String> known = new TreeSet<>(byId.keySet());
    for (ProcessSpec process : processes) {
      for (String id : process.dependsOn()) {
        ProcessSpec target = byId.get(id);
        if (target != null && !process.group().type().mayDependOn(target.group().type())) {
          problems.add(
              process.where("dependsOn"),
              "[" + id + "] is " + describe(target.group()) + "; " + ruleFor(process.group()));
        }
        if (target == null) {
          problems.add(
              process.where("dependsOn"),
              "["
                  + id
                  + "] names no process"
                  + Suggestions.didYouMean(id, known)
                  + " known: "
                  + known);
        }
      }
    }
    Set<String> done = new HashSet<>();
    Set<Set<String>> reported = new HashSet<>();
    for (ProcessSpec process : processes) {
      visit(process.id(), byId, new ArrayList<>(), done, reported, problems);
    }
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

  private static void visit(
      String id,
      Map<String, ProcessSpec> byId,
      List<String> path,
      Set<String> done,
      Set<Set<String>> reported,
      Problems problems) {
    ProcessSpec process = byId.get(id);
    if (process == null || done.contains(id)) {
      return;
    }
    int start = path.indexOf(id);
    if (start >= 0) {
      List<String> cycle = new ArrayList<>(path.subList(start, path.size()));
      if (reported.add(new HashSet<>(cycle))) {
        cycle.add(id);
        problems.add(
            byId.get(cycle.get(0)).where("dependsOn"),
            "[" + String.join(" -> ", cycle) + "] is a cycle; a process cannot wait for itself");
      }
      return;
    }
    path.add(id);
    for (String next : process.dependsOn()) {
      visit(next, byId, path, done, reported, problems);
    }
    path.remove(path.size() - 1);
    done.add(id);
  }
}
