package io.ovrseer.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ovrseer.Ovrseer;
import io.ovrseer.OvrseerOptions;
import io.ovrseer.crash.CrashReporter;
import io.ovrseer.internal.ProcessTree;
import io.ovrseer.process.ProcessUnit;
import io.ovrseer.process.ReadyCheck;
import io.ovrseer.testing.NoLeftoverProcesses;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code up --no-tui} run in this JVM, for what a CLI run in a child JVM cannot provoke: a process
 * the stop cannot end ({@linkplain ProcessTree#protect protected}, as a process of another user
 * would be to a CLI that is not root).
 */
@ExtendWith(NoLeftoverProcesses.class)
class PlainRunnerTest {
  @TempDir Path dir;

  /**
   * The dependency "keeper" is ready, with a child the stop cannot end; then "db", which waits for
   * it, exits before it is ready: the start fails, and the stop of what it started leaves keeper's
   * child running. The stop waits out the 5 s that it keeps sending SIGKILL.
   */
  @Test
  void aFailedStartWhoseStopLeavesAProcessRunningExitsWith4AndSaysSoLast() throws Exception {
    Path go = dir.resolve("go");
    Ovrseer ovrseer =
        new Ovrseer(
            OvrseerOptions.builder()
                .retries(0)
                .crashReporter(new CrashReporter(dir.resolve("reports")))
                .build());
    ovrseer.addDependency(
        "keeper",
        ProcessUnit.builder("sh", "-c", "sleep 600 & echo READY; wait")
            .readyCheck(ReadyCheck.logPattern("READY", Duration.ofSeconds(20)))
            .stopTimeout(Duration.ofMillis(100))
            .build());
    ovrseer.addDependency(
        "db",
        ProcessUnit.builder(
                "sh",
                "-c",
                "while [ ! -e '" + go + "' ]; do sleep 0.05; done; echo booting; exit 3")
            .readyCheck(ReadyCheck.logPattern("never printed", Duration.ofSeconds(20)))
            .dependsOn("keeper")
            .build());
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    LineWriter output = new LineWriter(bytes);
    PlainRunner runner =
        new PlainRunner(
            ovrseer, new PrefixedPrinter(output, PlainRunner.names(ovrseer), false), output);
    AtomicReference<ProcessHandle> child = new AtomicReference<>();
    try {
      CompletableFuture<ExitCode> run = CompletableFuture.supplyAsync(runner::run);
      await("keeper's child")
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> {
                child.set(childOf(ovrseer, "keeper").orElse(null));
                return child.get() != null;
              });
      ProcessTree.protect(child.get());
      Files.createFile(go);

      ExitCode code = run.get();

      String text = bytes.toString(StandardCharsets.UTF_8);
      assertThat(code).as(text).isEqualTo(ExitCode.STOP_FAILED);
      assertThat(text)
          .containsSubsequence(
              "ovrseer | stopping",
              "ovrseer | could not start: ",
              "ovrseer | the stop went wrong: error in dependencies phase: could not stop all of",
              "exit code 4");
      assertThat(text.lines().toList())
          .as("the failed start is told once, among the reasons")
          .filteredOn(line -> line.startsWith("ovrseer | could not start: "))
          .hasSize(1);
    } finally {
      if (child.get() != null) {
        child.get().destroyForcibly();
        child.get().onExit().join();
      }
    }
  }

  private static Optional<ProcessHandle> childOf(Ovrseer ovrseer, String id) {
    return ovrseer
        .getProcess(id)
        .flatMap(unit -> unit.getPid().stream().boxed().findFirst())
        .flatMap(ProcessHandle::of)
        .flatMap(process -> process.children().findFirst());
  }
}
