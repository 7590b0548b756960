package io.ovrseer;

import static io.ovrseer.fixtures.Fixtures.steps;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ovrseer.crash.CrashReport;
import io.ovrseer.crash.CrashReporter;
import io.ovrseer.event.LifecycleError;
import io.ovrseer.event.ProcessCrash;
import io.ovrseer.event.ProcessExit;
import io.ovrseer.event.ProcessRemoved;
import io.ovrseer.event.ProcessRestart;
import io.ovrseer.event.ProcessSpawn;
import io.ovrseer.process.ProcessState;
import io.ovrseer.process.ProcessUnit;
import io.ovrseer.process.ReadyCheck;
import io.ovrseer.testing.NoLeftoverProcesses;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

@ExtendWith(NoLeftoverProcesses.class)
class ListenerFailureTest {
  @TempDir Path dir;

  @Test
  void aThrowingListenerDoesNotStopOtherListenersOrTheOrchestration() {
    Ovrseer ovrseer =
        new Ovrseer(OvrseerOptions.builder().crashReporter(new CrashReporter(dir)).build());
    List<String> seen = new CopyOnWriteArrayList<>();
    List<LifecycleError> errors = new CopyOnWriteArrayList<>();
    ovrseer.on(
        ProcessSpawn.class,
        e -> {
          throw new IllegalStateException("listener bug");
        });
    ovrseer.on(ProcessSpawn.class, e -> seen.add(e.name()));
    ovrseer.on(LifecycleError.class, errors::add);
    ovrseer.addDependency("db", steps("hang").build());
    ovrseer.addMainProcess("api", steps("hang").build());

    ovrseer.start();
    ovrseer.stop();

    assertThat(seen).containsExactly("db", "api");
    assertThat(errors).hasSize(2);
    assertThat(errors.get(0).phase()).isEqualTo(LifecycleError.Phase.DEPENDENCIES);
    assertThat(errors.get(1).phase()).isEqualTo(LifecycleError.Phase.MAIN);
    assertThat(errors.get(0).error())
        .hasMessageContaining("process:spawn")
        .hasRootCauseMessage("listener bug");
  }

  @Test
  void theErrorOfAListenerOfARemovedProcessHasThePhaseOfItsGroup() {
    Ovrseer ovrseer =
        new Ovrseer(OvrseerOptions.builder().crashReporter(new CrashReporter(dir)).build());
    List<String> errors = new CopyOnWriteArrayList<>();
    ovrseer.on(
        ProcessExit.class,
        e -> {
          throw new IllegalStateException("exit of " + e.name());
        });
    ovrseer.on(
        ProcessRemoved.class,
        e -> {
          throw new IllegalStateException("removal of " + e.id());
        });
    ovrseer.on(
        LifecycleError.class, e -> errors.add(e.phase() + " " + e.error().getCause().getMessage()));
    ovrseer.addDependency("db", ProcessUnit.builder("sh", "-c", "exec sleep 600").build());
    ovrseer.addCleanupProcess("backup", ProcessUnit.builder("sh", "-c", "exit 0").build());
    ovrseer.start();

    // Both are unregistered by the time their events are delivered.
    ovrseer.removeDependency("db");
    ovrseer.removeCleanupProcess("backup");
    ovrseer.awaitEventsDelivered();
    ovrseer.stop();

    assertThat(errors)
        .containsExactly(
            "DEPENDENCIES exit of db", "DEPENDENCIES removal of db", "CLEANUP removal of backup");
  }

  /**
   * A listener written in Kotlin, or with Lombok's @SneakyThrows, can throw a checked exception
   * that Java's Consumer does not declare. It went past the listener-failure handling: the other
   * listeners of the event never heard it, and no lifecycle:error told why.
   */
  @Test
  void aListenerThatThrowsACheckedExceptionIsReportedAndTheOthersStillHearTheEvent() {
    Ovrseer ovrseer =
        new Ovrseer(OvrseerOptions.builder().crashReporter(new CrashReporter(dir)).build());
    List<String> seen = new CopyOnWriteArrayList<>();
    List<LifecycleError> errors = new CopyOnWriteArrayList<>();
    ovrseer.on(ProcessSpawn.class, e -> sneakyThrow(new java.io.IOException("metrics socket")));
    ovrseer.on(ProcessSpawn.class, e -> seen.add(e.name()));
    ovrseer.on(LifecycleError.class, errors::add);
    ovrseer.addMainProcess("api", steps("hang").build());

    ovrseer.start();
    ovrseer.stop();

    assertThat(seen).containsExactly("api");
    assertThat(errors)
        .singleElement()
        .satisfies(
            error -> {
              assertThat(error.phase()).isEqualTo(LifecycleError.Phase.MAIN);
              assertThat(error.error())
                  .hasMessage(
                      "a listener of process:spawn threw java.io.IOException: metrics socket")
                  .hasCauseInstanceOf(java.io.IOException.class);
            });
  }

  /**
   * A test's lifecycle:error listener that fails the test on any error ({@code fail(..)}, an
   * AssertionError) made the other listeners of the event that caused the error miss it, and its
   * own failure went to the thread's uncaught-exception handler instead of the documented line.
   */
  @Test
  void anErrorListenerThatThrowsAnErrorDoesNotCostTheOtherListenersTheEvent() {
    Ovrseer ovrseer =
        new Ovrseer(OvrseerOptions.builder().crashReporter(new CrashReporter(dir)).build());
    List<String> seen = new CopyOnWriteArrayList<>();
    ovrseer.on(
        ProcessSpawn.class,
        e -> {
          throw new IllegalStateException("metrics backend down");
        });
    ovrseer.on(ProcessSpawn.class, e -> seen.add(e.name()));
    ovrseer.on(
        LifecycleError.class,
        e -> {
          throw new AssertionError("no lifecycle error expected");
        });
    ovrseer.addMainProcess("api", steps("hang").build());
    java.io.PrintStream stderr = System.err;
    java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();

    try {
      System.setErr(
          new java.io.PrintStream(printed, true, java.nio.charset.StandardCharsets.UTF_8));
      ovrseer.start();
      ovrseer.stop();
    } finally {
      System.setErr(stderr);
    }

    assertThat(seen).containsExactly("api");
    assertThat(printed.toString(java.nio.charset.StandardCharsets.UTF_8))
        .contains(
            "ovrseer: lifecycle:error listener threw java.lang.AssertionError: no lifecycle error"
                + " expected");
  }

  @Test
  void aThrowingErrorListenerDoesNotGetItsOwnErrorBack() {
    Ovrseer ovrseer =
        new Ovrseer(OvrseerOptions.builder().crashReporter(new CrashReporter(dir)).build());
    List<LifecycleError> calls = new CopyOnWriteArrayList<>();
    ovrseer.on(
        ProcessSpawn.class,
        e -> {
          throw new IllegalStateException("first");
        });
    ovrseer.on(
        LifecycleError.class,
        e -> {
          calls.add(e);
          throw new IllegalStateException("second");
        });
    ovrseer.addMainProcess("api", steps("hang").build());

    ovrseer.start();
    ovrseer.stop();

    assertThat(calls).hasSize(1);
  }

  @Test
  void aCrashIsReportedOnDiskBeforeCrashListenersRunEvenIfOneThrows() throws Exception {
    Ovrseer ovrseer =
        new Ovrseer(
            OvrseerOptions.builder().retries(0).crashReporter(new CrashReporter(dir)).build());
    List<Boolean> onDiskWhenDelivered = new CopyOnWriteArrayList<>();
    ovrseer.on(
        ProcessCrash.class,
        e -> {
          throw new IllegalStateException("listener bug");
        });
    ovrseer.on(
        ProcessCrash.class,
        e -> onDiskWhenDelivered.add(!CrashReporter.readReports(dir).isEmpty()));
    ProcessUnit api = steps("exit", "9").build();
    ovrseer.addMainProcess("api", api);

    ovrseer.start();
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> api.getState() == ProcessState.FAILED);
    ovrseer.stop();

    assertThat(onDiskWhenDelivered).containsExactly(true);
  }

  @Test
  void aCrashReportThatCannotBeWrittenIsALifecycleError() throws Exception {
    Path notADirectory = Files.writeString(dir.resolve("file"), "x");
    Ovrseer ovrseer =
        new Ovrseer(
            OvrseerOptions.builder()
                .retries(0)
                .crashReporter(new CrashReporter(notADirectory.resolve("reports")))
                .build());
    List<LifecycleError> errors = new CopyOnWriteArrayList<>();
    List<ProcessCrash> crashes = new CopyOnWriteArrayList<>();
    ovrseer.on(LifecycleError.class, errors::add);
    ovrseer.on(ProcessCrash.class, crashes::add);
    ProcessUnit api = steps("exit", "9").build();
    ovrseer.addMainProcess("api", api);

    ovrseer.start();
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> api.getState() == ProcessState.FAILED);
    ovrseer.stop();

    assertThat(errors)
        .singleElement()
        .satisfies(
            error -> {
              assertThat(error.phase()).isEqualTo(LifecycleError.Phase.MAIN);
              assertThat(error.error())
                  .hasMessageContaining("could not write crash report of process \"api\"");
            });
    assertThat(crashes).hasSize(1);
  }

  /**
   * What a crash reporter may throw: a Jackson of another version on the class path (a
   * LinkageError), a test's own reporter asserting, one that recurses for ever, the JVM out of
   * memory in it, and a checked exception thrown sneakily (Lombok's @SneakyThrows).
   */
  static List<Throwable> reporterFailures() {
    return List.of(
        new NoSuchMethodError("com.fasterxml.jackson.databind.ObjectMapper.writeValue"),
        new AssertionError("the test's reporter: unexpected crash of db"),
        new StackOverflowError(),
        new OutOfMemoryError("Java heap space"),
        new java.io.IOException("No space left on device"));
  }

  @ParameterizedTest
  @MethodSource("reporterFailures")
  void aCrashReporterThatThrowsIsALifecycleErrorAndSupervisionGoesOn(Throwable failure)
      throws Exception {
    CrashReporter failing =
        new CrashReporter(dir) {
          @Override
          public void saveReport(CrashReport report) {
            ListenerFailureTest.<RuntimeException>sneakyThrow(failure);
          }
        };
    Ovrseer ovrseer =
        new Ovrseer(
            OvrseerOptions.builder()
                .retries(1)
                .retryDelay(Duration.ofMillis(100))
                .crashReporter(failing)
                .build());
    List<LifecycleError> errors = new CopyOnWriteArrayList<>();
    List<ProcessCrash> crashes = new CopyOnWriteArrayList<>();
    List<ProcessRestart> restarts = new CopyOnWriteArrayList<>();
    ovrseer.on(LifecycleError.class, errors::add);
    ovrseer.on(ProcessCrash.class, crashes::add);
    ovrseer.on(ProcessRestart.class, restarts::add);
    ovrseer.addDependency(
        "db",
        steps("exit", "9")
            .readyCheck(ReadyCheck.logPattern("never", Duration.ofMinutes(5)))
            .build());

    try {
      CompletableFuture<Void> start = CompletableFuture.runAsync(ovrseer::start);
      assertThatThrownBy(() -> start.get(60, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .cause()
          .isInstanceOf(OvrseerStartException.class)
          .hasMessageContaining("dependency \"db\" crashed 2 times");
    } finally {
      ovrseer.stop();
    }

    assertThat(errors).hasSize(2).allSatisfy(error -> assertThat(error.error()).isSameAs(failure));
    assertThat(restarts).hasSize(1);
    assertThat(crashes).hasSize(2);
    assertThat(ovrseer.getProcess("db").orElseThrow().getState()).isEqualTo(ProcessState.FAILED);
  }

  @SuppressWarnings("unchecked")
  private static <E extends Throwable> void sneakyThrow(Throwable e) throws E {
    throw (E) e;
  }

  @Test
  void aSlowLogListenerThatReadsTheLoggerDuringAFloodDoesNotDeadlock() {
    Ovrseer ovrseer =
        new Ovrseer(OvrseerOptions.builder().crashReporter(CrashReporter.noop()).build());
    ProcessUnit flood = steps("flood", "200000").build();
    java.util.concurrent.atomic.AtomicLong seen = new java.util.concurrent.atomic.AtomicLong();
    // Reads the logger for every line, so the events queue fills while the child floods.
    ovrseer.on(
        io.ovrseer.event.ProcessLog.class,
        e -> {
          for (int i = 0; i < 10; i++) {
            flood.logger().getLogs(100);
          }
          seen.incrementAndGet();
        });
    ovrseer.addMainProcess("flood", flood);

    ovrseer.start();
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> flood.exit().isDone());
    ovrseer.awaitEventsDelivered();
    ovrseer.stop();

    assertThat(seen.get()).isEqualTo(200_000);
  }

  @Test
  void unknownEventNamesAreRejected() {
    Ovrseer ovrseer = new Ovrseer();
    assertThatThrownBy(() -> ovrseer.on("process:crashed", e -> {}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[process:crashed]")
        .hasMessageContaining("process:crash");
  }
}
