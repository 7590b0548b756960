package io.ovrseer.bench;

import io.ovrseer.Ovrseer;
import io.ovrseer.process.ProcessUnit;
import io.ovrseer.process.ReadyCheck;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The orchestration benchmark's scenario, five dependencies and five mains of {@link #TINY}, three
 * ways; each round returns {@code {start until all ready, stop until all exited}} in nanoseconds.
 */
final class TenProcesses {
  static final List<String> TINY = List.of("sh", "-c", "echo READY; exec sleep 600");

  private TenProcesses() {}

  /** Raw {@code ProcessBuilder}: all ten at once, no session, no order, direct children only. */
  static long[] raw() throws Exception {
    long began = System.nanoTime();
    List<Process> processes = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      processes.add(new ProcessBuilder(TINY).start());
    }
    HandWritten.awaitFirstLines(processes);
    long ready = System.nanoTime();
    processes.forEach(Process::destroy);
    for (Process process : processes) {
      process.waitFor();
    }
    long stopped = System.nanoTime();
    return new long[] {ready - began, stopped - ready};
  }

  /** By hand with Ovrseer's guarantees ({@link HandWritten}): two phases, trees confirmed gone. */
  static long[] byHand() throws Exception {
    long began = System.nanoTime();
    List<List<Process>> phases = new ArrayList<>();
    for (int phase = 0; phase < 2; phase++) {
      List<Process> processes = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        processes.add(HandWritten.startInOwnSession(TINY));
      }
      HandWritten.awaitFirstLines(processes);
      phases.add(processes);
    }
    long ready = System.nanoTime();
    HandWritten.stopTrees(phases.get(1));
    HandWritten.stopTrees(phases.get(0));
    long stopped = System.nanoTime();
    return new long[] {ready - began, stopped - ready};
  }

  /** Ovrseer, with the backend of this JVM: 5 dependencies, then 5 mains, each ready on READY. */
  static long[] ovrseer() {
    Ovrseer ovrseer = PerformanceBenchmark.ovrseer();
    List<ProcessUnit> mains = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      ovrseer.addDependency("dep" + i, tiny());
      ProcessUnit main = tiny();
      mains.add(main);
      ovrseer.addMainProcess("main" + i, main);
    }
    long began = System.nanoTime();
    ovrseer.start();
    mains.forEach(m -> m.ready().join());
    long ready = System.nanoTime();
    ovrseer.stop();
    long stopped = System.nanoTime();
    return new long[] {ready - began, stopped - ready};
  }

  /** A unit of {@link #TINY}, ready on its READY line. */
  static ProcessUnit tiny() {
    return ProcessUnit.builder(TINY.get(0), TINY.subList(1, TINY.size()).toArray(String[]::new))
        .readyCheck(ReadyCheck.logPattern("READY", Duration.ofSeconds(30)))
        .build();
  }
}
