package io.ovrseer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.ovrseer.log.ProcessLogger;
import io.ovrseer.process.ProcessUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The stop order a dependsOn graph gives; the start order is in {@link DependsOnTest}. */
class DependencyGraphTest {
  private final EventBus events = new EventBus(event -> null);
  private final List<ProcessEntry> entries = new ArrayList<>();

  private ProcessEntry entry(String id, ProcessType type, String... dependsOn) {
    ProcessUnit unit = mock(ProcessUnit.class);
    when(unit.dependsOn()).thenReturn(List.of(dependsOn));
    when(unit.logger()).thenReturn(new ProcessLogger());
    ProcessEntry entry = new ProcessEntry(id, type, unit, events, () -> {}, e -> {});
    entries.add(entry);
    return entry;
  }

  private static List<List<String>> ids(List<List<ProcessEntry>> waves) {
    return waves.stream().map(w -> w.stream().map(e -> e.id).toList()).toList();
  }

  @Test
  void withoutEdgesAGroupStopsInOneWave() {
    ProcessEntry db = entry("db", ProcessType.DEPENDENCY);
    ProcessEntry cache = entry("cache", ProcessType.DEPENDENCY);

    assertThat(ids(DependencyGraph.checked(entries).stopWaves(List.of(db, cache))))
        .containsExactly(List.of("db", "cache"));
  }

  @Test
  void whatDependsOnAProcessStopsInAnEarlierWave() {
    ProcessEntry init = entry("init", ProcessType.SETUP);
    ProcessEntry db = entry("db", ProcessType.DEPENDENCY, "init");
    ProcessEntry search = entry("search", ProcessType.DEPENDENCY, "db");
    ProcessEntry cache = entry("cache", ProcessType.DEPENDENCY);
    ProcessEntry api = entry("api", ProcessType.MAIN, "db");

    DependencyGraph graph = DependencyGraph.checked(entries);

    assertThat(ids(graph.stopWaves(List.of(init, db, search, cache))))
        .containsExactly(List.of("search", "cache"), List.of("db"), List.of("init"));
    // Edges into another group do not order this one.
    assertThat(ids(graph.stopWaves(List.of(api)))).containsExactly(List.of("api"));
  }

  @Test
  void aLenientGraphLeavesOutUnknownIdsAndStopsACycleInOneLastWave() {
    ProcessEntry a = entry("a", ProcessType.DEPENDENCY, "b", "ghost");
    ProcessEntry b = entry("b", ProcessType.DEPENDENCY, "a");
    ProcessEntry c = entry("c", ProcessType.DEPENDENCY);

    assertThat(ids(DependencyGraph.lenient(entries).stopWaves(List.of(a, b, c))))
        .containsExactly(List.of("c"), List.of("a", "b"));
  }
}
