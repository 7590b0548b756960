package io.ovrseer.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.ovrseer.internal.ProcessTree;
import io.ovrseer.testing.NoLeftoverProcesses;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The terminal UI driven in a real pseudo-terminal: tmux runs {@code ovrseer up}, the test types
 * keys with {@code send-keys} and reads the screen with {@code capture-pane}. The CLI is not a
 * child of this JVM, so each test checks that the pids it showed are dead after {@code q}.
 */
@ExtendWith(NoLeftoverProcesses.class)
class TerminalUiTest {
  private static final boolean TMUX = Tmux.isAvailable();
  private static final Pattern ROW = Pattern.compile("(?m)^[> ] (\\S+)\\s+([A-Z]+)\\s+(\\d+|-)\\s");
  private static final Pattern ROW_RESTARTS =
      Pattern.compile("(?m)^[> ] (\\S+)\\s+[A-Z]+\\s+(?:\\d+|-)\\s+\\S+\\s+(\\d+)");
  private static final Duration STARTUP = Duration.ofSeconds(30);
  private static final Pattern RESTARTED_ONCE =
      Pattern.compile("> api\\s+READY\\s+\\d+\\s+\\S+\\s+1\\s");
  private static final Pattern STOPPED_AFTER_ONE_RESTART =
      Pattern.compile("> api\\s+STOPPED\\s+-\\s+-\\s+1\\s");
  private static final String STEPS =
      "[\"${java}\", -XX:TieredStopAtLevel=1, -XX:+UseSerialGC, -Xshare:auto, -cp, \"${classpath}\", io.ovrseer.fixtures.Steps, ";

  @TempDir Path dir;
  private Tmux tmux;
  private Path exitFile;

  @BeforeEach
  void requireTmux() {
    assumeTrue(
        TMUX,
        "tmux is not installed (apt-get install -y tmux); the terminal UI tests need it for a pseudo-terminal");
  }

  @AfterEach
  void killSession() {
    if (tmux != null) {
      tmux.close();
    }
  }

  @Test
  void showsTheProcessesGroupedWithTheirStatesAndTheSelectedLog() throws Exception {
    startUi(standardEnvironment());

    String screen =
        awaitScreen(
            s ->
                s.contains("> db ")
                    && states(s)
                        .equals(Map.of("db", "READY", "api", "READY", "backup", "CREATED")));

    assertThat(screen)
        .containsSubsequence("DEPENDENCIES", "> db", "MAIN", "  api", "CLEANUP", "  backup");
    assertThat(screen).contains("-- log: db (following)").contains("db ready");
    assertThat(pids(screen).get("db")).isNotNull();
    assertThat(pids(screen).get("backup")).isNull();
    quitAndAssertEverythingStopped(screen);
    assertThat(dir.resolve("cleanup.pid")).as("q ran the cleanup phase").exists();
  }

  @Test
  void theRestartKeyRestartsTheSelectedProcessWithANewPid() throws Exception {
    startUi(standardEnvironment());
    awaitScreen(s -> "READY".equals(states(s).get("api")));
    tmux.sendKeys("Down");
    String before = awaitScreen(s -> s.contains("> api "));
    long oldPid = pids(before).get("api");

    tmux.sendKeys("r");

    // The row's state and pid are read from the process, its restart count from the
    // process:restart event, which is delivered on the event thread: a frame may show the new pid
    // before the count. Awaited together, they must come.
    String after =
        awaitScreen(
            s -> {
              Long pid = pids(s).get("api");
              return pid != null
                  && pid != oldPid
                  && "READY".equals(states(s).get("api"))
                  && RESTARTED_ONCE.matcher(s).find();
            });
    assertThat(ProcessTree.isDead(oldPid)).as("the old api process is gone").isTrue();
    assertThat(pids(after).get("db")).as("db was not restarted").isEqualTo(pids(before).get("db"));
    quitAndAssertEverythingStopped(after);
  }

  @Test
  void actionsRunInTheOrderTheirKeysWerePressed() throws Exception {
    startUi(standardEnvironment());
    awaitScreen(s -> "READY".equals(states(s).get("api")));
    tmux.sendKeys("Down");
    awaitScreen(s -> s.contains("> api "));

    tmux.sendKeys("r", "s");

    // Restarted (counted once), then stopped, and it stays so: the restart does not come last.
    String after =
        await("api restarted, then stopped for good")
            .during(Duration.ofSeconds(2))
            .atMost(STARTUP)
            .pollInterval(Duration.ofMillis(50))
            .until(tmux::capture, s -> STOPPED_AFTER_ONE_RESTART.matcher(s).find());
    quitAndAssertEverythingStopped(after);
  }

  @Test
  void theStopKeyDuringTheRetryDelayAfterACrashKeepsTheProcessDown() throws Exception {
    startUi(
        """
        retries: 3
        retryDelay: 3s
        main:
          worker:
            command: %s out, "worker up", sleep, "300", exit, "3"]
          api:
            command: %s out, "api up", echo-stdin]
        """
            .formatted(STEPS, STEPS));
    String crashed =
        awaitScreen(
            s ->
                s.contains("> worker ")
                    && s.contains("restarting in 3 s")
                    && "CRASHED".equals(states(s).get("worker")));

    tmux.sendKeys("s");

    // Past the retry delay, and it stays down: the pending restart went with the stop.
    awaitScreen(s -> s.contains("worker stopped"));
    String after =
        await("worker stays down")
            .during(Duration.ofSeconds(4))
            .atMost(STARTUP)
            .pollInterval(Duration.ofMillis(50))
            .until(
                tmux::capture,
                s ->
                    "CRASHED".equals(states(s).get("worker"))
                        && restarts(s).get("worker") == 0
                        && !s.contains("worker restarting"));
    assertThat(pids(crashed)).containsKey("api");
    quitAndAssertEverythingStopped(after);
  }

  @Test
  void startAllLeavesASetupProcessThatCompletedAlone() throws Exception {
    startUi(setupEnvironment());
    awaitScreen(
        s -> "READY".equals(states(s).get("api")) && "COMPLETED".equals(states(s).get("init")));
    String initPid = Files.readString(dir.resolve("init.pid"));
    tmux.sendKeys("Down");
    awaitScreen(s -> s.contains("> api "));
    tmux.sendKeys("s");
    awaitScreen(s -> "STOPPED".equals(states(s).get("api")));

    tmux.sendKeys("U");

    // The restarts are counted from process:restart events, delivered in order: by the time api
    // shows its restart, a restart of init (which U would have started first) shows too.
    String after =
        awaitScreen(s -> "READY".equals(states(s).get("api")) && restarts(s).get("api") == 1);
    assertThat(restarts(after).get("init")).as("restarts of init").isZero();
    assertThat(states(after).get("init")).isEqualTo("COMPLETED");
    assertThat(Files.readString(dir.resolve("init.pid"))).as("init ran once").isEqualTo(initPid);
    quitAndAssertEverythingStopped(after);
  }

  @Test
  void restartAllCountsARestartOnlyForTheProcessesItRunsAgain() throws Exception {
    startUi(setupEnvironment());
    awaitScreen(
        s -> "READY".equals(states(s).get("api")) && "COMPLETED".equals(states(s).get("init")));

    tmux.sendKeys("R");

    String after =
        awaitScreen(s -> "READY".equals(states(s).get("api")) && restarts(s).get("api") == 1);
    assertThat(restarts(after).get("init")).as("restarts of init, which R does not run").isZero();
    quitAndAssertEverythingStopped(after);
  }

  @Test
  void startAllAfterAFailedStartStartsTheEnvironmentAlsoWhenAProcessWasStartedSince()
      throws Exception {
    startUi(dependencyFailingUntilDirectoryExists());
    awaitScreen(s -> s.contains("| start failed") && s.contains("could not start"));
    tmux.sendKeys("Down");
    awaitScreen(s -> s.contains("> api "));
    tmux.sendKeys("u");
    long startedAlone = pids(awaitScreen(s -> "READY".equals(states(s).get("api")))).get("api");
    Files.createDirectory(dir.resolve("later"));

    tmux.sendKeys("U");

    String up =
        awaitScreen(
            s ->
                s.contains("2 processes | up ")
                    && "READY".equals(states(s).get("db"))
                    && "READY".equals(states(s).get("api")));
    assertThat(ProcessTree.isDead(startedAlone)).as("the api started alone was stopped").isTrue();
    assertThat(pids(up).get("api")).isNotEqualTo(startedAlone);
    quitAndAssertEverythingStopped(up);
  }

  @Test
  void quittingAfterAFailedStartExitsWith1AndTellsWhyOnceTheTerminalIsRestored() throws Exception {
    startUi(dependencyFailingUntilDirectoryExists());
    awaitScreen(s -> s.contains("| start failed") && s.contains("could not start"));

    String after = quit("q", 1);

    assertThat(after)
        .containsSubsequence(
            "ovrseer: stopped", "ovrseer: could not start: ", "\"db\"", "ovrseer:   | booting");
  }

  @Test
  void quittingWithAFailedMainProcessExitsWith3AndTellsItsLastCrash() throws Exception {
    startUi(
        """
        retries: 0
        main:
          api:
            command: %s out, "api up", echo-stdin]
          worker:
            command: %s out, "worker up", sleep, "500", exit, "3"]
        """
            .formatted(STEPS, STEPS));
    String failed =
        awaitScreen(
            s -> "READY".equals(states(s).get("api")) && "FAILED".equals(states(s).get("worker")));

    String after = quitAndAssertEverythingStopped(failed, "q", 3);

    assertThat(after)
        .containsSubsequence(
            "ovrseer: stopped",
            "ovrseer: worker is FAILED: worker crashed: ",
            "exit code 3",
            "ovrseer: 1 crash report (worker) written to ");
  }

  @Test
  void keysSendStdinSearchTheLogToggleFlagsAndShowHelp() throws Exception {
    startUi(standardEnvironment());
    awaitScreen(s -> "READY".equals(states(s).get("api")));
    tmux.sendKeys("Down");
    awaitScreen(s -> s.contains("> api ") && s.contains("-- flags: api"));

    tmux.sendKeys("i");
    awaitScreen(s -> s.contains("stdin of api>"));
    tmux.type("hello ERROR");
    tmux.sendKeys("Enter");
    String echoed = awaitScreen(s -> s.contains("echo: hello ERROR") && s.contains("errors:1"));
    assertThat(echoed).contains("  > ").contains("echo: hello ERROR");

    tmux.sendKeys("/");
    tmux.type("api up");
    tmux.sendKeys("Enter");
    awaitScreen(
        s -> s.contains("/api up/: 1 matching line in api") && s.contains("search /api up/"));

    tmux.sendKeys("f");
    awaitScreen(s -> !s.contains("-- flags: api"));
    tmux.sendKeys("?");
    String help = awaitScreen(s -> s.contains("-- keys"));
    assertThat(help).contains("restart the selected process").contains("quit: stop everything");
    tmux.sendKeys("Escape");
    quitAndAssertEverythingStopped(awaitScreen(s -> !s.contains("-- keys")));
  }

  @Test
  void aSearchWhileScrolledUpJumpsToTheNewestMatchAlsoWhenItIsBelowTheView() throws Exception {
    startUi(
        """
        main:
          api:
            command: [sh, -c, 'seq 1 100; echo found me; seq 101 150; exec sleep 600']
        """);
    awaitScreen(s -> lineCount(s) == 151);
    tmux.sendKeys("g");
    awaitScreen(s -> s.contains("(scrolled, End follows)") && s.contains("\n1\n"));

    tmux.sendKeys("/");
    tmux.type("found me");
    tmux.sendKeys("Enter");

    String found = awaitScreen(s -> s.contains("found me/:") || s.contains("matches /found me/"));
    assertThat(found).contains("/found me/: 1 matching line").contains("\nfound me\n");
    quitAndAssertEverythingStopped(found);
  }

  @Test
  void aLineForAProcessThatClosedItsStdinFailsSayingWhy() throws Exception {
    startUi(
        """
        main:
          api:
            command: [sh, -c, 'exec 0<&-; echo stdin closed; exec sleep 600']
        """);
    String up =
        awaitScreen(s -> "READY".equals(states(s).get("api")) && s.contains("stdin closed"));

    tmux.sendKeys("i");
    awaitScreen(s -> s.contains("stdin of api>"));
    tmux.type("hello");
    tmux.sendKeys("Enter");

    // The cause, whatever the JDK calls it, follows the unit's own words.
    String failed = awaitScreen(s -> s.contains("could not write to stdin of process"));
    assertThat(failed).containsPattern("could not write to stdin of process .*\\(pid \\d+\\): \\S");
    quitAndAssertEverythingStopped(up);
  }

  @Test
  void aLineForADependencyThatWaitsForItBeforeItIsReadyIsSentDuringTheStart() throws Exception {
    // Its ready timeout is longer than the test waits: a line held up until the start gives up
    // would fail the test rather than pass late.
    startUi(
        """
        dependencies:
          db:
            command: [sh, -c, 'echo "passphrase?"; read x; echo "got $x"; echo ready; exec sleep 600']
            ready: {log: ready, timeout: 10m}
        main:
          api:
            command: [sh, -c, 'echo api up; exec sleep 600']
        """);
    awaitScreen(s -> "STARTING".equals(states(s).get("db")) && s.contains("passphrase?"));

    tmux.sendKeys("i");
    awaitScreen(s -> s.contains("stdin of db>"));
    tmux.type("secret");
    tmux.sendKeys("Enter");

    String up =
        awaitScreen(
            s ->
                s.contains("got secret")
                    && states(s).equals(Map.of("db", "READY", "api", "READY")));
    quitAndAssertEverythingStopped(up);
  }

  @Test
  void quittingDoesNotWaitForALineStuckOnAProcessThatDoesNotReadItsStdin() throws Exception {
    startUi(
        """
        main:
          api:
            command: [sh, -c, 'echo api up; exec sleep 600']
        """);
    awaitScreen(s -> "READY".equals(states(s).get("api")) && s.contains("api up"));
    // About 110 KB for a pipe of 64 KB that nobody reads: the writes stop part of the way. In
    // pastes of 300 lines, since tmux takes commands of at most 16 KB; each ends the line typed.
    for (int paste = 0; paste < 8; paste++) {
      tmux.sendKeys("i");
      awaitScreen(s -> s.contains("stdin of api>"));
      StringBuilder lines = new StringBuilder();
      for (int i = 0; i < 300; i++) {
        lines.append("x".repeat(40)).append(paste).append('-').append(i).append('\n');
      }
      tmux.paste(lines.toString());
      awaitScreen(s -> !s.contains("stdin of api>"));
    }
    // The lines were handed over with the pastes; the first 64 KB of them go out at once.
    String stuck = awaitScreen(s -> s.contains("sent to api: xxx"));

    long began = System.nanoTime();
    quitAndAssertEverythingStopped(stuck);
    assertThat(Duration.ofNanos(System.nanoTime() - began))
        .as("quit with a line stuck writing")
        .isLessThan(Duration.ofSeconds(8));
  }

  @Test
  void everyLinePastedIntoTheStdinLineGoesToTheProcessNoneIsTakenAsKeys() throws Exception {
    startUi(standardEnvironment());
    awaitScreen(s -> "READY".equals(states(s).get("api")));
    tmux.sendKeys("Down");
    long pid = pids(awaitScreen(s -> s.contains("> api "))).get("api");
    tmux.sendKeys("i");
    awaitScreen(s -> s.contains("stdin of api>"));

    // Unbracketed, "s" would stop api and "q" quit.
    tmux.paste("job-1\nsome notes\nq\n");

    String echoed =
        awaitScreen(
            s ->
                s.contains("echo: job-1")
                    && s.contains("echo: some notes")
                    && s.contains("echo: q")
                    && !s.contains("stdin of api>"));
    assertThat(states(echoed).get("api")).isEqualTo("READY");
    assertThat(pids(echoed).get("api")).isEqualTo(pid);
    quitAndAssertEverythingStopped(echoed);
  }

  @Test
  void aPasteWhileBrowsingIsIgnoredNotTakenAsKeys() throws Exception {
    startUi(standardEnvironment());
    awaitScreen(s -> "READY".equals(states(s).get("api")));
    tmux.sendKeys("Down");
    long pid = pids(awaitScreen(s -> s.contains("> api "))).get("api");

    tmux.paste("sq");

    String ignored = awaitScreen(s -> s.contains("paste ignored"));
    assertThat(states(ignored).get("api")).isEqualTo("READY");
    assertThat(pids(ignored).get("api")).isEqualTo(pid);
    quitAndAssertEverythingStopped(ignored);
  }

  @Test
  void specialKeysWhileTypingAreSwallowedWholeInsteadOfTypingTheirTail() throws Exception {
    startUi(standardEnvironment());
    awaitScreen(s -> "READY".equals(states(s).get("api")));
    tmux.sendKeys("Down");
    awaitScreen(s -> s.contains("> api "));
    tmux.sendKeys("i");
    awaitScreen(s -> s.contains("stdin of api>"));

    tmux.sendKeys("DC", "Home", "End", "PPage", "NPage", "IC", "F1", "F5", "F12", "C-Right");
    tmux.type("abc");
    tmux.sendKeys("Enter");

    String sent = awaitScreen(s -> s.contains("sent to api: ") && s.contains("echo: "));
    assertThat(sent).containsPattern("(?m)sent to api: abc$").containsPattern("(?m)^echo: abc$");
    quitAndAssertEverythingStopped(sent);
  }

  @Test
  void aSearchRegexThatBacktracksForAgesIsGivenUpAndTheKeysStillWork() throws Exception {
    String as = ", out, \"" + "a".repeat(80) + "\"";
    startUi(
        """
        main:
          api:
            command: %s out, "api up"%s, echo-stdin]
        """
            .formatted(STEPS, as.repeat(20)));
    String up = awaitScreen(s -> "READY".equals(states(s).get("api")) && s.contains("aaaa"));

    tmux.sendKeys("/");
    tmux.type("(.*a){12}x");
    tmux.sendKeys("Enter");

    awaitScreen(s -> s.contains("search /(.*a){12}x/ cleared: matching it took too long"));
    tmux.sendKeys("/");
    awaitScreen(s -> s.contains(" search /_"));
    tmux.sendKeys("Escape");
    quitAndAssertEverythingStopped(up);
  }

  @Test
  void aSearchRegexThatRecursesTooDeeplyOnALongLineIsGivenUpAndTheKeysStillWork() throws Exception {
    startUi(
        """
        main:
          api:
            command: %s out, "api up", bytes, "70000", out, "", echo-stdin]
        """
            .formatted(STEPS));
    String up = awaitScreen(s -> "READY".equals(states(s).get("api")) && s.contains("xxxx"));

    tmux.sendKeys("/");
    tmux.type("(x|y)+");
    tmux.sendKeys("Enter");

    awaitScreen(s -> s.contains("search /(x|y)+/ cleared: matching it took too long"));
    tmux.sendKeys("/");
    awaitScreen(s -> s.contains(" search /_"));
    tmux.sendKeys("Escape");
    quitAndAssertEverythingStopped(up);
  }

  /**
   * A warning Ovrseer logs (System.Logger) while the UI owns the terminal: on a PATH without
   * util-linux setsid, the first spawn falls back to the portable backend and says so. It went to
   * standard error through java.util.logging's console handler, over the UI's screen, which the
   * next frames redraw only in part; now it is held, shown on the status line, and printed after
   * the terminal is restored.
   */
  @Test
  void aWarningLoggedWhileTheUiRunsIsPrintedAfterItEndsNotOverItsScreen() throws Exception {
    Path bin = Files.createDirectory(dir.resolve("bin"));
    // What the CLI itself may run (JLine asks infocmp for the terminal's capabilities); the
    // processes are started by the absolute ${java}.
    for (String tool : List.of("sh", "infocmp")) {
      Stream.of(System.getenv("PATH").split(":"))
          .map(entry -> Path.of(entry, tool))
          .filter(Files::isExecutable)
          .findFirst()
          .ifPresent(found -> copy(found, bin.resolve(tool)));
    }
    startUi(standardEnvironment(), "PATH='" + bin + "' ");

    String up = awaitScreen(s -> "READY".equals(states(s).get("api")));
    assertThat(up).as("the screen while the UI runs").doesNotContain("WARNING");

    String after = quitAndAssertEverythingStopped(up, "q", 0);
    assertThat(after)
        .contains(
            "ovrseer: warning: Ovrseer uses the portable backend: this Linux lacks util-linux");
  }

  private static void copy(Path from, Path to) {
    try {
      Files.copy(from, to, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void withoutTermTheLogsArePrintedAsWithNoTuiAndCtrlCStopsThem() throws Exception {
    // With TERM unset, JLine assumes a terminal without an alternate screen: the UI's last frame
    // stayed on the screen after the exit, with the CLI's last line written over it.
    startUi(standardEnvironment(), "env -u TERM ");

    String screen =
        awaitScreen(s -> s.contains("api     | api up") || "READY".equals(states(s).get("api")));
    assertThat(screen).contains("not a terminal that can show the UI");
    Matcher spawned = Pattern.compile("(\\w+) spawned \\(pid (\\d+)\\)").matcher(screen);
    Map<String, Long> pids = new LinkedHashMap<>();
    while (spawned.find()) {
      pids.put(spawned.group(1), Long.parseLong(spawned.group(2)));
    }
    assertThat(pids).containsKeys("db", "api");

    tmux.sendKeys("C-c");
    await("the CLI exits after Ctrl+C")
        .atMost(Duration.ofSeconds(30))
        .until(() -> Files.exists(exitFile) && !Files.readString(exitFile).isBlank());
    assertThat(Files.readString(exitFile).trim()).as("exit code").isEqualTo("0");
    assertThat(pids.values()).allMatch(ProcessTree::isDead);
  }

  @Test
  void aTerminalTooSmallForTheUiSaysSoAndTheUiComesBackWhenItGrows() throws Exception {
    startUi(standardEnvironment());
    awaitScreen(s -> "READY".equals(states(s).get("api")));

    tmux.resize(19, 10);
    // Nothing but the notice: no row drawn wider than the screen, wrapped onto the next.
    awaitScreen(s -> s.strip().equals("ovrseer: needs 20x5"));
    tmux.resize(40, 4);
    awaitScreen(s -> s.strip().equals("ovrseer: needs 20x5"));
    tmux.resize(132, 36);

    String back =
        awaitScreen(s -> "READY".equals(states(s).get("api")) && s.contains("-- log: db"));
    quitAndAssertEverythingStopped(back);
  }

  @Test
  void staysResponsiveWhileAProcessFloodsItsLogAndCtrlCQuits() throws Exception {
    startUi(
        """
        main:
          noisy:
            command: %s flood, "50000000", hang]
          quiet:
            command: %s out, "quiet here", hang]
        """
            .formatted(STEPS, STEPS));
    awaitScreen(s -> lineCount(s) > 200_000);

    tmux.sendKeys("Down");
    String moved =
        await("selection moves while flooding")
            .atMost(Duration.ofSeconds(5))
            .pollInterval(Duration.ofMillis(20))
            .until(tmux::capture, s -> s.contains("> quiet ") && s.contains("quiet here"));
    tmux.sendKeys("Up");
    String back =
        await("and back")
            .atMost(Duration.ofSeconds(5))
            .pollInterval(Duration.ofMillis(20))
            .until(tmux::capture, s -> s.contains("> noisy "));

    assertThat(lineCount(back)).as("the log went on growing").isGreaterThan(lineCount(moved));
    quitAndAssertEverythingStopped(back, "C-c");
  }

  @Test
  void aSecondCtrlCWhileStoppingKillsEveryTreeAtOnceWithoutCleanupAndExitsWith130()
      throws Exception {
    // Each ignores SIGTERM for 10 minutes of stop timeout; api's child does too.
    startUi(
        """
        dependencies:
          db:
            command: %s ignore-term, out, "db ready", hang]
            ready: {log: db ready, timeout: 30s}
            stopTimeout: 10m
        main:
          api:
            command: %s ignore-term, out, "api up", child, ignore-term, pidfile, "%s", hang]
            stopTimeout: 10m
        cleanup:
          backup:
            command: %s pidfile, "%s", out, "backup done"]
        """
            .formatted(
                STEPS, STEPS, dir.resolve("api-child.pid"), STEPS, dir.resolve("cleanup.pid")));
    String up =
        awaitScreen(
            s ->
                "READY".equals(states(s).get("db"))
                    && "READY".equals(states(s).get("api"))
                    && Files.exists(dir.resolve("api-child.pid")));
    long apiChild = Long.parseLong(Files.readString(dir.resolve("api-child.pid")).trim());
    try {
      tmux.sendKeys("C-c");
      awaitScreen(s -> s.contains("stopping: main processes, cleanup, then dependencies"));

      String after = quitAndAssertEverythingStopped(up, "C-c", 130);

      // Killed before the CLI exited; an orphan's zombie may wait a moment for its reaper.
      await("api's child is gone")
          .atMost(Duration.ofSeconds(10))
          .until(() -> ProcessTree.isDead(apiChild));
      assertThat(dir.resolve("cleanup.pid")).as("the cleanup phase did not run").doesNotExist();
      assertThat(after).contains("ovrseer: stopped hard by a second Ctrl+C");
    } finally {
      // The CLI is no child of this JVM: if it failed to kill them, they would outlive the test.
      pids(up)
          .values()
          .forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
      ProcessHandle.of(apiChild).ifPresent(ProcessHandle::destroyForcibly);
    }
  }

  // ---------------------------------------------------------------- helpers

  private String standardEnvironment() {
    return """
        retries: 1
        retryDelay: 200ms
        dependencies:
          db:
            command: %s out, "db ready", hang]
            ready: {log: db ready, timeout: 30s}
        main:
          api:
            command: %s out, "api up", echo-stdin]
            flags:
              - {name: errors, pattern: ERROR, color: red, contextWindowSize: 1}
        cleanup:
          backup:
            command: %s pidfile, "%s", out, "backup done"]
        """
        .formatted(STEPS, STEPS, STEPS, dir.resolve("cleanup.pid"));
  }

  /**
   * A dependency that cannot start (it cannot write its pid file) until the test creates the
   * directory {@code later}, and a main process. Its first line would clear the screen if it
   * reached the terminal as it is.
   */
  private String dependencyFailingUntilDirectoryExists() {
    return """
        retries: 0
        dependencies:
          db:
            command: %s out, "booting\\e[2J\\e[H", pidfile, "%s", out, "db ready", hang]
            ready: {log: db ready, timeout: 30s}
        main:
          api:
            command: %s out, "api up", echo-stdin]
        """
        .formatted(STEPS, dir.resolve("later").resolve("db.pid"), STEPS);
  }

  /** A setup process that writes its pid (each run a new one), and a main process. */
  private String setupEnvironment() {
    return """
        setup:
          init:
            command: %s pidfile, "%s", out, "init done"]
        main:
          api:
            command: %s out, "api up", echo-stdin]
            dependsOn: [init]
        """
        .formatted(STEPS, dir.resolve("init.pid"), STEPS);
  }

  private void startUi(String yaml) throws Exception {
    startUi(yaml, "");
  }

  /** As {@link #startUi(String)}, the CLI's command line after the shell text {@code prefix}. */
  private void startUi(String yaml, String prefix) throws Exception {
    Path env = Files.writeString(dir.resolve("env.yml"), yaml);
    exitFile = dir.resolve("exit-code");
    String cli =
        CliProcess.command("up", "--classpath", CliProcess.fixtureClasspath(), env.toString())
            .stream()
            .map(arg -> "'" + arg.replace("'", "'\\''") + "'")
            .collect(Collectors.joining(" "));
    Path script =
        Files.writeString(
            dir.resolve("run.sh"),
            // The trap keeps the shell alive on Ctrl+C, which the CLI may get as a signal.
            "trap true INT\n"
                + prefix
                + cli
                + "\necho $? > '"
                + exitFile
                + "'\necho CLI EXITED\nsleep 60\n");
    tmux = new Tmux();
    tmux.start("sh '" + script + "'", 132, 36);
  }

  private String awaitScreen(java.util.function.Predicate<String> condition) {
    return await("screen condition")
        .atMost(STARTUP)
        .pollInterval(Duration.ofMillis(50))
        .until(tmux::capture, condition);
  }

  private void quitAndAssertEverythingStopped(String lastScreen) throws Exception {
    quitAndAssertEverythingStopped(lastScreen, "q");
  }

  /** Presses {@code key}, waits for exit code 0 and checks every pid shown before is dead. */
  private void quitAndAssertEverythingStopped(String lastScreen, String key) throws Exception {
    quitAndAssertEverythingStopped(lastScreen, key, 0);
  }

  /**
   * Presses {@code key}, waits for {@code exitCode}, checks every pid shown before is dead, and
   * returns the screen after the exit.
   */
  private String quitAndAssertEverythingStopped(String lastScreen, String key, int exitCode)
      throws Exception {
    Map<String, Long> pids = pids(lastScreen);
    assertThat(pids).as("processes shown").isNotEmpty();
    String after = quit(key, exitCode);
    assertThat(pids.values())
        .as("pids of the processes shown are dead")
        .allMatch(ProcessTree::isDead);
    return after;
  }

  /** Presses {@code key}, waits for {@code exitCode}, and returns the screen after the exit. */
  private String quit(String key, int exitCode) throws Exception {
    tmux.sendKeys(key);
    await("the CLI exits after " + key)
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(50))
        .until(() -> Files.exists(exitFile) && !Files.readString(exitFile).isBlank());
    assertThat(Files.readString(exitFile, StandardCharsets.UTF_8).trim())
        .as("exit code")
        .isEqualTo(Integer.toString(exitCode));
    String after = awaitScreen(s -> s.contains("CLI EXITED"));
    assertThat(after).as("terminal restored").contains("ovrseer: stopped");
    return after;
  }

  private static Map<String, String> states(String screen) {
    Map<String, String> states = new LinkedHashMap<>();
    Matcher m = ROW.matcher(screen);
    while (m.find()) {
      states.put(m.group(1), m.group(2));
    }
    return states;
  }

  private static Map<String, Integer> restarts(String screen) {
    Map<String, Integer> restarts = new LinkedHashMap<>();
    Matcher m = ROW_RESTARTS.matcher(screen);
    while (m.find()) {
      restarts.put(m.group(1), Integer.parseInt(m.group(2)));
    }
    return restarts;
  }

  private static Map<String, Long> pids(String screen) {
    Map<String, Long> pids = new LinkedHashMap<>();
    Matcher m = ROW.matcher(screen);
    while (m.find()) {
      if (!m.group(3).equals("-")) {
        pids.put(m.group(1), Long.parseLong(m.group(3)));
      }
    }
    return pids;
  }

  private static long lineCount(String screen) {
    Matcher m = Pattern.compile("\\| (\\d+) lines?").matcher(screen);
    return m.find() ? Long.parseLong(m.group(1)) : 0;
  }
}
