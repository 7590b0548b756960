package io.ovrseer.process;

import static io.ovrseer.fixtures.Fixtures.steps;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.awaitility.Awaitility.await;

import io.ovrseer.fixtures.SlowFlagRun;
import io.ovrseer.log.LogLine;
import io.ovrseer.log.ProcessLogger;
import io.ovrseer.testing.NoLeftoverProcesses;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(NoLeftoverProcesses.class)
class LogReadingTest {

  private static ProcessUnit runToEnd(ProcessUnit.Builder builder) {
    ProcessUnit unit = builder.build();
    unit.start();
    unit.exit().join();
    return unit;
  }

  @Test
  void stdoutAndStderrAreStoredLineByLineWithTheirStream() {
    ProcessUnit unit = runToEnd(steps("out", "hello", "err", "oops", "out", "bye"));

    assertThat(unit.logger().getEntries())
        .filteredOn(l -> l.stream() == LogLine.Stream.STDOUT)
        .extracting(LogLine::text)
        .containsExactly("hello", "bye");
    assertThat(unit.logger().getEntries())
        .filteredOn(l -> l.stream() == LogLine.Stream.STDERR)
        .extracting(LogLine::text)
        .containsExactly("oops");
  }

  @Test
  void aListenerThatThrowsAnAssertionErrorDoesNotStopTheReading() throws Exception {
    // Far more than a pipe holds: had the reader ended with the error, seq would block for ever.
    ProcessUnit unit = ProcessUnit.builder("seq", "1", "100000").build();
    AtomicBoolean thrown = new AtomicBoolean();
    unit.logger()
        .addListener(
            line -> {
              if (thrown.compareAndSet(false, true)) {
                throw new AssertionError("a listener's failed assertion");
              }
            });
    unit.start();
    try {
      assertThat(unit.exit().get(60, TimeUnit.SECONDS).isSuccess()).isTrue();
    } finally {
      unit.stop();
    }
    assertThat(thrown).isTrue();
    assertThat(unit.logger().getLineCount()).isEqualTo(100_000);
    assertThat(unit.logger().getLogs(1)).containsExactly("100000");
  }

  @Test
  void aLoggerThatMayKeepEveryLineReservesNoRoomForLinesNotYetLogged() {
    // The buffer was allocated whole when the logger was made: "keep them all" failed at once with
    // "OutOfMemoryError: Requested array size exceeds VM limit", and 5,000,000 lines took 20 MiB
    // before the process wrote any.
    assertThatCode(() -> new ProcessLogger(Integer.MAX_VALUE, 1_000)).doesNotThrowAnyException();
    ProcessLogger everything = new ProcessLogger(Integer.MAX_VALUE, 1_000);

    runToEnd(ProcessUnit.builder("seq", "1", "3").logger(everything));

    assertThat(everything.getLogs()).containsExactly("1", "2", "3");
  }

  @Test
  void crLfAndALastLineWithoutNewlineAreHandled() {
    ProcessUnit unit = runToEnd(ProcessUnit.builder("printf", "one\\r\\ntwo\\nthree"));

    assertThat(unit.logger().getLogs()).containsExactly("one", "two", "three");
  }

  /**
   * A shell that leaves a daemon holding its stdout and stderr until {@code gate} is deleted (a
   * daemon of a process that exited 0 is not found by every backend's stop), logs "started", then,
   * once sent a line, writes {@code last} without a newline and exits 0.
   */
  private static ProcessUnit leavingADaemon(Path gate, String last) throws IOException {
    Files.createFile(gate);
    return ProcessUnit.builder(
            "sh",
            "-c",
            "while [ -e \"$1\" ]; do sleep 0.1; done & echo started; read go; printf '%s' \"$2\"",
            "sh",
            gate.toString(),
            last)
        .readyCheck(ReadyCheck.logPattern("started", Duration.ofSeconds(20)))
        .build();
  }

  @Test
  void aLastLineWithoutNewlineIsLoggedByTheExitEvenWhileADaemonItLeftHoldsThePipe(@TempDir Path dir)
      throws Exception {
    // The daemon keeps stdout open, so the reader, waiting on the pipe, never sees its end: the
    // unfinished line stayed in the reader until the daemon wrote a newline or ended, and the exit
    // came without it. The reader is made to wait on the pipe first ("started" read, then the
    // process is let go), as it does whenever a process does not exit right after its spawn.
    Path gate = dir.resolve("daemon-runs");
    ProcessUnit unit = leavingADaemon(gate, "fatal: no config");
    unit.start();
    try {
      unit.ready().join();
      unit.sendStdin("go");
      assertThat(unit.exit().join().isSuccess()).isTrue();

      assertThat(unit.logger().getLogs()).containsExactly("started", "fatal: no config");
    } finally {
      Files.deleteIfExists(gate);
      unit.stop();
    }
  }

  @Test
  void aListenerFailingOnTheLineTheExitDeliversDoesNotHoldUpTheExit(@TempDir Path dir)
      throws Exception {
    Path gate = dir.resolve("daemon-runs");
    ProcessUnit unit = leavingADaemon(gate, "boom");
    unit.logger()
        .addListener(
            line -> {
              if (line.text().equals("boom")) {
                throw new StackOverflowError("a listener's runaway recursion");
              }
            });
    unit.start();
    long pid = unit.getPid().orElseThrow();
    try {
      unit.ready().join();
      unit.sendStdin("go");

      assertThat(unit.exit().get(30, TimeUnit.SECONDS).isSuccess()).isTrue();
      assertThat(unit.logger().getLogs()).containsExactly("started", "boom");

      // Once the daemon is gone the readers reach the end of the pipes (their threads give up the
      // process's name): the line the listener failed on was delivered there a second time. The
      // daemon is let end by itself: a stop's SIGTERM could meet it in its sleep, and its shell
      // then logs "Terminated".
      Files.delete(gate);
      String readers = "ovrseer-sh-" + pid + "-std";
      await()
          .atMost(Duration.ofSeconds(20))
          .until(
              () ->
                  Thread.getAllStackTraces().keySet().stream()
                      .noneMatch(thread -> thread.getName().startsWith(readers)));
      assertThat(unit.logger().getLogs()).containsExactly("started", "boom");
    } finally {
      Files.deleteIfExists(gate);
      unit.stop();
    }
  }

  @Test
  void aFiftyMegabyteLineIsCutWithAMarkerAndReadingGoesOn() {
    ProcessUnit unit =
        runToEnd(steps("bytes", Integer.toString(50 * 1024 * 1024), "out", "", "out", "after"));

    assertThat(unit.logger().getLogs()).hasSize(2);
    String cut = unit.logger().getLogs().get(0);
    assertThat(cut).endsWith(LineReader.CUT_MARKER);
    assertThat(cut).hasSize(LineReader.MAX_LINE_BYTES + LineReader.CUT_MARKER.length());
    assertThat(unit.logger().getLogs().get(1)).isEqualTo("after");
  }

  @Test
  void aDaemonsLineAfterAnExitThatEndedInACutLineIsLogged(@TempDir Path dir) throws Exception {
    // The process ends in a line cut at 64 KiB without a newline, leaving a daemon that holds
    // stdout: what the daemon writes after the exit starts a new line, and must not be taken for
    // the cut line's dropped rest.
    Path gate = dir.resolve("daemon-waits");
    Files.createFile(gate);
    ProcessUnit unit =
        ProcessUnit.builder(
                "sh",
                "-c",
                "(while [ -e \"$1\" ]; do sleep 0.1; done; echo late) & echo started; read go;"
                    + " head -c 70000 /dev/zero | tr '\\0' x; read exit",
                "sh",
                gate.toString())
            .readyCheck(ReadyCheck.logPattern("started", Duration.ofSeconds(20)))
            .build();
    unit.start();
    try {
      unit.ready().join();
      unit.sendStdin("go");
      // It exits once the cut line was read, so that the reader waits in read() at the exit: a
      // reader busy with the line then would let the JDK drain the pipe and close it, and the
      // daemon's later output would be lost whatever Ovrseer does (docs/logging-and-flags.md).
      await().atMost(Duration.ofSeconds(20)).until(() -> unit.logger().getLineCount() == 2);
      unit.sendStdin("exit");
      assertThat(unit.exit().join().isSuccess()).isTrue();
      assertThat(unit.logger().getLineCount()).isEqualTo(2);
      assertThat(unit.logger().getLogs(1).get(0)).endsWith(LineReader.CUT_MARKER);

      Files.delete(gate);
      await().atMost(Duration.ofSeconds(20)).until(() -> unit.logger().getLineCount() == 3);
      assertThat(unit.logger().getLogs(1)).containsExactly("late");
    } finally {
      Files.deleteIfExists(gate);
      unit.stop();
    }
  }

  @Test
  void invalidUtf8IsReplacedNotFatal() {
    ProcessUnit unit = runToEnd(steps("binary", "out", "still reading"));

    assertThat(unit.logger().getLogs()).containsExactly("\uFFFD(ok\uFFFD", "still reading");
  }

  @Test
  void everyLineOfAFastWriterIsKeptUpToTheLastOneBeforeExit() {
    ProcessUnit unit = runToEnd(steps("flood", "1000000").logger(new ProcessLogger(1000, 1000)));

    assertThat(unit.logger().getLineCount()).isEqualTo(1_000_000);
    assertThat(unit.logger().getLogs(1).get(0)).startsWith("line 999999 ");
    assertThat(unit.exit().join().exitCode()).isZero();
  }

  @Test
  void aFlagPatternThatBacktracksForAgesHoldsUpOnlyTheReadingNotTheExitTheLogOrTheStop()
      throws Exception {
    ProcessUnit run =
        ProcessUnit.builder(
                ProcessHandle.current().info().command().orElseThrow(),
                "-Dovrseer.watchdog.disabled=true",
                "-cp",
                System.getProperty("java.class.path"),
                SlowFlagRun.class.getName())
            .build();
    run.start();
    try {
      assertThat(run.exit().get(60, TimeUnit.SECONDS).exitCode()).isZero();
    } finally {
      run.stop();
    }
    assertThat(run.logger().getLogs())
        .containsExactly("exit: exit code 3", "logs: [before]", "stopped");
  }

  @Test
  void linesReachTheLoggerWhileTheProcessRuns() {
    ProcessUnit unit =
        steps("out", "first", "hang")
            .readyCheck(ReadyCheck.logPattern("first", Duration.ofSeconds(20)))
            .build();
    unit.start();
    try {
      unit.ready().join();
      assertThat(unit.logger().getLogs()).containsExactly("first");
    } finally {
      unit.stop();
    }
  }

  @Test
  void sendStdinWritesALineToTheProcess() {
    ProcessUnit unit =
        steps("echo-stdin", "out", "listening")
            .readyCheck(ReadyCheck.logPattern("listening", Duration.ofSeconds(20)))
            .build();
    unit.start();
    try {
      unit.ready().join();
      unit.sendStdin("ping");
      org.awaitility.Awaitility.await().until(() -> unit.logger().getLogs().contains("echo: ping"));
    } finally {
      unit.stop();
    }
  }
}
