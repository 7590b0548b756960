package io.ovrseer.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.ovrseer.Ovrseer;
import io.ovrseer.OvrseerOptions;
import io.ovrseer.crash.CrashReporter;
import io.ovrseer.process.ProcessUnit;
import io.ovrseer.process.ReadyCheck;
import io.ovrseer.testing.NoLeftoverProcesses;
import java.io.File;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * 200 start/stop cycles of 3 dependencies and 3 mains in one JVM: threads, file descriptors and
 * heap do not grow after the first cycles. Prints the figures for docs/reliability.md.
 */
@ExtendWith(NoLeftoverProcesses.class)
class SoakTest {
  private static final int WARMUP = 20;
  private static final int CYCLES = 200;

  @Test
  void twoHundredStartStopCyclesLeakNoThreadsDescriptorsOrHeap() {
    Ovrseer ovrseer =
        new Ovrseer(OvrseerOptions.builder().crashReporter(CrashReporter.noop()).build());
    for (int i = 0; i < 3; i++) {
      ovrseer.addDependency("dep" + i, process());
      ovrseer.addMainProcess("main" + i, process());
    }
    Resources baseline = null;
    long began = System.nanoTime();
    for (int cycle = 1; cycle <= CYCLES; cycle++) {
      ovrseer.start();
      for (int i = 0; i < 3; i++) {
        ovrseer.getProcess("main" + i).orElseThrow().ready().join();
      }
      ovrseer.stop();
      if (cycle == WARMUP) {
        baseline = Resources.now();
      }
    }
    Resources end = Resources.now();
    Duration took = Duration.ofNanos(System.nanoTime() - began);
    System.out.printf(
        "soak: %d cycles of 3 deps + 3 mains in %d ms (%.1f ms/cycle); after cycle %d: %s; after cycle %d: %s%n",
        CYCLES, took.toMillis(), took.toMillis() / (double) CYCLES, WARMUP, baseline, CYCLES, end);

    assertThat(end.threads).as("threads").isLessThanOrEqualTo(baseline.threads + 4);
    assertThat(end.fds).as("open file descriptors").isLessThanOrEqualTo(baseline.fds + 4);
    assertThat(end.heapBytes)
        .as("heap after GC")
        .isLessThan(baseline.heapBytes + 16L * 1024 * 1024);
  }

  private static ProcessUnit process() {
    return ProcessUnit.builder("sh", "-c", "echo READY; exec sleep 600")
        .readyCheck(ReadyCheck.logPattern("READY", Duration.ofSeconds(30)))
        .build();
  }

  private record Resources(int threads, int fds, long heapBytes) {
    static Resources now() {
      System.gc();
      long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
      String[] fds = new File("/proc/self/fd").list();
      return new Resources(
          ManagementFactory.getThreadMXBean().getThreadCount(),
          fds == null ? -1 : fds.length,
          heap);
    }

    @Override
    public String toString() {
      return threads + " threads, " + fds + " fds, " + heapBytes / 1024 + " KiB heap";
    }
  }
}
