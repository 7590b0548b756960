package io.ovrseer;

import io.ovrseer.internal.TopologicalOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@link io.ovrseer.process.ProcessUnit#dependsOn() dependsOn} edges between the processes of
 * one {@link Ovrseer}: checked before a start spawns anything, then asked which processes each one
 * waits for, and in which waves a group is stopped (what depends on a process stops before it).
 *
 * <p>The rules: a setup process or dependency may depend on setup processes and dependencies; a
 * main process also on other main processes; a cleanup process on setup processes and dependencies
 * (which the cleanup phase always finds done or running). Every id must be registered, and the
 * edges must not form a cycle.
 */
final class DependencyGraph {
  private final Map<String, ProcessEntry> byId;
  private final Map<ProcessEntry, List<ProcessEntry>> prerequisites = new HashMap<>();
  private boolean hasEdges;

  private DependencyGraph(List<ProcessEntry> entries) {
    byId = new LinkedHashMap<>();
    entries.forEach(e -> byId.put(e.id, e));
  }

  /**
   * The graph of {@code entries} (every registered process, in registration order).
   *
   * @throws OvrseerStartException naming the process and the id for an unknown id or a dependency
   *     on a group that starts later, and spelling out the first cycle found
   */
  static DependencyGraph checked(List<ProcessEntry> entries) {
    DependencyGraph graph = new DependencyGraph(entries);
    for (ProcessEntry entry : entries) {
      List<ProcessEntry> before = new ArrayList<>();
      for (String id : entry.unit.dependsOn()) {
        ProcessEntry target = graph.byId.get(id);
        if (target == null) {
          throw configurationError(
              entry,
              entry.label()
                  + " depends on \""
                  + id
                  + "\", which is not registered; known ids: "
                  + graph.byId.keySet());
        }
        if (!entry.type.mayDependOn(target.type)) {
          throw configurationError(
              entry, entry.label() + " depends on " + target.label() + "; " + ruleFor(entry.type));
        }
        before.add(target);
      }
      graph.prerequisites.put(entry, List.copyOf(before));
      graph.hasEdges |= !before.isEmpty();
    }
    List<String> cycle = graph.firstCycle();
    if (!cycle.isEmpty()) {
      throw configurationError(
          graph.byId.get(cycle.get(0)), "dependsOn forms a cycle: " + String.join(" -> ", cycle));
    }
    return graph;
  }

  /**
   * The graph of {@code entries} for stopping: ids that are not registered, and edges that do not
   * fit the rules, are left out instead of failing (processes may have been added since the start).
   */
  static DependencyGraph lenient(List<ProcessEntry> entries) {
    DependencyGraph graph = new DependencyGraph(entries);
    for (ProcessEntry entry : entries) {
      List<ProcessEntry> before = new ArrayList<>();
      for (String id : entry.unit.dependsOn()) {
        ProcessEntry target = graph.byId.get(id);
        if (target != null && entry.type.mayDependOn(target.type)) {
          before.add(target);
        }
      }
      graph.prerequisites.put(entry, List.copyOf(before));
      graph.hasEdges |= !before.isEmpty();
    }
    return graph;
  }

  /** The processes {@code entry} waits for, in the order it names them. */
  List<ProcessEntry> prerequisitesOf(ProcessEntry entry) {
    return prerequisites.getOrDefault(entry, List.of());
  }

  /**
   * {@code group} split into waves to stop one after the other: the first holds every process of
   * the group that no other process of the group depends on, the next what only those depended on,
   * and so on. Without edges inside the group this is one wave. A cycle (only possible in a lenient
   * graph) ends up whole in the last wave.
   */
  List<List<ProcessEntry>> stopWaves(List<ProcessEntry> group) {
    if (group.isEmpty()) {
      return List.of();
    }
    if (!hasEdges) {
      return List.of(group); // the common case, on every stop: no sets to build
    }
    Set<ProcessEntry> left = new java.util.LinkedHashSet<>(group);
    List<List<ProcessEntry>> waves = new ArrayList<>();
    while (!left.isEmpty()) {
      Set<ProcessEntry> needed = new HashSet<>();
      for (ProcessEntry entry : left) {
        needed.addAll(prerequisitesOf(entry));
      }
      List<ProcessEntry> wave = new ArrayList<>();
      for (ProcessEntry entry : left) {
        if (!needed.contains(entry)) {
          wave.add(entry);
        }
      }
      if (wave.isEmpty()) {
        wave = new ArrayList<>(left);
      }
      waves.add(wave);
      wave.forEach(left::remove);
    }
    return waves;
  }

  /** The first cycle of the graph ({@code [a, b, a]}), or empty. */
  private List<String> firstCycle() {
    if (!hasEdges) {
      return List.of(); // most environments: no walk on every start()
    }
    List<List<String>> cycles = new ArrayList<>();
    TopologicalOrder.of(
        byId.keySet(),
        id -> prerequisitesOf(byId.get(id)).stream().map(p -> p.id).toList(),
        cycles::add);
    return cycles.isEmpty() ? List.of() : cycles.get(0);
  }

  private static String ruleFor(ProcessType type) {
    return switch (type) {
      case SETUP, DEPENDENCY ->
          "setup processes and dependencies can only depend on setup processes and dependencies"
              + " (main processes start after all of them)";
      case MAIN ->
          "main processes can only depend on setup processes, dependencies and main processes";
      case CLEANUP ->
          "cleanup processes can only depend on setup processes and dependencies (which are done"
              + " or running when the cleanup phase begins)";
    };
  }

  private static OvrseerStartException configurationError(ProcessEntry entry, String message) {
    return new OvrseerStartException(
        "Ovrseer could not start: " + message, entry.id, List.of(), null);
  }
}
