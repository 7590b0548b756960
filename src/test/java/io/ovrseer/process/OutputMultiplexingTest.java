package io.ovrseer.process;

import static io.ovrseer.fixtures.Fixtures.steps;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ovrseer.log.LogLine;
import io.ovrseer.log.ProcessLogger;
import io.ovrseer.testing.NoLeftoverProcesses;
import java.io.File;
import java.io.FileOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.channels.Pipe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Process output read by the one selector thread instead of two threads per process. */
@ExtendWith(NoLeftoverProcesses.class)
class OutputMultiplexingTest {
  private static final Duration LONG = Duration.ofSeconds(30);

  private static ProcessUnit idle(String ready) {
    return ProcessUnit.builder("sh", "-c", "echo " + ready + "; exec sleep 600")
        .readyCheck(ReadyCheck.logPattern(ready, LONG))
        .build();
  }

  @Test
  void runningProcessesHaveNoReaderThreadsOfTheirOwn() {
    ProcessUnit warmUp = idle("warm");
    warmUp.start();
    warmUp.ready().join();
    warmUp.stop();
    int before = ManagementFactory.getThreadMXBean().getThreadCount();

    List<ProcessUnit> units = new ArrayList<>();
    try {
      for (int i = 0; i < 10; i++) {
        ProcessUnit unit = idle("READY-" + i);
        units.add(unit);
        unit.start();
      }
      units.forEach(u -> u.ready().join());
      int added = ManagementFactory.getThreadMXBean().getThreadCount() - before;

      // One JDK reaper thread per process, plus at most a few pool threads shared by all.
      assertThat(added).isLessThan(2 * units.size());
      assertThat(Thread.getAllStackTraces().keySet())
          .extracting(Thread::getName)
          .noneMatch(name -> name.endsWith("-stdout") || name.endsWith("-stderr"));
      for (int i = 0; i < units.size(); i++) {
        assertThat(units.get(i).logger().getLogs()).containsExactly("READY-" + i);
      }
    } finally {
      ProcessUnit.stopAll(units);
    }
  }

  @Test
  void aBlockedLogListenerHoldsUpOnlyItsOwnProcess() {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch blocked = new CountDownLatch(1);
    ProcessLogger floodLog = new ProcessLogger(1000, 1000);
    floodLog.addListener(
        new ProcessLogger.Listener() {
          @Override
          public void onLine(LogLine line) {
            blocked.countDown();
            awaitQuietly(release);
          }
        });
    ProcessUnit flooding = steps("flood", "200000").logger(floodLog).build();
    ProcessUnit other = idle("other-ready");
    flooding.start();
    try {
      awaitQuietly(blocked);

      other.start();
      other.ready().join();
      assertThat(other.logger().getLogs()).containsExactly("other-ready");
      assertThat(flooding.isRunning()).as("the flooding child waits on its full pipe").isTrue();

      release.countDown();
      assertThat(flooding.exit().join().exitCode()).isZero();
      assertThat(flooding.logger().getLineCount()).isEqualTo(200_000);
    } finally {
      release.countDown();
      ProcessUnit.stopAll(List.of(flooding, other));
    }
  }

  @Test
  void theWriteEndsAreFoundThroughTheEpollProbe() throws IOException {
    OutputPipes.open().abandon();

    assertThat(OutputPipes.probing()).isTrue();
  }

  @Test
  void eachProcessGetsItsOwnOutputWhileOtherThreadsOpenPipesAndFiles(@TempDir Path dir)
      throws Exception {
    spawnWhileOtherThreadsOpenPipesAndFiles(dir);
  }

  @Test
  void withoutTheProbeEachProcessStillGetsItsOwnOutputWhileOtherThreadsOpenFiles(@TempDir Path dir)
      throws Exception {
    OutputPipes.findByListing(true);
    try {
      spawnWhileOtherThreadsOpenPipesAndFiles(dir);
      assertThat(OutputPipes.probing()).isFalse();
    } finally {
      OutputPipes.findByListing(false);
    }
  }

  private static void spawnWhileOtherThreadsOpenPipesAndFiles(Path dir) throws Exception {
    AtomicBoolean churning = new AtomicBoolean(true);
    File scratch = dir.resolve("scratch").toFile();
    Thread churn =
        new Thread(
            () -> {
              while (churning.get()) {
                try (FileOutputStream file = new FileOutputStream(scratch)) {
                  Pipe pipe = Pipe.open();
                  pipe.sink().configureBlocking(false);
                  pipe.sink().close();
                  pipe.source().close();
                  file.write(1);
                } catch (IOException e) {
                  throw new IllegalStateException(e);
                }
              }
            },
            "fd-churn");
    churn.start();
    List<ProcessUnit> units = new ArrayList<>();
    try {
      for (int i = 0; i < 40; i++) {
        ProcessUnit unit =
            ProcessUnit.builder("sh", "-c", "echo out-" + i + "; echo err-" + i + " >&2").build();
        units.add(unit);
        unit.start();
      }
      units.forEach(u -> u.exit().join());
    } finally {
      churning.set(false);
      churn.join();
    }

    for (int i = 0; i < units.size(); i++) {
      List<LogLine> lines = units.get(i).logger().getEntries();
      assertThat(lines)
          .as("unit %d", i)
          .extracting(LogLine::stream, LogLine::text)
          .containsExactlyInAnyOrder(
              org.assertj.core.groups.Tuple.tuple(LogLine.Stream.STDOUT, "out-" + i),
              org.assertj.core.groups.Tuple.tuple(LogLine.Stream.STDERR, "err-" + i));
    }
  }

  @Test
  void whereAPipeCannotBeReopenedTheChildGetsOrdinaryPipesAndLaterOnesToo() {
    OutputPipes.targetDirectory = new File("/nonexistent-fd-directory");
    try {
      ProcessUnit first = idle("first-ready");
      first.start();
      first.ready().join();
      assertThat(OsProcessUnit.pipesUnsupported).isTrue();
      assertThat(readerThreadsOf(first)).hasSize(2);

      ProcessUnit second = idle("second-ready");
      second.start();
      second.ready().join();
      assertThat(readerThreadsOf(second)).hasSize(2);
      assertThat(second.logger().getLogs()).containsExactly("second-ready");
      ProcessUnit.stopAll(List.of(first, second));
    } finally {
      OutputPipes.targetDirectory = new File("/proc/self/fd");
      OsProcessUnit.pipesUnsupported = false;
    }
  }

  @Test
  void pipesRegisteredForASpawnThatFailedAreClosed() throws IOException {
    ProcessUnit warmUp = idle("warm");
    warmUp.start();
    warmUp.ready().join();
    warmUp.stop();
    await().until(() -> OutputPipes.spareCount() == OutputPipes.SPARES);
    FdSnapshot before = FdSnapshot.now();
    // The JDK cannot open the redirect targets: the spawn with the registered pipes fails, and
    // the unit is spawned again with ordinary pipes.
    OutputPipes.targetDirectory = new File("/nonexistent-fd-directory");
    try {
      ProcessUnit unit = idle("fell-back");
      unit.start();
      unit.ready().join();
      unit.stop();
      assertThat(unit.logger().getLogs()).containsExactly("fell-back");
    } finally {
      OutputPipes.targetDirectory = new File("/proc/self/fd");
      OsProcessUnit.pipesUnsupported = false;
    }

    before.awaitNoMoreOpen();
  }

  private static List<String> readerThreadsOf(ProcessUnit unit) {
    String prefix = "ovrseer-sh-" + unit.getPid().getAsLong() + "-";
    return Thread.getAllStackTraces().keySet().stream()
        .map(Thread::getName)
        .filter(name -> name.startsWith(prefix))
        .toList();
  }

  @Test
  void noFileDescriptorIsLeftOpenAfterProcessesEnd() throws IOException {
    ProcessUnit warmUp = ProcessUnit.builder("true").build();
    warmUp.start();
    warmUp.exit().join();
    await().until(() -> OutputPipes.spareCount() == OutputPipes.SPARES);
    FdSnapshot before = FdSnapshot.now();

    List<ProcessUnit> units = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      ProcessUnit unit = ProcessUnit.builder("sh", "-c", "echo " + i).build();
      units.add(unit);
      unit.start();
    }
    units.forEach(u -> u.exit().join());

    before.awaitNoMoreOpen();
  }

  /** This JVM's open fds at one moment, to check later that no more are open. */
  private record FdSnapshot(long count, List<String> targets) {
    static FdSnapshot now() throws IOException {
      return new FdSnapshot(openFds(), fdTargets());
    }

    void awaitNoMoreOpen() {
      await()
          .untilAsserted(
              () ->
                  assertThat(openFds())
                      .as("before %s now %s", targets, fdTargets())
                      .isLessThanOrEqualTo(count));
    }
  }

  private static long openFds() throws IOException {
    try (var fds = Files.list(Path.of("/proc/self/fd"))) {
      return fds.filter(Objects::nonNull).count();
    }
  }

  private static List<String> fdTargets() throws IOException {
    List<String> targets = new ArrayList<>();
    try (var fds = Files.list(Path.of("/proc/self/fd"))) {
      for (Path fd : (Iterable<Path>) fds::iterator) {
        try {
          targets.add(fd.getFileName() + "->" + Files.readSymbolicLink(fd));
        } catch (IOException gone) {
          // The listing's own descriptor.
        }
      }
    }
    return targets;
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
