package io.ovrseer.junit;

import static io.ovrseer.junit.TestKit.STEPS;
import static org.assertj.core.api.Assertions.assertThat;

import io.ovrseer.junit.OvrseerEnvironment.Scope;
import io.ovrseer.process.ProcessUnit;
import io.ovrseer.testing.NoLeftoverProcesses;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/** Requirement 2: METHOD gives each test a fresh environment; GLOBAL shares one across classes. */
@ExtendWith(NoLeftoverProcesses.class)
class ScopeTest {

  @Test
  void methodScopeStartsAFreshEnvironmentForEachTest() {
    TestKit.run(PerMethod.class)
        .testEvents()
        .assertStatistics(stats -> stats.started(2).succeeded(2));

    assertThat(PerMethod.pids).hasSize(2).doesNotHaveDuplicates();
    assertThat(PerMethod.firstAliveDuringSecond).containsExactly(false);
  }

  @Test
  void globalScopeSharesOneEnvironmentBetweenClassesWithTheIdenticalDeclaration() {
    TestKit.Captured run = TestKit.runCapturing(SharedA.class, SharedB.class, Different.class);

    run.results().testEvents().assertStatistics(stats -> stats.started(3).succeeded(3));
    assertThat(SHARED_PIDS).containsOnlyKeys("SharedA", "SharedB", "Different");
    assertThat(SHARED_PIDS.get("SharedA"))
        .as("same pid in both classes")
        .isEqualTo(SHARED_PIDS.get("SharedB"));
    assertThat(SHARED_PIDS.get("Different")).isNotEqualTo(SHARED_PIDS.get("SharedA"));
    assertThat(
            Pattern.compile("environment \\w{12} \\[shared] of Shared[AB] ready")
                .matcher(run.out())
                .results()
                .count())
        .as("the shared environment started once")
        .isEqualTo(1);
    // Stopped at the end of the run (root store), after both classes finished.
    assertThat(run.out().lastIndexOf("[shared] of SharedA stopped"))
        .isGreaterThan(run.out().lastIndexOf("[different] of Different ready"));
  }

  static final Map<String, Long> SHARED_PIDS = new ConcurrentHashMap<>();

  @OnlyInTestKit
  @OvrseerEnvironment(scope = Scope.METHOD)
  @MainProcess(
      id = "api",
      command = {"${java}", "-cp", "${classpath}", STEPS, "hang"})
  @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
  static class PerMethod {
    static final List<Long> pids = new CopyOnWriteArrayList<>();
    static final List<Boolean> firstAliveDuringSecond = new CopyOnWriteArrayList<>();

    @Test
    @Order(1)
    void first(@ProcessId("api") ProcessUnit api) {
      pids.add(api.getPid().orElseThrow());
    }

    @Test
    @Order(2)
    void second(@ProcessId("api") ProcessUnit api) {
      pids.add(api.getPid().orElseThrow());
      firstAliveDuringSecond.add(
          ProcessHandle.of(pids.get(0)).map(ProcessHandle::isAlive).orElse(false));
    }
  }

  @OnlyInTestKit
  @OvrseerEnvironment(scope = Scope.GLOBAL)
  @MainProcess(
      id = "shared",
      command = {"${java}", "-cp", "${classpath}", STEPS, "hang"})
  static class SharedA {
    @Test
    void recordsPid(@ProcessId("shared") ProcessUnit shared) {
      SHARED_PIDS.put(getClass().getSimpleName(), shared.getPid().orElseThrow());
    }
  }

  @OnlyInTestKit
  @OvrseerEnvironment(scope = Scope.GLOBAL)
  @MainProcess(
      id = "shared",
      command = {"${java}", "-cp", "${classpath}", STEPS, "hang"})
  static class SharedB {
    @Test
    void recordsPid(@ProcessId("shared") ProcessUnit shared) {
      SHARED_PIDS.put(getClass().getSimpleName(), shared.getPid().orElseThrow());
    }
  }

  @OnlyInTestKit
  @OvrseerEnvironment(scope = Scope.GLOBAL)
  @MainProcess(
      id = "different",
      command = {"${java}", "-cp", "${classpath}", STEPS, "hang"})
  static class Different {
    @Test
    void recordsPid(@ProcessId("different") ProcessUnit different) {
      SHARED_PIDS.put(getClass().getSimpleName(), different.getPid().orElseThrow());
    }
  }
}
