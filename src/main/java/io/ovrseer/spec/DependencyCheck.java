package io.ovrseer.spec;

import io.ovrseer.internal.TopologicalOrder;
import java.util.LinkedHashMap;
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
   * @param processes the processes whose {@code dependsOn} is checked, those whose command is wrong
   *     included (each mistake shows at once)
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

  /** Records each cycle once, at the {@code dependsOn} of the process it was entered by. */
  private static void reportCycles(
      Map<String, ProcessSpec> byId, Function<ProcessSpec, String> where, Problems problems) {
    TopologicalOrder.of(
        byId.keySet(),
        id -> byId.get(id).dependsOn(),
        cycle ->
            problems.add(
                where.apply(byId.get(cycle.get(0))),
                "["
                    + String.join(" -> ", cycle)
                    + "] is a cycle; a process cannot wait for itself"));
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
