package io.ovrseer.bench;

import static io.ovrseer.bench.BenchmarkReport.median;
import static io.ovrseer.bench.BenchmarkReport.time;

import io.ovrseer.internal.ProcessTree;
import io.ovrseer.internal.SharedExecutors;
import io.ovrseer.process.ProcessUnit;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * The pieces the plain design's start and stop are made of, each timed alone and alternated with
 * its hand-written counterpart, so that the prose of docs/performance.md can say where the time
 * goes from figures of the same run. Linux backend only (the JVM's own).
 */
final class CostsBenchmark {
  private static final boolean QUICK = Boolean.getBoolean(AlternatingRounds.QUICK);
  private static final int ROUNDS = QUICK ? 3 : 61;
  private static final int WARM_UP = QUICK ? 1 : 10;
  private static final List<String> TINY = TenProcesses.TINY;

  private CostsBenchmark() {}

  static void run() throws Exception {
    long[][] t = new long[13][ROUNDS];
    for (int round = -WARM_UP; round < ROUNDS; round++) {
      long[] took = {
        firstLine(false),
        firstLine(true),
        twoReaders(),
        oneLook(),
        stopOne(Stop.RAW),
        stopOne(Stop.BY_HAND),
        stopOne(Stop.TREE),
        stopUnit(),
        stopTen(false),
        stopTen(true),
        jdkLook(),
        stopFiveRaw(),
        stopFiveUnits()
      };
      if (round >= 0) {
        for (int i = 0; i < took.length; i++) {
          t[i][round] = took[i];
        }
      }
    }
    double plain = median(t[0]);
    double setsid = median(t[1]);
    double threads = median(t[2]);
    double look = median(t[3]);
    double rawStop = median(t[4]);
    double handStop = median(t[5]);
    double treeStop = median(t[6]);
    double unitStop = median(t[7]);
    double tenAtOnce = median(t[8]);
    double tenInTwo = median(t[9]);
    double jdkLook = median(t[10]);
    double fiveRaw = median(t[11]);
    double fiveUnits = median(t[12]);
    long processes = processesOnTheMachine();
    BenchmarkReport report = PerformanceBenchmark.REPORT;
    report.figure("setsid", time(setsid - plain));
    report.figure("threads", time(threads));
    report.figure("look", time(look));
    report.figure("jdkLook", time(jdkLook));
    report.figure("processes", Long.toString(processes));
    report.figure("rawStop", time(rawStop));
    report.figure("handStop", time(handStop));
    report.figure("treeStop", time(treeStop));
    report.figure("unitStop", time(unitStop));
    double rest = treeStop - 2 * look - rawStop;
    report.figure(
        "stopSplit",
        "Two looks measured alone take "
            + time(2 * look)
            + (rest > 100_000
                ? "; the rest above raw, "
                    + time(rest)
                    + ", is the signals and the wait for the"
                    + " exit"
                : ", about all of the tree stop above raw: the wait for the exit is the process's"
                    + " own dying, which raw waits for too"));
    report.figure("fiveRaw", time(fiveRaw));
    report.figure("fiveUnits", time(fiveUnits));
    report.figure("tenAtOnce", time(tenAtOnce));
    report.figure("tenInTwo", time(tenInTwo));
    report.section(
        "What the pieces cost",
        "Each piece timed alone, one process at a time unless said, the rows alternated round after"
            + " round after the other sections (so the JVM is warm); median of "
            + ROUNDS
            + " rounds. The process is `sh -c 'echo READY; exec sleep 600'`; the machine had "
            + processes
            + " processes during the run.",
        List.of("piece", "median", "what it is"),
        List.of(
            List.of(
                "spawn to first line, plain",
                time(plain),
                "`ProcessBuilder.start()` until a reader has READY"),
            List.of(
                "spawn to first line, under util-linux `setsid`",
                time(setsid),
                time(setsid - plain)
                    + " more: `setsid` is loaded and linked, then the new session"),
            List.of(
                "hand two readers to the blocking pool",
                time(threads),
                "what Ovrseer adds per spawn for stdout and stderr: two of the pool's idle threads"
                    + " take them"),
            List.of(
                "one look at a tree (linux backend)",
                time(look),
                "`ProcessTree.members`: a pass over `/proc/<pid>/stat` of every process"),
            List.of(
                "the JDK's look: `descendants()` of a lone process",
                time(jdkLook),
                "the same pass over `/proc`, in the JDK's native code"),
            List.of(
                "stop one: `destroy()`, `waitFor()`", time(rawStop), "raw: the direct child only"),
            List.of(
                "stop one by hand, tree confirmed",
                time(handStop),
                "`descendants()` (the JDK's own pass over `/proc`), SIGTERM to each, every exit"),
            List.of(
                "stop one tree: `ProcessTree.terminate`",
                time(treeStop),
                "look, SIGTERM, the root's exit awaited (`onExit()`), look again; then `waitFor()`"),
            List.of(
                "stop one `ProcessUnit`",
                time(unitStop),
                "the tree stop, then the output read to its end and the exit's bookkeeping"),
            List.of(
                "stop five: `destroy()` all, `waitFor()` all",
                time(fiveRaw),
                "raw: the direct children only"),
            List.of(
                "stop five `ProcessUnit`s together: `ProcessUnit.stopAll`",
                time(fiveUnits),
                "one batch: one look before the signals and one after the last exit serve all"
                    + " five trees"),
            List.of(
                "stop ten by hand, trees confirmed, at once",
                time(tenAtOnce),
                "ten in their own sessions"),
            List.of(
                "stop ten by hand, trees confirmed, five then five",
                time(tenInTwo),
                "the ordered stop: the second five are signalled once the first five are gone")),
        "");
  }

  private static long firstLine(boolean ownSession) throws Exception {
    long began = System.nanoTime();
    Process process =
        ownSession ? HandWritten.startInOwnSession(TINY) : new ProcessBuilder(TINY).start();
    HandWritten.awaitFirstLines(List.of(process));
    long took = System.nanoTime() - began;
    process.destroy();
    process.waitFor();
    return took;
  }

  /** Hands two tasks to the blocking pool, as a spawn does its two readers, until both run. */
  private static long twoReaders() throws InterruptedException {
    CountDownLatch running = new CountDownLatch(2);
    long began = System.nanoTime();
    SharedExecutors.blocking().execute(running::countDown);
    SharedExecutors.blocking().execute(running::countDown);
    running.await();
    return System.nanoTime() - began;
  }

  private static long oneLook() throws Exception {
    Process process = readyInOwnSession();
    long began = System.nanoTime();
    int members = ProcessTree.members(ProcessTree.Root.of(process, true, null)).size();
    long took = System.nanoTime() - began;
    HandWritten.stopTrees(List.of(process));
    if (members != 1) {
      throw new AssertionError("the tree of a lone process has " + members + " members");
    }
    return took;
  }

  private static long jdkLook() throws Exception {
    Process process = readyInOwnSession();
    long began = System.nanoTime();
    long members = process.descendants().count();
    long took = System.nanoTime() - began;
    HandWritten.stopTrees(List.of(process));
    if (members != 0) {
      throw new AssertionError("a lone process has " + members + " descendants");
    }
    return took;
  }

  private enum Stop {
    RAW,
    BY_HAND,
    TREE
  }

  private static long stopOne(Stop how) throws Exception {
    Process process = readyInOwnSession();
    long began = System.nanoTime();
    switch (how) {
      case RAW -> {
        process.destroy();
        process.waitFor();
      }
      case BY_HAND -> HandWritten.stopTrees(List.of(process));
      case TREE -> {
        if (!ProcessTree.terminate(
            ProcessTree.Root.of(process, true, null), Duration.ofSeconds(5))) {
          throw new AssertionError("the tree of pid " + process.pid() + " did not die");
        }
        process.waitFor();
      }
    }
    return System.nanoTime() - began;
  }

  private static long stopUnit() {
    ProcessUnit unit = TenProcesses.tiny();
    unit.start();
    unit.ready().join();
    long began = System.nanoTime();
    unit.stop();
    return System.nanoTime() - began;
  }

  private static long stopFiveRaw() throws Exception {
    List<Process> processes = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      processes.add(new ProcessBuilder(TINY).start());
    }
    HandWritten.awaitFirstLines(processes);
    long began = System.nanoTime();
    processes.forEach(Process::destroy);
    for (Process process : processes) {
      process.waitFor();
    }
    return System.nanoTime() - began;
  }

  private static long stopFiveUnits() {
    List<ProcessUnit> units = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      ProcessUnit unit = TenProcesses.tiny();
      unit.start();
      units.add(unit);
    }
    units.forEach(unit -> unit.ready().join());
    long began = System.nanoTime();
    ProcessUnit.stopAll(units);
    return System.nanoTime() - began;
  }

  private static long stopTen(boolean inTwoPhases) throws Exception {
    List<Process> first = new ArrayList<>();
    List<Process> second = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      first.add(HandWritten.startInOwnSession(TINY));
      second.add(HandWritten.startInOwnSession(TINY));
    }
    HandWritten.awaitFirstLines(first);
    HandWritten.awaitFirstLines(second);
    long began = System.nanoTime();
    if (inTwoPhases) {
      HandWritten.stopTrees(second);
      HandWritten.stopTrees(first);
    } else {
      List<Process> all = new ArrayList<>(first);
      all.addAll(second);
      HandWritten.stopTrees(all);
    }
    return System.nanoTime() - began;
  }

  private static Process readyInOwnSession() throws IOException {
    Process process = HandWritten.startInOwnSession(TINY);
    HandWritten.awaitFirstLines(List.of(process));
    return process;
  }

  private static long processesOnTheMachine() throws IOException {
    long count = 0;
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(Path.of("/proc"))) {
      for (Path entry : entries) {
        String name = entry.getFileName().toString();
        if (name.chars().allMatch(Character::isDigit)) {
          count++;
        }
      }
    }
    return count;
  }
}
