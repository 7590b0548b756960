package io.ovrseer.process;

import static io.ovrseer.fixtures.Fixtures.freePort;
import static io.ovrseer.fixtures.Fixtures.steps;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.ovrseer.testing.NoLeftoverProcesses;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(NoLeftoverProcesses.class)
class ReadyCheckTest {
  private static final Duration LONG = Duration.ofSeconds(30);
  private ProcessUnit unit;

  @AfterEach
  void stop() {
    if (unit != null) {
      unit.stop();
    }
  }

  private ProcessUnit start(ProcessUnit.Builder builder) {
    unit = builder.build();
    unit.start();
    return unit;
  }

  @Test
  void logPatternWaitsForTheLine() {
    start(
        steps("out", "booting", "sleep", "200", "out", "server READY", "hang")
            .readyCheck(ReadyCheck.logPattern("READY$", LONG)));

    unit.ready().join();

    assertThat(unit.getState()).isEqualTo(ProcessState.READY);
    assertThat(unit.logger().getLogs()).contains("server READY");
  }

  @Test
  void logPatternTimesWaitsForTheNthMatchingLine() {
    start(
        steps(
                "out",
                "worker up",
                "sleep",
                "300",
                "out",
                "worker up",
                "sleep",
                "300",
                "out",
                "worker up",
                "hang")
            .readyCheck(ReadyCheck.logPattern("worker up", LONG).times(3)));

    unit.ready().join();

    assertThat(unit.logger().getLogs()).containsExactly("worker up", "worker up", "worker up");
  }

  @Test
  void logPatternPassIfNotFoundIsReadyAtTheTimeout() {
    start(
        steps("out", "nothing special", "hang")
            .readyCheck(
                ReadyCheck.logPattern("never printed", Duration.ofMillis(500)).passIfNotFound()));

    unit.ready().join();

    assertThat(unit.getState()).isEqualTo(ProcessState.READY);
  }

  @Test
  void aTimedOutCheckFailsReadinessNamingTheCheckAndKillsTheProcess() {
    start(
        steps("out", "still booting", "hang")
            .readyCheck(ReadyCheck.logPattern("READY", Duration.ofMillis(700))));

    assertThatThrownBy(() -> unit.ready().join())
        .isInstanceOf(CompletionException.class)
        .cause()
        .isInstanceOf(ReadinessException.class)
        .hasMessageContaining("did not become ready within 700 ms")
        .hasMessageContaining("log line matching /READY/")
        .hasMessageContaining("still booting");
    unit.exit().join();
    assertThat(unit.getState()).isEqualTo(ProcessState.CRASHED);
    assertThat(unit.isRunning()).isFalse();
  }

  @Test
  void aLongCommandLineIsShortenedInTheMiddleSoTheProgramsOwnArgumentsStayVisible() {
    String classPath = "/very/long/class/path/entry.jar:".repeat(40);
    start(
        ProcessUnit.builder("sh", "-c", "exit 3", classPath, "com.example.MainClass")
            .readyCheck(ReadyCheck.logPattern("READY", LONG)));

    assertThatThrownBy(() -> unit.ready().join())
        .cause()
        .hasMessageStartingWith("process [sh -c exit 3 /very/long")
        .hasMessageContaining(" ... ")
        .hasMessageContaining("entry.jar: com.example.MainClass] exited with exit code 3");
  }

  @Test
  void exitBeforeReadyFailsReadinessAtOnce() {
    long began = System.nanoTime();
    start(
        steps("err", "cannot bind", "exit", "2").readyCheck(ReadyCheck.logPattern("READY", LONG)));

    assertThatThrownBy(() -> unit.ready().join())
        .cause()
        .isInstanceOf(ReadinessException.class)
        .hasMessageContaining("exited with exit code 2 before it was ready")
        .hasMessageContaining("cannot bind");
    assertThat(Duration.ofNanos(System.nanoTime() - began)).isLessThan(LONG.dividedBy(2));
  }

  @Test
  void aCheckCannotPassWhileTheProcessIsBeingStopped() {
    // The awaited line comes only after SIGTERM: the trap prints it, and the shell runs on until
    // the SIGKILL at the end of the stop timeout.
    start(
        ProcessUnit.builder(
                "sh", "-c", "trap 'echo listening' TERM; echo booting; while :; do sleep 0.1; done")
            .stopTimeout(Duration.ofSeconds(2))
            .readyCheck(ReadyCheck.logPattern("listening", LONG)));
    await().atMost(LONG).until(() -> unit.logger().getLogs().contains("booting"));

    unit.stop();

    assertThat(unit.logger().getLogs()).contains("listening");
    assertThat(unit.getState()).isEqualTo(ProcessState.STOPPED);
    assertThatThrownBy(() -> unit.ready().join())
        .cause()
        .isInstanceOf(ReadinessException.class)
        .hasMessageContaining("was stopped before it was ready");
  }

  @Test
  void tcpPortWaitsForTheServerSocket() {
    int port = freePort();
    start(
        steps("sleep", "300", "listen", Integer.toString(port), "out", "listening")
            .readyCheck(ReadyCheck.tcpPort(port, LONG)));

    unit.ready().join();

    // The line is printed after the condition holds, so it may still be on its way.
    org.awaitility.Awaitility.await().until(() -> unit.logger().getLogs().contains("listening"));
  }

  @Test
  void tcpPortOnLocalhostFindsAServerListeningOnTheIpv6LoopbackOnly() throws IOException {
    try (ServerSocket probe = new ServerSocket()) {
      probe.bind(new InetSocketAddress("::1", 0));
    } catch (IOException noIpv6) {
      assumeTrue(false, "no IPv6 loopback: " + noIpv6);
    }
    int port = freePort();
    start(
        steps("listen-on", "::1", String.valueOf(port)).readyCheck(ReadyCheck.tcpPort(port, LONG)));

    unit.ready().join();

    assertThat(unit.getState()).isEqualTo(ProcessState.READY);
  }

  /**
   * Where the machine has no IPv6 (many containers), a TCP check of localhost timed out saying only
   * how ::1 failed, "Protocol family unavailable", which points at IPv6 instead of the "Connection
   * refused" of 127.0.0.1 where the server was expected.
   */
  @Test
  void aTcpCheckOfLocalhostWithoutIpv6SaysHowEachAddressFailed() throws Exception {
    io.ovrseer.testing.Backends.assumeRootOnLinux("a network namespace needs root");
    // Not every machine has them: a slim image lacks ip (iproute2) and sysctl (procps).
    String missing =
        io.ovrseer.testing.FixtureJvm.outputOf(
            new ProcessBuilder(
                    "sh",
                    "-c",
                    "for t in unshare ip sysctl; do command -v $t >/dev/null || echo $t; done")
                .redirectErrorStream(true));
    assumeTrue(
        missing.isEmpty(),
        "needs unshare, ip and sysctl; missing: " + missing.strip().replace('\n', ' '));
    // A network of its own: only a loopback interface, brought up, without IPv6.
    ProcessBuilder fixture =
        new ProcessBuilder(
                "unshare",
                "--net",
                "sh",
                "-c",
                "ip link set lo up && sysctl -qw net.ipv6.conf.all.disable_ipv6=1"
                    + " net.ipv6.conf.lo.disable_ipv6=1 && exec \"$@\"",
                "net",
                io.ovrseer.testing.FixtureJvm.java(),
                "-cp",
                System.getProperty("java.class.path"),
                io.ovrseer.fixtures.TcpCheckTimesOut.class.getName())
            .redirectErrorStream(true);
    String output = io.ovrseer.testing.FixtureJvm.outputOf(fixture);
    assumeTrue(!output.contains("unshare:") && !output.contains("sysctl:"), output);

    // The JDK words the IPv6 failure its own way ("IPv6 protocol family unavailable" on 25).
    assertThat(output)
        .containsPattern(
            "did not become ready within 1 s: waited for TCP port localhost:\\d+ accepting"
                + " connections \\(last attempt: localhost:\\d+: Connection refused at 127.0.0.1,"
                + " [^,)]*unavailable at 0:0:0:0:0:0:0:1\\)");
  }

  @Test
  void aPortThatAnotherProcessHoldsBeforeTheSpawnFailsTheStartInsteadOfPassingTheCheck() {
    int port = freePort();
    ProcessUnit other =
        steps("listen", String.valueOf(port)).readyCheck(ReadyCheck.tcpPort(port, LONG)).build();
    other.start();
    try {
      other.ready().join();
      for (ReadyCheck check :
          List.of(
              ReadyCheck.tcpPort(port, LONG),
              ReadyCheck.http("http://127.0.0.1:" + port + "/health", LONG))) {
        ProcessUnit ours = steps("listen", String.valueOf(port)).readyCheck(check).build();

        assertThatThrownBy(ours::start)
            .isInstanceOf(ProcessSpawnException.class)
            .hasMessageContaining(
                ": port "
                    + (check.description().startsWith("TCP") ? "localhost" : "127.0.0.1")
                    + ":"
                    + port
                    + " already accepts connections before the spawn: another process holds it,"
                    + " for which the readiness check ("
                    + check.description()
                    + ") would pass; stop that process or choose a free port");
        assertThat(ours.getState()).isEqualTo(ProcessState.FAILED);
        assertThat(ours.getPid()).isEmpty();
      }
    } finally {
      other.stop();
    }
  }

  /**
   * A connection to the wildcard address 0.0.0.0 (or ::) reaches this machine, so a check written
   * with a server's bind address passed at once on another process's answers: the wildcard was not
   * taken for this machine, and the port was not probed before the spawn.
   */
  @Test
  void aPortAnotherProcessHoldsIsRefusedAlsoForACheckAtTheWildcardAddress() {
    int port = freePort();
    ProcessUnit other =
        steps("listen", String.valueOf(port)).readyCheck(ReadyCheck.tcpPort(port, LONG)).build();
    other.start();
    try {
      other.ready().join();
      for (ReadyCheck check :
          List.of(
              ReadyCheck.tcpPort("0.0.0.0", port, LONG),
              ReadyCheck.http("http://0.0.0.0:" + port + "/health", LONG))) {
        ProcessUnit ours = steps("hang").readyCheck(check).build();
        try {
          assertThatThrownBy(ours::start)
              .as(check.description())
              .isInstanceOf(ProcessSpawnException.class)
              .hasMessageContaining(
                  ": port 0.0.0.0:" + port + " already accepts connections before the spawn");
          assertThat(ours.getPid()).isEmpty();
        } finally {
          ours.stop();
        }
      }
    } finally {
      other.stop();
    }
  }

  @Test
  void httpWaitsForA2xxAnswer() {
    int port = freePort();
    start(
        steps("sleep", "300", "http", Integer.toString(port), "out", "serving")
            .readyCheck(ReadyCheck.http("http://127.0.0.1:" + port + "/health", LONG)));

    unit.ready().join();

    // The line is printed after the condition holds, so it may still be on its way.
    org.awaitility.Awaitility.await().until(() -> unit.logger().getLogs().contains("serving"));
  }

  @Test
  void commandIsPolledUntilItExitsZero() throws Exception {
    java.nio.file.Path marker = java.nio.file.Files.createTempFile("ovrseer", ".ready");
    java.nio.file.Files.delete(marker);
    start(
        steps("sleep", "300", "out", "marking", "pidfile", marker.toString(), "hang")
            .readyCheck(ReadyCheck.command(LONG, "test", "-f", marker.toString())));

    unit.ready().join();

    assertThat(marker).exists();
    org.awaitility.Awaitility.await().until(() -> unit.logger().getLogs().contains("marking"));
    java.nio.file.Files.deleteIfExists(marker);
  }

  @Test
  void aReadinessCommandRunsInTheProcesssWorkingDirectoryWithItsEnvironment(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path directory) throws Exception {
    java.nio.file.Path check = directory.resolve("check.sh");
    java.nio.file.Files.writeString(
        check, "#!/bin/sh\ntest \"$CHECK_WANTS\" = here && test -f ./here\n");
    assumeTrue(check.toFile().setExecutable(true), "a script can be made executable here");
    java.nio.file.Files.createFile(directory.resolve("here"));
    start(
        ProcessUnit.builder("sh")
            .args("-c", "echo up; exec sleep 600")
            .workingDirectory(directory)
            .env("CHECK_WANTS", "here")
            .readyCheck(ReadyCheck.command(LONG, "./check.sh")));

    unit.ready().join();

    assertThat(unit.getState()).isEqualTo(ProcessState.READY);
  }

  @Test
  void aReadinessCommandStillRunningWhenTheWaitEndsIsKilled() {
    start(steps("out", "up", "hang").readyCheck(ReadyCheck.command(LONG, "sleep", "30")));
    org.awaitility.Awaitility.await()
        .until(
            () ->
                ProcessHandle.current()
                    .children()
                    .anyMatch(p -> p.info().command().orElse("").endsWith("sleep")));

    unit.stop();

    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(5))
        .until(
            () ->
                ProcessHandle.current()
                    .children()
                    .noneMatch(
                        p -> p.info().command().orElse("").endsWith("sleep") && p.isAlive()));
  }

  @Test
  void aTimedOutCommandCheckSaysHowItsLastRunEnded() {
    start(
        steps("out", "up", "hang")
            .readyCheck(ReadyCheck.command(Duration.ofMillis(500), "sh", "-c", "exit 3")));

    assertThatThrownBy(() -> unit.ready().join())
        .hasCauseInstanceOf(ReadinessException.class)
        .hasMessageContaining(
            "did not become ready within 500 ms: waited for command [sh, -c, exit 3] exiting 0"
                + " (last attempt: exited with exit code 3)");
  }

  /**
   * The output of a readiness command was discarded: a check polling {@code sh -c 'probe'} with the
   * probe missing timed out saying only "exited with exit code 127", never why.
   */
  @Test
  void aTimedOutCommandCheckShowsTheLastLineItsLastRunPrinted() {
    start(
        steps("out", "up", "hang")
            .readyCheck(
                ReadyCheck.command(
                    Duration.ofMillis(500),
                    "sh",
                    "-c",
                    "echo probing; echo 'db: connection refused' >&2; echo; exit 2")));

    assertThatThrownBy(() -> unit.ready().join())
        .hasCauseInstanceOf(ReadinessException.class)
        // Not what follows (the log's last lines, or "it logged nothing"): at a high load the
        // child JVM may not have printed "up" within the 500 ms.
        .hasMessageContaining(
            " exiting 0 (last attempt: exited with exit code 2 after printing"
                + " [db: connection refused]); ");
  }

  @Test
  void aCommandCheckRunningAMissingProgramThroughAShellSaysSo() {
    start(
        steps("out", "up", "hang")
            .readyCheck(
                ReadyCheck.command(Duration.ofMillis(500), "sh", "-c", "no-such-probe-4711")));

    assertThatThrownBy(() -> unit.ready().join())
        .hasCauseInstanceOf(ReadinessException.class)
        .hasMessageContaining("(last attempt: exited with exit code 127 after printing [")
        .hasMessageContaining("no-such-probe-4711: ")
        .hasMessageContaining("not found])");
  }

  /**
   * A readiness command's standard input was a pipe from this JVM that no one wrote to or closed: a
   * command that reads it (psql without -c, cat) waited for more until the check's timeout.
   */
  @Test
  void aReadinessCommandThatReadsItsInputFindsItEmpty() {
    start(
        steps("out", "up", "hang")
            .readyCheck(ReadyCheck.command(Duration.ofSeconds(10), "sh", "-c", "cat; exit 0")));

    unit.ready().join();

    assertThat(unit.getState()).isEqualTo(ProcessState.READY);
  }

  @Test
  void aReadinessCommandStillRunningAtTheTimeoutIsKilledWithWhatItStarted() {
    // The shell waits for its sleeper, a grandchild of this JVM, that no one else would end.
    start(
        steps("out", "up", "hang")
            .readyCheck(ReadyCheck.command(Duration.ofMillis(800), "sh", "-c", "sleep 613; true")));

    // As docs/process-units.md says: the one attempt was still running at the deadline.
    assertThatThrownBy(() -> unit.ready().join())
        .hasCauseInstanceOf(ReadinessException.class)
        .hasMessageContaining(
            "did not become ready within 800 ms: waited for command [sh, -c, sleep 613; true]"
                + " exiting 0 (last attempt: still running when the wait ended)");
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                ProcessHandle.allProcesses()
                    .noneMatch(
                        p ->
                            p.isAlive()
                                && p.info().commandLine().orElse("").endsWith("sleep 613")));
  }

  /**
   * A custom check that failed with an exception without a message (a TimeoutException of its own
   * future.get) was told as "failed its readiness check (...): null".
   */
  @Test
  void aCustomCheckFailingWithoutAMessageIsToldByItsExceptionNotAsNull() {
    ReadyCheck custom =
        new ReadyCheck() {
          @Override
          public Duration timeout() {
            return LONG;
          }

          @Override
          public String description() {
            return "health RPC answering";
          }

          @Override
          public java.util.concurrent.CompletableFuture<Void> await(Context context) {
            return java.util.concurrent.CompletableFuture.failedFuture(
                new java.util.concurrent.TimeoutException());
          }
        };
    start(steps("out", "up", "hang").readyCheck(custom));

    assertThatThrownBy(() -> unit.ready().join())
        .hasCauseInstanceOf(ReadinessException.class)
        .hasMessageContaining(
            "failed its readiness check (health RPC answering):"
                + " java.util.concurrent.TimeoutException;");
  }

  /**
   * A custom check's timeout was read only at the spawn: FOREVER overflowed the timer's nanoseconds
   * there, so start() threw an ArithmeticException with the process already spawned and left
   * STARTING, its output unread and its readiness never decided.
   */
  @Test
  void aCustomCheckWithATimeoutOverAYearIsRefusedWhenAddedNotAtTheSpawn() {
    ReadyCheck forever =
        new ReadyCheck() {
          @Override
          public Duration timeout() {
            return java.time.temporal.ChronoUnit.FOREVER.getDuration();
          }

          @Override
          public String description() {
            return "health RPC answering";
          }

          @Override
          public java.util.concurrent.CompletableFuture<Void> await(Context context) {
            return new java.util.concurrent.CompletableFuture<>();
          }
        };
    ProcessUnit.Builder builder = steps("out", "up", "hang");

    assertThatThrownBy(() -> builder.readyCheck(forever))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "readiness timeout of check [health RPC answering] must be 8760h (365 days) or"
                + " shorter but was "
                + forever.timeout());
  }

  @Test
  void allChecksMustPass() {
    int port = freePort();
    start(
        steps("out", "READY", "sleep", "500", "listen", Integer.toString(port), "out", "listening")
            .readyCheck(ReadyCheck.logPattern("READY", LONG))
            .readyCheck(ReadyCheck.tcpPort(port, LONG)));

    unit.ready().join();

    // The line is printed after the condition holds, so it may still be on its way.
    org.awaitility.Awaitility.await().until(() -> unit.logger().getLogs().contains("listening"));
  }

  /**
   * A URL written in code with a declaration's placeholder, or a shell variable, was refused as "is
   * not a URL: Illegal character in authority at index 7" or "must be ... a URL with a host",
   * though it has one: neither says that the port was never filled in.
   */
  @Test
  void aUrlWhosePortWasNeverFilledInIsRefusedSayingSo() {
    assertThatThrownBy(() -> ReadyCheck.http("http://localhost:${port:api}/health", LONG))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "readiness URL [http://localhost:${port:api}/health] holds a placeholder, which only"
                + " declarations (@Ready, YAML) replace; in code, resolve it first:"
                + " ports.resolve(url)");
    assertThatThrownBy(() -> ReadyCheck.http("http://localhost:$PORT/health", LONG))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "readiness URL [http://localhost:$PORT/health] has [localhost:$PORT] where a host and"
                + " an optional port (1 to 65535) belong");
  }

  @Test
  void invalidChecksAreRejectedWhenBuilt() {
    assertThatThrownBy(() -> ReadyCheck.logPattern("[", LONG))
        .hasMessageContaining("invalid readiness regex [[]");
    assertThatThrownBy(() -> ReadyCheck.http("localhost:8080/health", LONG))
        .hasMessageContaining("[localhost:8080/health]");
    assertThatThrownBy(() -> ReadyCheck.tcpPort(0, LONG)).hasMessageContaining("port");
    assertThatThrownBy(() -> ReadyCheck.logPattern("x", Duration.ZERO))
        .hasMessageContaining("positive");
    assertThatThrownBy(() -> ReadyCheck.logPattern("x", LONG).times(0))
        .hasMessageContaining("times");
  }
}
