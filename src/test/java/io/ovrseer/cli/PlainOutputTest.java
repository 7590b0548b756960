package io.ovrseer.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.ovrseer.internal.ProcessTree;
import io.ovrseer.testing.NoLeftoverProcesses;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code ovrseer up --no-tui}: prefixed log lines, SIGTERM stops with cleanup and exits 0. */
@ExtendWith(NoLeftoverProcesses.class)
class PlainOutputTest {
  private static final String STEPS =
      "[\"${java}\", -XX:TieredStopAtLevel=1, -XX:+UseSerialGC, -cp, \"${classpath}\", io.ovrseer.fixtures.Steps, ";

  @TempDir Path dir;

  @Test
  void printsLinesPrefixedWithTheirProcessAndStopsWithTheCleanupPhaseOnSigterm() throws Exception {
    Path yaml =
        Files.writeString(
            dir.resolve("env.yml"),
            """
        dependencies:
          db:
            command: %s out, "db ready", hang]
            ready: {log: db ready, timeout: 30s}
        main:
          api:
            command: %s out, "hello from api", err, "oops on stderr", hang]
        cleanup:
          backup:
            command: %s out, "backup done"]
        """
                .formatted(STEPS, STEPS, STEPS));
    CliProcess cli =
        CliProcess.start(
            dir.resolve("cli.out"),
            "up",
            "--no-tui",
            "--classpath",
            CliProcess.fixtureClasspath(),
            yaml.toString());

    await("prefixed lines of both processes")
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(cli.lines())
                    .contains("api     | hello from api", "api     | oops on stderr"));
    assertThat(cli.lines()).contains("db      | db ready");
    assertThat(cli.lines()).anyMatch(line -> line.startsWith("ovrseer | api spawned (pid "));

    cli.process.destroy();

    assertThat(cli.process.waitFor(30, TimeUnit.SECONDS)).as("exited after SIGTERM").isTrue();
    assertThat(cli.process.exitValue()).as("exit code; output:\n" + cli.output()).isZero();
    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(() -> assertThat(cli.lines()).contains("ovrseer | stopped"));
    assertThat(cli.lines()).contains("backup  | backup done", "ovrseer | cleanup complete");
    assertThat(cli.lines())
        .as("no colour when not a terminal")
        .noneMatch(line -> line.contains("\u001B["));
  }

  @Test
  void aRelativeClasspathStillHoldsForAProcessInAnotherWorkingDirectory() throws Exception {
    // As java -jar target/ovrseer-...-cli.jar or --classpath target/classes:... give it: relative
    // to where the CLI runs, not to the workingDirectory of the process that uses ${classpath}.
    Path yaml =
        Files.writeString(
            dir.resolve("env.yml"),
            """
        retries: 0
        main:
          api:
            command: %s out, "found the classes", hang]
            workingDirectory: work
        """
                .formatted(STEPS));
    Files.createDirectory(dir.resolve("work"));
    String relative = dir.relativize(Path.of(CliProcess.fixtureClasspath())).toString();
    CliProcess cli =
        CliProcess.start(
            dir,
            dir.resolve("cli.out"),
            CliProcess.command("up", "--no-tui", "--classpath", relative, yaml.toString()));

    await("api found its classes or crashed")
        .atMost(Duration.ofSeconds(30))
        .until(() -> cli.output().contains("found the classes") || cli.output().contains("FAILED"));
    cli.process.destroy();
    assertThat(cli.process.waitFor(30, TimeUnit.SECONDS)).as("exited after SIGTERM").isTrue();
    assertThat(cli.lines()).as(cli.output()).contains("api     | found the classes");
    assertThat(cli.process.exitValue()).as("exit code; output:\n" + cli.output()).isZero();
  }

  @Test
  void aDependencyThatCannotStartEndsTheRunWithExitCode1AndTheReason() throws Exception {
    Path yaml =
        Files.writeString(
            dir.resolve("broken.yml"),
            """
        retries: 0
        dependencies:
          db:
            command: %s out, "booting", exit, "3"]
            ready: {log: never printed, timeout: 20s}
        main:
          api:
            command: %s hang]
        """
                .formatted(STEPS, STEPS));
    CliProcess cli =
        CliProcess.start(
            dir.resolve("cli.out"),
            "up",
            "--no-tui",
            "--color=always",
            "--classpath",
            CliProcess.fixtureClasspath(),
            yaml.toString());

    assertThat(cli.process.waitFor(30, TimeUnit.SECONDS)).as("exited").isTrue();
    assertThat(cli.process.exitValue()).as("exit code; output:\n" + cli.output()).isEqualTo(1);
    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(() -> assertThat(cli.output()).contains("stopped after a failed start"));
    assertThat(cli.output()).contains("could not start").contains("\"db\"").contains("booting");
    assertThat(cli.lines())
        .as("--color=always colours the prefixes")
        .anyMatch(line -> line.contains("\u001B["));
    assertThat(cli.output()).doesNotContain("api spawned");
  }

  @Test
  void aStopAfterAMainProcessEndedFailedExitsWith3() throws Exception {
    Path yaml =
        Files.writeString(
            dir.resolve("env.yml"),
            """
        retries: 0
        main:
          api:
            command: %s out, "api up", hang]
          worker:
            command: %s out, "worker up", sleep, "500", exit, "3"]
        """
                .formatted(STEPS, STEPS));
    CliProcess cli =
        CliProcess.start(
            dir.resolve("cli.out"),
            "up",
            "--no-tui",
            "--classpath",
            CliProcess.fixtureClasspath(),
            yaml.toString());
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(cli.output())
                    .contains("api     | api up")
                    .contains("ovrseer | worker crashed: "));

    cli.process.destroy();

    assertThat(cli.process.waitFor(30, TimeUnit.SECONDS)).as("exited after SIGTERM").isTrue();
    assertThat(cli.process.exitValue()).as("exit code; output:\n" + cli.output()).isEqualTo(3);
    assertThat(cli.output())
        .containsSubsequence(
            "ovrseer | stopping", "ovrseer | worker is FAILED: worker crashed: ", "exit code 3");
  }

  @Test
  void theRunEndsWithWhereItsCrashReportsWereWritten() throws Exception {
    // The reports were written (to target/ovrseer/crash-reports of the directory it runs in, or to
    // the user's runtime directory), but nothing the CLI printed said so or where.
    Path yaml =
        Files.writeString(
            dir.resolve("env.yml"),
            """
        retries: 0
        main:
          api:
            command: %s out, "api up", hang]
          worker:
            command: %s out, "worker up", exit, "3"]
        """
                .formatted(STEPS, STEPS));
    Files.createDirectory(dir.resolve("target"));
    Path reports = dir.resolve("target/ovrseer/crash-reports");
    CliProcess cli =
        CliProcess.start(
            dir,
            dir.resolve("cli.out"),
            CliProcess.command(
                "up", "--no-tui", "--classpath", CliProcess.fixtureClasspath(), yaml.toString()));
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(cli.output()).contains("ovrseer | worker crashed: "));

    cli.process.destroy();

    assertThat(cli.process.waitFor(30, TimeUnit.SECONDS)).as("exited after SIGTERM").isTrue();
    assertThat(cli.process.exitValue()).as(cli.output()).isEqualTo(3);
    assertThat(cli.output())
        .containsSubsequence(
            "ovrseer | worker is FAILED: ",
            "ovrseer | 1 crash report (worker) written to " + reports + "\n",
            "exit code 3");
    try (var files = Files.list(reports)) {
      assertThat(files.map(file -> file.getFileName().toString()))
          .singleElement()
          .asString()
          .endsWith("_worker.json");
    }
  }

  @Test
  void aCrashReportThatCouldNotBeWrittenIsNotSaidToBeWritten() throws Exception {
    // target/ovrseer is a file, so target/ovrseer/crash-reports cannot be made (also as root).
    Path yaml =
        Files.writeString(
            dir.resolve("env.yml"),
            """
        retries: 0
        main:
          api:
            command: %s out, "api up", hang]
          worker:
            command: %s out, "worker up", exit, "3"]
        """
                .formatted(STEPS, STEPS));
    Files.createDirectory(dir.resolve("target"));
    Files.writeString(dir.resolve("target/ovrseer"), "not a directory");
    CliProcess cli =
        CliProcess.start(
            dir,
            dir.resolve("cli.out"),
            CliProcess.command(
                "up", "--no-tui", "--classpath", CliProcess.fixtureClasspath(), yaml.toString()));
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(cli.output()).contains("ovrseer | worker crashed: "));

    cli.process.destroy();

    assertThat(cli.process.waitFor(30, TimeUnit.SECONDS)).as("exited after SIGTERM").isTrue();
    assertThat(cli.process.exitValue()).as(cli.output()).isEqualTo(3);
    assertThat(cli.output())
        .doesNotContain("written to")
        .containsSubsequence(
            "ovrseer | worker is FAILED: ",
            "ovrseer | 1 crash report (worker) could not be written: could not write crash report"
                + " of process \"worker\" to "
                + dir.resolve("target/ovrseer/crash-reports"),
            "exit code 3");
  }

  @Test
  void aCrashReportNotWrittenDuringAFailedStartLeavesExitCode1() throws Exception {
    // A lifecycle:error during a failed start is taken as its stop going wrong (exit 4), except
    // the one telling that a crash report could not be written.
    Path yaml =
        Files.writeString(
            dir.resolve("broken.yml"),
            """
        retries: 0
        dependencies:
          db:
            command: %s out, "booting", exit, "3"]
            ready: {log: never printed, timeout: 20s}
        """
                .formatted(STEPS));
    Files.createDirectory(dir.resolve("target"));
    Files.writeString(dir.resolve("target/ovrseer"), "not a directory");
    CliProcess cli =
        CliProcess.start(
            dir,
            dir.resolve("cli.out"),
            CliProcess.command(
                "up", "--no-tui", "--classpath", CliProcess.fixtureClasspath(), yaml.toString()));

    assertThat(cli.process.waitFor(30, TimeUnit.SECONDS)).as("exited").isTrue();
    assertThat(cli.process.exitValue()).as(cli.output()).isEqualTo(1);
    assertThat(cli.output())
        .doesNotContain("the stop went wrong")
        .containsSubsequence(
            "ovrseer | could not start: ",
            "ovrseer | 1 crash report (db) could not be written: ",
            "ovrseer | stopped after a failed start");
  }

  @Test
  void sigintStopsLikeSigterm() throws Exception {
    Path yaml =
        Files.writeString(
            dir.resolve("env.yml"),
            """
        main:
          api:
            command: %s out, "api up", hang]
        """
                .formatted(STEPS));
    CliProcess cli =
        CliProcess.start(
            dir.resolve("cli.out"),
            "up",
            "--no-tui",
            "--classpath",
            CliProcess.fixtureClasspath(),
            yaml.toString());
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(cli.lines()).contains("api     | api up"));

    signal(cli.process, "INT");

    assertThat(cli.process.waitFor(30, TimeUnit.SECONDS)).as("exited after SIGINT").isTrue();
    assertThat(cli.process.exitValue()).as(cli.output()).isZero();
    assertThat(cli.output())
        .contains("ovrseer | api killed by SIGTERM")
        .contains("ovrseer | stopped");
  }

  @Test
  void aSecondSigintWhileStoppingKillsEveryTreeAtOnceWithoutCleanupAndExitsWith130()
      throws Exception {
    // Each ignores SIGTERM for 10 minutes of stop timeout; api's child does too.
    Path yaml =
        Files.writeString(
            dir.resolve("env.yml"),
            """
        dependencies:
          db:
            command: %s ignore-term, pidfile, "%s", out, "db ready", hang]
            ready: {log: db ready, timeout: 30s}
            stopTimeout: 10m
        main:
          api:
            command: %s ignore-term, pidfile, "%s", out, "api up", child, ignore-term, pidfile, "%s", hang]
            stopTimeout: 10m
        cleanup:
          backup:
            command: %s pidfile, "%s", out, "backup done"]
        """
                .formatted(
                    STEPS,
                    dir.resolve("db.pid"),
                    STEPS,
                    dir.resolve("api.pid"),
                    dir.resolve("api-child.pid"),
                    STEPS,
                    dir.resolve("cleanup.pid")));
    CliProcess cli =
        CliProcess.start(
            dir.resolve("cli.out"),
            "up",
            "--no-tui",
            "--classpath",
            CliProcess.fixtureClasspath(),
            yaml.toString());
    try {
      List<Long> pids = List.of(awaitPid("db.pid"), awaitPid("api.pid"), awaitPid("api-child.pid"));
      await().atMost(Duration.ofSeconds(30)).until(() -> cli.lines().contains("api     | api up"));
      sigint(cli.process);
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> cli.output().contains("ovrseer | stopping"));

      sigint(cli.process);

      assertThat(cli.process.waitFor(60, TimeUnit.SECONDS))
          .as("exited after the second SIGINT; output:\n" + cli.output())
          .isTrue();
      assertThat(cli.process.exitValue()).as(cli.output()).isEqualTo(130);
      // Killed before the CLI exited; an orphan's zombie may wait a moment for its reaper.
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () ->
                  assertThat(pids)
                      .as("db, api and api's child are gone")
                      .allMatch(ProcessTree::isDead));
      assertThat(dir.resolve("cleanup.pid")).as("the cleanup phase did not run").doesNotExist();
      assertThat(cli.output())
          .containsSubsequence(
              "ovrseer | stopping",
              "ovrseer | second Ctrl+C: killing every process now, without cleanup",
              "ovrseer | stopped hard by a second Ctrl+C",
              "ovrseer | killed; exit code 130");
    } finally {
      CliProcess.killTree(cli.process);
    }
  }

  private static void sigint(Process process) throws Exception {
    signal(process, "INT");
  }

  /**
   * Sends SIG{@code name} to {@code process} through the shell's own {@code kill}: a machine
   * without procps (a slim container image) has no {@code kill} program, and the JDK sends only
   * SIGTERM and SIGKILL.
   */
  private static void signal(Process process, String name) throws Exception {
    Process kill =
        new ProcessBuilder(
                "sh", "-c", "kill -" + name + " \"$1\"", "sh", Long.toString(process.pid()))
            .redirectErrorStream(true)
            .start();
    String output = new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(kill.waitFor()).as(output).isZero();
  }

  @Test
  void sighupEndsTheJvmWith129AfterTheShutdownHookStoppedEverythingWithCleanup() throws Exception {
    // What cli.md says of a signal the CLI does not handle (its terminal closed).
    Path yaml =
        Files.writeString(
            dir.resolve("env.yml"),
            """
        main:
          api:
            command: %s out, "api up", hang]
        cleanup:
          backup:
            command: %s out, "backup done"]
        """
                .formatted(STEPS, STEPS));
    CliProcess cli =
        CliProcess.start(
            dir.resolve("cli.out"),
            "up",
            "--no-tui",
            "--classpath",
            CliProcess.fixtureClasspath(),
            yaml.toString());
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(cli.lines()).contains("api     | api up"));

    signal(cli.process, "HUP");

    assertThat(cli.process.waitFor(30, TimeUnit.SECONDS)).as("exited after SIGHUP").isTrue();
    assertThat(cli.process.exitValue()).as(cli.output()).isEqualTo(129);
    assertThat(cli.output())
        .containsSubsequence(
            "ovrseer | api killed by SIGTERM",
            "backup  | backup done",
            "ovrseer | cleanup complete")
        .doesNotContain("ovrseer | stopped");
  }

  @Test
  void sigtermStopsEverythingAndExitsWhileNobodyReadsTheOutput() throws Exception {
    Process cli = upFloodingPiped();
    try {
      // Nobody reads: once the pipe is full, every write to stdout blocks. (A full pipe may hold
      // less than its 64 KiB, its pages partly filled; half of it shows that the flood is on and
      // that no one reads, and the flood fills the rest.)
      await("stdout pipe filling")
          .atMost(Duration.ofSeconds(30))
          .until(() -> cli.getInputStream().available() >= 32_768);
      long noisy = awaitPid("noisy.pid");

      // Not cli.destroy(), which would close the pipe, unblocking every write.
      signal(cli, "TERM");

      assertThat(cli.waitFor(30, TimeUnit.SECONDS)).as("exited after SIGTERM").isTrue();
      assertThat(cli.exitValue()).as("exit code").isZero();
      assertThat(ProcessTree.isDead(noisy)).as("noisy stopped").isTrue();
      assertThat(dir.resolve("cleanup.pid")).as("the cleanup phase ran").exists();
    } finally {
      CliProcess.killTree(cli);
    }
  }

  @Test
  void closingTheOutputStopsEverythingAsAQuitAndExitsWith141() throws Exception {
    Process cli = upFloodingPiped();
    try {
      long noisy = awaitPid("noisy.pid");
      BufferedReader out =
          new BufferedReader(new InputStreamReader(cli.getInputStream(), StandardCharsets.UTF_8));
      for (int i = 0; i < 3; i++) {
        assertThat(out.readLine()).isNotNull();
      }

      out.close(); // as "| head -3" does

      assertThat(cli.waitFor(30, TimeUnit.SECONDS)).as("exited after stdout closed").isTrue();
      assertThat(cli.exitValue()).as("exit code").isEqualTo(141);
      assertThat(ProcessTree.isDead(noisy)).as("noisy stopped").isTrue();
      assertThat(dir.resolve("cleanup.pid")).as("the cleanup phase ran").exists();
      assertThat(Files.readString(dir.resolve("cli.err")))
          .contains("standard output could not be written");
    } finally {
      CliProcess.killTree(cli);
    }
  }

  @Test
  void anOutputThatCannotBeWrittenStopsEverythingAndSaysWhy() throws Exception {
    Path full = Path.of("/dev/full");
    assumeTrue(Files.isWritable(full), "/dev/full (every write fails: no space left) is Linux's");
    Path yaml = Files.writeString(dir.resolve("env.yml"), floodingEnvironment());
    Process cli =
        new ProcessBuilder(
                CliProcess.command(
                    "up",
                    "--no-tui",
                    "--classpath",
                    CliProcess.fixtureClasspath(),
                    yaml.toString()))
            .redirectOutput(full.toFile())
            .redirectError(dir.resolve("cli.err").toFile())
            .start();
    try {
      assertThat(cli.waitFor(30, TimeUnit.SECONDS)).as("exited").isTrue();
      assertThat(cli.exitValue()).as("exit code").isEqualTo(141);
      // Not "standard output was closed": nobody closed it, the disk is full.
      assertThat(Files.readString(dir.resolve("cli.err")))
          .contains("standard output could not be written")
          .contains("No space left on device");
    } finally {
      CliProcess.killTree(cli);
    }
  }

  /** {@code up --no-tui} of {@link #floodingEnvironment()}, its stdout a pipe the test reads. */
  private Process upFloodingPiped() throws Exception {
    Path yaml = Files.writeString(dir.resolve("env.yml"), floodingEnvironment());
    return CliProcess.startPiped(
        dir.resolve("cli.err"),
        "up",
        "--no-tui",
        "--classpath",
        CliProcess.fixtureClasspath(),
        yaml.toString());
  }

  @Test
  void everyPrintedLineStartsWithAPrefixEvenIfAnIdOrATextHasLineBreaks() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    LineWriter output = new LineWriter(bytes);
    PrefixedPrinter printer =
        new PrefixedPrinter(output, List.of("two\nlines", "api\u001B[2J"), false);

    printer.line("two\nlines", "hello", false);
    printer.line(PrefixedPrinter.SELF, "error in main phase: first\nsecond", false);
    printer.line("api\u001B[2J", "50%\r100%", false);
    assertThat(output.finish(Duration.ofSeconds(10))).as("all written").isTrue();

    assertThat(bytes.toString(StandardCharsets.UTF_8).split("\n", -1))
        .containsExactly(
            "two lines | hello",
            "ovrseer   | error in main phase: first",
            "ovrseer   | second",
            "api       | 50%",
            "api       | 100%",
            "");
  }

  @Test
  void prefixesAreAlignedInTerminalColumnsAlsoForWideIds() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    LineWriter output = new LineWriter(bytes);
    PrefixedPrinter printer =
        new PrefixedPrinter(output, List.of("\u65E5\u672C\u8A9E\u7248", "api"), false);

    printer.line("\u65E5\u672C\u8A9E\u7248", "hello", false);
    printer.line("api", "hi", false);
    assertThat(output.finish(Duration.ofSeconds(10))).as("all written").isTrue();

    assertThat(bytes.toString(StandardCharsets.UTF_8).split("\n", -1))
        .containsExactly("\u65E5\u672C\u8A9E\u7248 | hello", "api      | hi", "");
  }

  private String floodingEnvironment() {
    return """
        main:
          noisy:
            command: %s pidfile, "%s", flood, "50000000", hang]
        cleanup:
          backup:
            command: %s pidfile, "%s"]
        """
        .formatted(STEPS, dir.resolve("noisy.pid"), STEPS, dir.resolve("cleanup.pid"));
  }

  private long awaitPid(String pidFile) {
    Path file = dir.resolve(pidFile);
    await(pidFile).atMost(Duration.ofSeconds(30)).until(() -> Files.exists(file));
    try {
      return Long.parseLong(Files.readString(file).trim());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void coloursOnlyForATerminalWithoutNoColorUnlessForced() {
    assertThat(PrefixedPrinter.useColor(PrefixedPrinter.ColorMode.AUTO, null, true)).isTrue();
    assertThat(PrefixedPrinter.useColor(PrefixedPrinter.ColorMode.AUTO, "", true)).isTrue();
    assertThat(PrefixedPrinter.useColor(PrefixedPrinter.ColorMode.AUTO, "1", true)).isFalse();
    assertThat(PrefixedPrinter.useColor(PrefixedPrinter.ColorMode.AUTO, null, false)).isFalse();
    assertThat(PrefixedPrinter.useColor(PrefixedPrinter.ColorMode.ALWAYS, "1", false)).isTrue();
    assertThat(PrefixedPrinter.useColor(PrefixedPrinter.ColorMode.NEVER, null, true)).isFalse();
  }

  @Test
  void aBrokenFileIsReportedWithFileAndLineAndExitCode2() throws Exception {
    Path yaml =
        Files.writeString(
            dir.resolve("bad.yml"),
            """
        main:
          api:
            command: [sh, -c, "echo hi"]
            stopTimeout: soon
        """);
    StringWriter err = new StringWriter();
    CommandLine cli = Main.commandLine();
    cli.setErr(new PrintWriter(err, true));

    int code = cli.execute("up", "--no-tui", yaml.toString());

    assertThat(code).isEqualTo(2);
    assertThat(err.toString().trim())
        .isEqualTo(
            yaml
                + ":4: main.api.stopTimeout [soon] is not a duration; use 500ms, 30s, 2m, 1h or"
                + " ISO-8601 such as PT5S");
  }

  @Test
  void aDirectoryGivenAsTheFileIsSaidToBeOneWithoutAJdkException() {
    StringWriter err = new StringWriter();
    CommandLine cli = Main.commandLine();
    cli.setErr(new PrintWriter(err, true));

    int code = cli.execute("up", "--no-tui", dir.toString());

    assertThat(code).isEqualTo(2);
    assertThat(err.toString().trim())
        .isEqualTo(dir + ": is a directory; give the environment's YAML file, such as env.yml");
  }

  @Test
  void versionPrintsTheVersionOfTheBuild() {
    StringWriter out = new StringWriter();
    CommandLine cli = Main.commandLine();
    cli.setOut(new PrintWriter(out, true));

    assertThat(cli.execute("--version")).isZero();
    assertThat(out.toString().trim()).matches("ovrseer \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
  }

  @Test
  void noCommandIsAWrongCommandLine() {
    // It printed the usage to standard output and exited 0, as if something had run.
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = Main.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));

    assertThat(cli.execute()).isEqualTo(2);
    assertThat(out.toString()).isEmpty();
    assertThat(err.toString()).startsWith("Missing command: up").contains("Usage: ovrseer");
  }

  @Test
  void upNeedsAFileOrAClass() {
    StringWriter err = new StringWriter();
    CommandLine cli = Main.commandLine();
    cli.setErr(new PrintWriter(err, true));

    assertThat(cli.execute("up")).isEqualTo(2);
    assertThat(err.toString()).contains("give either a YAML FILE or --class CLASS");
  }
}
