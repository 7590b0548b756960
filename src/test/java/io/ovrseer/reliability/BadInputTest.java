package io.ovrseer.reliability;

import static io.ovrseer.fixtures.Fixtures.steps;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.ovrseer.Ovrseer;
import io.ovrseer.OvrseerOptions;
import io.ovrseer.OvrseerStartException;
import io.ovrseer.ProcessType;
import io.ovrseer.crash.CrashReporter;
import io.ovrseer.event.LifecycleError;
import io.ovrseer.event.ProcessCrash;
import io.ovrseer.log.Flag;
import io.ovrseer.log.ProcessLogger;
import io.ovrseer.process.ProcessSpawnException;
import io.ovrseer.process.ProcessState;
import io.ovrseer.process.ProcessUnit;
import io.ovrseer.process.ReadinessException;
import io.ovrseer.process.ReadyCheck;
import io.ovrseer.services.PostgresProcess;
import io.ovrseer.services.RedisProcess;
import io.ovrseer.services.WireMockProcess;
import io.ovrseer.testing.Backends;
import io.ovrseer.testing.NoLeftoverProcesses;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The bad-input table of docs/reliability.md: every mistake a user can make is answered with a
 * specific exception whose message names the culprit and says what to do.
 */
@ExtendWith(NoLeftoverProcesses.class)
class BadInputTest {
  private static final Duration LONG = Duration.ofSeconds(30);
  @TempDir static Path dir;
  private final List<Ovrseer> started = new CopyOnWriteArrayList<>();

  @AfterEach
  void stopAll() {
    started.forEach(Ovrseer::stop);
  }

  private static Arguments bad(
      String what, ThrowingCallable call, Class<? extends Throwable> type, String... fragments) {
    return Arguments.of(what, call, type, fragments);
  }

  private static Ovrseer withMain(String id) {
    Ovrseer ovrseer =
        new Ovrseer(OvrseerOptions.builder().crashReporter(CrashReporter.noop()).build());
    ovrseer.addMainProcess(id, steps("hang").build());
    return ovrseer;
  }

  static Stream<Arguments> table() throws Exception {
    Path notExecutable = Files.writeString(Files.createTempFile("ovrseer", ".sh"), "echo hi");
    notExecutable.toFile().deleteOnExit();
    return Stream.of(
        bad(
            "command not found",
            () -> ProcessUnit.builder("no-such-ovrseer-cmd").build().start(),
            ProcessSpawnException.class,
            "command \"no-such-ovrseer-cmd\" not found on PATH",
            "give its full path"),
        bad(
            "command is not executable",
            () -> ProcessUnit.builder(notExecutable.toString()).build().start(),
            ProcessSpawnException.class,
            notExecutable.toString(),
            "is not an executable file",
            "permissions"),
        bad(
            "command is a directory",
            () -> ProcessUnit.builder("/tmp/").build().start(),
            ProcessSpawnException.class,
            "command /tmp is a directory, not an executable file"),
        bad(
            "empty command",
            () -> ProcessUnit.builder(" ").build(),
            IllegalArgumentException.class,
            "command must not be empty"),
        bad(
            "working directory missing",
            () ->
                ProcessUnit.builder("true")
                    .workingDirectory(Path.of("/no/such/dir"))
                    .build()
                    .start(),
            ProcessSpawnException.class,
            "working directory /no/such/dir does not exist",
            "cannot start process [true]"),
        bad(
            // It said "does not exist" of a file that exists.
            "working directory that is a file",
            () -> ProcessUnit.builder("true").workingDirectory(notExecutable).build().start(),
            ProcessSpawnException.class,
            "working directory " + notExecutable + " is not a directory"),
        bad(
            // A NUL failed only at start ("invalid null character in command"); in the command it
            // was even "not found on PATH".
            "argument with a NUL character",
            () -> ProcessUnit.builder("echo", "a\0b"),
            IllegalArgumentException.class,
            "argument [a\\0b] holds a NUL character"),
        bad(
            "command with a NUL character",
            () -> ProcessUnit.builder("ec\0ho"),
            IllegalArgumentException.class,
            "command [ec\\0ho] holds a NUL character"),
        bad(
            "env value with a NUL character",
            () -> ProcessUnit.builder("true").env("K", "v\0"),
            IllegalArgumentException.class,
            "env value of K [v\\0] holds a NUL character"),
        bad(
            "env key with a NUL character",
            () -> ProcessUnit.builder("true").env("K\0", "v"),
            IllegalArgumentException.class,
            "env key [K\\0] holds a NUL character"),
        bad(
            "invalid flag regex",
            () -> Flag.of("ERROR("),
            IllegalArgumentException.class,
            "invalid flag regex [ERROR(]"),
        bad(
            "invalid readiness regex",
            () -> ReadyCheck.logPattern("*ready", LONG),
            IllegalArgumentException.class,
            "invalid readiness regex [*ready]"),
        bad(
            "readiness URL that is not a URL",
            () -> ReadyCheck.http("not a url", LONG),
            IllegalArgumentException.class,
            "readiness URL [not a url]"),
        bad(
            "readiness URL without http scheme",
            () -> ReadyCheck.http("ftp://localhost/x", LONG),
            IllegalArgumentException.class,
            "must be an absolute http:// or https:// URL"),
        bad(
            "readiness URL with a port out of range",
            () -> ReadyCheck.http("http://localhost:70000/health", LONG),
            IllegalArgumentException.class,
            "readiness URL [http://localhost:70000/health] has port 70000; a port is 1 to 65535"),
        bad(
            // ChronoUnit.FOREVER as "no limit" overflowed each deadline computed from it: an
            // ArithmeticException in the middle of a stop or a readiness wait.
            "readiness timeout beyond a year",
            () -> ReadyCheck.logPattern("x", ChronoUnit.FOREVER.getDuration()),
            IllegalArgumentException.class,
            "readiness timeout must be 8760h (365 days) or shorter"),
        bad(
            "stop timeout beyond a year",
            () -> ProcessUnit.builder("true").stopTimeout(ChronoUnit.FOREVER.getDuration()),
            IllegalArgumentException.class,
            "stopTimeout must be 8760h (365 days) or shorter"),
        bad(
            "cleanup timeout beyond a year",
            () -> OvrseerOptions.builder().cleanupTimeout(Duration.ofDays(366)).build(),
            IllegalArgumentException.class,
            "cleanupTimeout must be 8760h (365 days) or shorter but was PT8784H"),
        bad(
            "setup timeout beyond a year",
            () -> new Ovrseer().addSetupProcess("init", steps().build(), Duration.ofDays(366)),
            IllegalArgumentException.class,
            "setup timeout of \"init\" must be 8760h (365 days) or shorter"),
        bad(
            "readiness port out of range",
            () -> ReadyCheck.tcpPort(70000, LONG),
            IllegalArgumentException.class,
            "readiness port must be 1 to 65535 but was 70000"),
        bad(
            // Looked up (or taken for this machine) until the timeout.
            "blank readiness host",
            () -> ReadyCheck.tcpPort(" ", 8080, LONG),
            IllegalArgumentException.class,
            "readiness host must not be blank but was [ ]"),
        bad(
            "zero readiness timeout",
            () -> ReadyCheck.tcpPort(8080, Duration.ZERO),
            IllegalArgumentException.class,
            "readiness timeout must be positive but was PT0S"),
        bad(
            "negative readiness timeout",
            () -> ReadyCheck.logPattern("x", Duration.ofSeconds(-1)),
            IllegalArgumentException.class,
            "readiness timeout must be positive"),
        bad(
            "empty readiness command",
            () -> ReadyCheck.command(LONG),
            IllegalArgumentException.class,
            "readiness command must not be empty"),
        bad(
            // A NullPointerException without a message, from List.of.
            "readiness command holding null",
            () -> ReadyCheck.command(LONG, "curl", null),
            NullPointerException.class,
            "readiness command [curl, null] holds null"),
        bad(
            "negative retries",
            () -> OvrseerOptions.builder().retries(-1).build(),
            IllegalArgumentException.class,
            "retries must be 0 or more but was -1"),
        bad(
            "negative retry delay",
            () -> OvrseerOptions.builder().retryDelay(Duration.ofMillis(-5)).build(),
            IllegalArgumentException.class,
            "retryDelay must not be negative"),
        bad(
            "zero cleanup timeout",
            () -> OvrseerOptions.builder().cleanupTimeout(Duration.ZERO).build(),
            IllegalArgumentException.class,
            "cleanupTimeout must be positive"),
        bad(
            "negative stop timeout",
            () -> ProcessUnit.builder("true").stopTimeout(Duration.ofSeconds(-1)),
            IllegalArgumentException.class,
            "stopTimeout must not be negative"),
        bad(
            "env key with '='",
            () -> ProcessUnit.builder("true").env("A=B", "c"),
            IllegalArgumentException.class,
            "env key [A=B]"),
        bad(
            "logger of size zero",
            () -> new ProcessLogger(0, 10),
            IllegalArgumentException.class,
            "maxBufferSize must be at least 1 but was 0"),
        bad(
            "negative flag target",
            () -> Flag.builder("x").targetCount(-2).build(),
            IllegalArgumentException.class,
            "targetCount of flag /x/ must be 0 or more but was -2"),
        bad(
            // Each match waiting for its lines after held every later line: a flood of 40,000
            // matching lines was an OutOfMemoryError of the reader at -Xmx512m.
            "flag context window beyond its maximum",
            () -> Flag.builder("x").contextWindowSize(Integer.MAX_VALUE).build(),
            IllegalArgumentException.class,
            "contextWindowSize of flag /x/ must be at most 1000 but was 2147483647"),
        bad(
            "duplicate id across groups",
            () -> {
              Ovrseer ovrseer = withMain("api");
              ovrseer.addDependency("api", steps("hang").build());
            },
            IllegalArgumentException.class,
            "process id \"api\" is already registered as a main",
            "unique across"),
        bad(
            "one unit under two ids",
            () -> {
              Ovrseer ovrseer = withMain("api");
              ovrseer.addDependency("db", ovrseer.getProcess("api").orElseThrow());
            },
            IllegalArgumentException.class,
            "the unit given for \"db\" is already registered as main process \"api\"",
            "a unit of its own"),
        bad(
            "blank id",
            () -> new Ovrseer().addMainProcess(" ", steps("hang").build()),
            IllegalArgumentException.class,
            "process id must not be blank"),
        bad(
            "unknown id in restartProcess",
            () -> withMain("api").restartProcess("apy"),
            IllegalArgumentException.class,
            "no process with id \"apy\" is registered; known ids: [api]"),
        bad(
            "unknown id with a type",
            () -> withMain("api").restartProcess("api", ProcessType.CLEANUP),
            IllegalArgumentException.class,
            "no cleanup process with id \"api\""),
        bad(
            "restart of a removed process",
            () -> {
              Ovrseer ovrseer = withMain("api");
              ovrseer.removeMainProcess("api");
              ovrseer.restartProcess("api");
            },
            IllegalArgumentException.class,
            "no process with id \"api\" is registered; known ids: []"),
        bad(
            "remove of an unknown id",
            () -> withMain("api").removeDependency("api"),
            IllegalArgumentException.class,
            "no dependency process with id \"api\""),
        bad(
            "unknown event name",
            () -> new Ovrseer().on("process:started", e -> {}),
            IllegalArgumentException.class,
            "unknown event name [process:started]",
            "process:spawn"),
        bad(
            "stdin to a process that is not running",
            () -> ProcessUnit.builder("true").build().sendStdin("x"),
            IllegalStateException.class,
            "process [true] is not running"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("table")
  void isRejectedWithAClearMessage(
      String what, ThrowingCallable call, Class<? extends Throwable> type, String[] fragments) {
    assertThatThrownBy(call).isInstanceOf(type).message().contains(fragments);
  }

  @Test
  void aNullIsNamedByItsParameter() {
    // These were NullPointerExceptions in the JDK's own words ('"pk" is null', '"<local2>" is
    // null', '"type" is null' of ProcessType.ordinal()), naming no parameter of the API.
    assertThatThrownBy(() -> new Ovrseer().on((String) null, e -> {}))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("eventName");
    assertThatThrownBy(() -> new Ovrseer().off((Class<ProcessCrash>) null, e -> {}))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("type");
    assertThatThrownBy(() -> ProcessUnit.of("true", null, List.of(), null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("args");
    assertThatThrownBy(() -> ProcessUnit.of("true", List.of(), null, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("readyChecks");
    assertThatThrownBy(() -> CrashReporter.readReports(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("dir");
    assertThatThrownBy(() -> new Ovrseer().getProcess("api", null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("type");
    assertThatThrownBy(() -> ProcessUnit.builder("true", (String[]) null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("args");
    assertThatThrownBy(() -> ProcessUnit.builder("true").dependsOn((String[]) null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("dependsOn ids");
  }

  @Test
  void aNullGivenToAServiceBuilderIsNamedByItsParameter() {
    // These were NullPointerExceptions without a message (List.of, a for loop over null) or in
    // the JDK's words ('Cannot invoke "String.replace..." because "key" is null').
    assertThatThrownBy(() -> RedisProcess.builder().dependsOn((String[]) null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("dependsOn ids");
    assertThatThrownBy(() -> RedisProcess.builder().dependsOn("init", null).build())
        .isInstanceOf(NullPointerException.class)
        .hasMessage("dependsOn id");
    assertThatThrownBy(() -> RedisProcess.builder().config((String[]) null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("config lines");
    assertThatThrownBy(() -> PostgresProcess.builder().initScript((java.nio.file.Path[]) null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("init scripts");
    assertThatThrownBy(() -> PostgresProcess.builder().setting(null, "on"))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("setting name");
    assertThatThrownBy(() -> WireMockProcess.builder().args((String[]) null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("args");
  }

  @Test
  void aNullSentToStdinIsRejectedNotSentAsTheWordNull() {
    ProcessUnit cat = ProcessUnit.builder("cat").build();
    cat.start();
    try {
      assertThatThrownBy(() -> cat.sendStdin(null))
          .isInstanceOf(NullPointerException.class)
          .hasMessage("line");
      cat.sendStdin("x");
      await().until(() -> cat.logger().getLogs().contains("x"));
      assertThat(cat.logger().getLogs()).containsExactly("x");
    } finally {
      cat.stop();
    }
  }

  /**
   * A program whose mode lets it run, on a file system mounted noexec (a hardened /tmp, where the
   * service cache is for a service run as another user): the message says to look at the mount.
   * Before, it only said to check the permissions, which were fine.
   */
  @Test
  void aProgramOnAFileSystemMountedNoexecIsNamedAsSuch(@TempDir Path tmp) throws Exception {
    Backends.assumeRootOnLinux("mounting a tmpfs needs root");
    Path noexec = Files.createDirectory(tmp.resolve("noexec"));
    assumeTrue(
        new ProcessBuilder(
                    "mount", "-t", "tmpfs", "-o", "noexec,size=1m", "tmpfs", noexec.toString())
                .start()
                .waitFor()
            == 0,
        "mount allowed here");
    try {
      Path program = Files.copy(Path.of("/bin/true"), noexec.resolve("true"));
      Files.setPosixFilePermissions(program, PosixFilePermissions.fromString("rwxr-xr-x"));

      assertThatThrownBy(() -> ProcessUnit.builder(program.toString()).build().start())
          .isInstanceOf(ProcessSpawnException.class)
          .hasMessageEndingWith(
              "command "
                  + program
                  + " is not an executable file (check its permissions, rwxr-xr-x, and that its"
                  + " file system is not mounted noexec: findmnt -T "
                  + program
                  + ")");
    } finally {
      assertThat(new ProcessBuilder("umount", noexec.toString()).start().waitFor()).isZero();
    }
  }

  @Test
  void startTwiceIsRejected() {
    Ovrseer ovrseer = withMain("api");
    started.add(ovrseer);
    ovrseer.start();

    assertThatThrownBy(ovrseer::start)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("Ovrseer is already started; call stop() first");
  }

  @Test
  void aStopWithATimeoutBeyondAYearIsRejectedBeforeItBeginsAndTheUnitCanStillBeStopped() {
    // It threw an ArithmeticException once the unit was marked as stopping and before any
    // signal: the process ran on, and the unit could not be stopped again.
    ProcessUnit unit = steps("hang").build();
    unit.start();
    try {
      assertThatThrownBy(() -> unit.stop(ChronoUnit.FOREVER.getDuration()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("stop timeout must be 8760h (365 days) or shorter");
      assertThat(unit.getState()).isEqualTo(ProcessState.READY);
      assertThat(unit.isRunning()).isTrue();
    } finally {
      unit.stop();
    }
    assertThat(unit.getState()).isEqualTo(ProcessState.STOPPED);
  }

  @Test
  void startingARunningUnitIsRejected() {
    ProcessUnit unit = steps("hang").build();
    unit.start();
    try {
      assertThatThrownBy(unit::start)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("is already running (pid ");
    } finally {
      unit.stop();
    }
  }

  @Test
  void aProcessAddedWhileRunningWaitsForAnExplicitStart() {
    Ovrseer ovrseer = withMain("api");
    started.add(ovrseer);
    ovrseer.start();

    ovrseer.addMainProcess(
        "late",
        steps("out", "READY", "hang").readyCheck(ReadyCheck.logPattern("READY", LONG)).build());
    ProcessUnit late = ovrseer.getProcess("late").orElseThrow();
    assertThat(late.getState()).isEqualTo(ProcessState.CREATED);

    ovrseer.restartProcess("late");
    assertThat(late.getState()).isEqualTo(ProcessState.READY);
  }

  @Test
  void aMainThatCannotBeSpawnedFailsStartAndStopsTheDependencies() {
    Ovrseer ovrseer =
        new Ovrseer(OvrseerOptions.builder().crashReporter(CrashReporter.noop()).build());
    ProcessUnit db = steps("hang").build();
    ovrseer.addDependency("db", db);
    ovrseer.addMainProcess("api", ProcessUnit.builder("/no/such/app").build());

    assertThatThrownBy(ovrseer::start)
        .isInstanceOf(OvrseerStartException.class)
        .hasMessageContaining("main process \"api\" could not be spawned")
        .hasMessageContaining("/no/such/app does not exist");
    assertThat(db.isRunning()).isFalse();
  }

  @Test
  void aProcessThatExitsBeforeItsReadinessCheckFailsAtOnceWithItsExitCode() {
    ProcessUnit unit =
        steps("err", "port in use", "exit", "98").readyCheck(ReadyCheck.tcpPort(1, LONG)).build();
    unit.start();

    assertThatThrownBy(() -> unit.ready().join())
        .cause()
        .isInstanceOf(ReadinessException.class)
        .hasMessageContaining("exited with exit code 98 before it was ready")
        .hasMessageContaining("port in use");
  }

  @Test
  void aProcessThatClosesStdoutButKeepsRunningIsStillSupervisedAndStopped() {
    ProcessUnit unit =
        ProcessUnit.builder("sh", "-c", "echo bye; exec >&- 2>&-; exec sleep 1000").build();
    unit.start();
    await().until(() -> unit.logger().getLogs().contains("bye"));

    assertThat(unit.isRunning()).isTrue();
    unit.stop();
    assertThat(unit.getState()).isEqualTo(ProcessState.STOPPED);
  }

  @Test
  void twoHundredMegabytesWithoutANewlineCostOneCutLine() {
    ProcessUnit unit =
        steps("bytes", Long.toString(200L * 1024 * 1024), "out", "", "out", "end").build();
    unit.start();

    assertThat(unit.exit().join().exitCode()).isZero();
    assertThat(unit.logger().getLogs()).hasSize(2);
    assertThat(unit.logger().getLogs().get(0))
        .hasSizeLessThan(70_000)
        .endsWith("[ovrseer: line cut at 65536 bytes]");
  }

  @Test
  void aCrashReporterDirectoryThatCannotBeWrittenIsALifecycleErrorNotASilentLoss()
      throws Exception {
    Path file = Files.writeString(dir.resolve("not-a-dir"), "x");
    Ovrseer ovrseer =
        new Ovrseer(
            OvrseerOptions.builder()
                .retries(0)
                .crashReporter(new CrashReporter(file.resolve("r")))
                .build());
    List<LifecycleError> errors = new CopyOnWriteArrayList<>();
    ovrseer.on(LifecycleError.class, errors::add);
    ProcessUnit api = steps("exit", "1").build();
    ovrseer.addMainProcess("api", api);
    started.add(ovrseer);
    ovrseer.start();

    await().until(() -> api.getState() == ProcessState.FAILED);
    ovrseer.awaitEventsDelivered();
    assertThat(errors)
        .singleElement()
        .extracting(e -> e.error().getMessage())
        .asString()
        .contains("could not write crash report of process \"api\"")
        .contains(file.toString());
  }
}
