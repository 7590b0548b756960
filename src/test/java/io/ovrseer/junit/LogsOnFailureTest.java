package io.ovrseer.junit;

import static io.ovrseer.junit.TestKit.CONTROLLED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ovrseer.process.ProcessUnit;
import io.ovrseer.testing.NoLeftoverProcesses;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.platform.engine.reporting.FileEntry;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.testkit.engine.EventType;

/** Requirement 7: a failed test publishes what each process logged during it. */
@ExtendWith(NoLeftoverProcesses.class)
class LogsOnFailureTest {

  private static TestKit.Captured run;

  @BeforeAll
  static void runFixture() {
    run = TestKit.runCapturing(Logging.class);
  }

  @Test
  void aFailedTestPublishesEachProcessLogAsAFileAndAReportEntryAndPrintsItsLastLines()
      throws Exception {

    List<FileEntry> files = payloads(run, EventType.FILE_ENTRY_PUBLISHED, FileEntry.class, "fails");
    assertThat(files)
        .extracting(f -> f.getPath().getFileName().toString())
        .containsExactlyInAnyOrder("ovrseer-db.log", "ovrseer-api.log");
    FileEntry apiLog =
        files.stream()
            .filter(f -> f.getPath().endsWith("ovrseer-api.log"))
            .findFirst()
            .orElseThrow();
    assertThat(apiLog.getMediaType()).hasValue("text/plain; charset=UTF-8");
    assertThat(Files.readAllLines(apiLog.getPath(), StandardCharsets.UTF_8))
        .as("only the lines of the failed test")
        .containsExactly("handling request 2", "request 2 failed");

    Map<String, String> entries =
        payloads(run, EventType.REPORTING_ENTRY_PUBLISHED, ReportEntry.class, "fails").stream()
            .flatMap(e -> e.getKeyValuePairs().entrySet().stream())
            .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    assertThat(entries).containsOnlyKeys("ovrseer.log.db", "ovrseer.log.api");
    assertThat(entries.get("ovrseer.log.api"))
        .isEqualTo(
            "api (main, READY, 2 lines during the test)\nhandling request 2\nrequest 2 failed");

    assertThat(run.err())
        .contains(
            "ovrseer: fails(ProcessUnit) of Logging failed; the last 20 log lines of each process during it:\n"
                + "--- db (dependency, READY, 0 lines during the test)\n"
                + "--- api (main, READY, 2 lines during the test)\n"
                + "| handling request 2\n"
                + "| request 2 failed");
  }

  @Test
  void aPassingTestPublishesNothing() {
    assertThat(payloads(run, EventType.FILE_ENTRY_PUBLISHED, FileEntry.class, "passes")).isEmpty();
    assertThat(payloads(run, EventType.REPORTING_ENTRY_PUBLISHED, ReportEntry.class, "passes"))
        .isEmpty();
  }

  @Test
  void linesOfTheTestThatTheLogNoLongerKeepsAreCountedAndSaidToBeDropped() throws Exception {
    TestKit.Captured flooded = TestKit.runCapturing(Flooding.class);

    String header = "chatty (main, READY, 12000 lines during the test, the first 2000 dropped)";
    assertThat(flooded.err()).contains("--- " + header + "\n| 11981\n");
    Map<String, String> entries =
        payloads(flooded, EventType.REPORTING_ENTRY_PUBLISHED, ReportEntry.class, "fails")
            .get(0)
            .getKeyValuePairs();
    assertThat(entries.get("ovrseer.log.chatty")).startsWith(header + "\n11981\n");
    FileEntry file =
        payloads(flooded, EventType.FILE_ENTRY_PUBLISHED, FileEntry.class, "fails").get(0);
    List<String> lines = Files.readAllLines(file.getPath(), StandardCharsets.UTF_8);
    assertThat(lines).hasSize(10_000).startsWith("2001").endsWith("12000");
  }

  @Test
  void aTestSkippedByAnAssumptionPublishesNothing() {
    assertThat(payloads(run, EventType.FILE_ENTRY_PUBLISHED, FileEntry.class, "skipped")).isEmpty();
    assertThat(payloads(run, EventType.REPORTING_ENTRY_PUBLISHED, ReportEntry.class, "skipped"))
        .isEmpty();
    assertThat(run.err()).doesNotContain("skipped(ProcessUnit) of Logging failed");
  }

  @Test
  void theLogOfAProcessWithAnIdTooLongForAFileNameIsStillPublished() {
    // The id went into the file name whole: 300 characters are more than a file name may have
    // (255 bytes), so the file was not published ("could not publish the log ... as a file").
    TestKit.Captured longId = TestKit.runCapturing(LongId.class);

    List<FileEntry> files =
        payloads(longId, EventType.FILE_ENTRY_PUBLISHED, FileEntry.class, "fails");
    assertThat(files)
        .extracting(f -> f.getPath().getFileName().toString())
        .containsExactly("ovrseer-" + LongId.ID.substring(0, 100) + ".log");
    assertThat(longId.err()).doesNotContain("could not publish");
  }

  @Test
  void twoProcessesWhoseIdsMakeTheSameFileNameEachGetTheirOwnFile() throws Exception {
    // "api:v1" and "api/v1" are both "api_v1" in a file name: the second log was written over the
    // first, and both file entries named the same file, which held the second process's lines.
    TestKit.Captured sameName = TestKit.runCapturing(SameFileName.class);

    List<FileEntry> files =
        payloads(sameName, EventType.FILE_ENTRY_PUBLISHED, FileEntry.class, "fails");
    assertThat(files)
        .extracting(f -> f.getPath().getFileName().toString())
        .containsExactly("ovrseer-api_v1.log", "ovrseer-api_v1-1.log");
    assertThat(Files.readAllLines(files.get(0).getPath(), StandardCharsets.UTF_8))
        .containsExactly("up 1");
    assertThat(Files.readAllLines(files.get(1).getPath(), StandardCharsets.UTF_8))
        .containsExactly("up 2");
  }

  @Test
  void theHeaderOfAProcessThatLoggedOneLineSaysOneLine() {
    // It said "1 lines during the test".
    TestKit.Captured oneLine = TestKit.runCapturing(SameFileName.class);

    assertThat(oneLine.err()).contains("--- api:v1 (dependency, STOPPED, 1 line during the test)");
  }

  @Test
  void theHeaderOfAFailedRepetitionNamesItsMethod() {
    // It said "ovrseer: repetition 2 of 2 of Repeated failed": which of the class's repeated or
    // parameterized tests failed was not said.
    TestKit.Captured repeated = TestKit.runCapturing(Repeated.class);

    assertThat(repeated.err())
        .contains(
            "ovrseer: failsTheSecondTime(RepetitionInfo) / repetition 2 of 2 of Repeated failed;"
                + " the last 20 log lines of each process during it:\n"
                + "--- api (main, READY, 0 lines during the test)")
        .doesNotContain("repetition 1 of 2 of Repeated failed");
  }

  @Test
  void theHeaderOfAFailedTestOfAParameterizedClassNamesItsInvocation() {
    // It said "ovrseer: fails() of ParameterizedClassFixture failed" for either invocation: which
    // of the class's parameter sets the test failed with was not said.
    TestKit.Captured parameterized = TestKit.runCapturing(ParameterizedClassFixture.class);

    assertThat(parameterized.err())
        .contains(
            "ovrseer: fails() of ParameterizedClassFixture [2] status 500 failed; the last 20 log"
                + " lines of each process during it:\n"
                + "--- api (main, READY, 0 lines during the test)")
        .doesNotContain("[1] status 200 failed");
  }

  @Test
  void aClassWhoseBeforeAllFailedPublishesWhatEachProcessLoggedSinceTheEnvironmentStarted()
      throws Exception {
    // Nothing was published: only a failed test got the logs, and a @BeforeAll that failed
    // against a process (seeding through its API) left no trace of what the process said.
    TestKit.Captured failed = TestKit.runCapturing(FailingBeforeAll.class);

    List<FileEntry> files = classPayloads(failed, EventType.FILE_ENTRY_PUBLISHED, FileEntry.class);
    assertThat(files)
        .extracting(f -> f.getPath().getFileName().toString())
        .containsExactly("ovrseer-api.log");
    assertThat(Files.readAllLines(files.get(0).getPath(), StandardCharsets.UTF_8))
        .containsExactly("api up", "seeding refused");
    assertThat(
            classPayloads(failed, EventType.REPORTING_ENTRY_PUBLISHED, ReportEntry.class).stream()
                .flatMap(e -> e.getKeyValuePairs().entrySet().stream())
                .map(e -> e.getKey() + "=" + e.getValue()))
        .containsExactly(
            "ovrseer.log.api=api (main, READY, 2 lines during the class)\napi up\nseeding refused");
    assertThat(failed.err())
        .contains(
            "ovrseer: FailingBeforeAll failed outside its tests; the last 20 log lines of each"
                + " process during the class:\n"
                + "--- api (main, READY, 2 lines during the class)\n"
                + "| api up\n"
                + "| seeding refused");
  }

  @Test
  void aClassWhoseTestsFailedButNotItselfPublishesNothingOfItsOwn() {
    assertThat(classPayloads(run, EventType.FILE_ENTRY_PUBLISHED, FileEntry.class)).isEmpty();
    assertThat(classPayloads(run, EventType.REPORTING_ENTRY_PUBLISHED, ReportEntry.class))
        .isEmpty();
  }

  @Test
  void aNestedClassWhoseBeforeAllFailedPublishesWhatTheEnclosingProcessesLoggedDuringIt()
      throws Exception {
    // Nothing was published for the @Nested class: it starts no environment of its own.
    TestKit.Captured failed = TestKit.runCapturing(NestedFailingBeforeAll.class);

    List<FileEntry> files = classPayloads(failed, EventType.FILE_ENTRY_PUBLISHED, FileEntry.class);
    assertThat(files)
        .extracting(f -> f.getPath().getFileName().toString())
        .containsExactly("ovrseer-api.log");
    assertThat(Files.readAllLines(files.get(0).getPath(), StandardCharsets.UTF_8))
        .as("only what it logged during the nested class")
        .containsExactly("nested seeding");
    assertThat(failed.err())
        .contains(
            "ovrseer: Inner failed outside its tests; the last 20 log lines of each process during"
                + " the class:\n"
                + "--- api (main, READY, 1 line during the class)\n"
                + "| nested seeding");
  }

  /** What the test class itself (not one of its tests) published. */
  private static <T> List<T> classPayloads(TestKit.Captured run, EventType type, Class<T> payload) {
    return run.results().allEvents().stream()
        .filter(e -> e.getType() == type)
        .filter(
            e -> e.getTestDescriptor().getUniqueId().getLastSegment().getType().endsWith("class"))
        .map(e -> e.getRequiredPayload(payload))
        .toList();
  }

  private static <T> List<T> payloads(
      TestKit.Captured run, EventType type, Class<T> payload, String method) {
    Predicate<Event> ofMethod =
        e -> e.getTestDescriptor().getUniqueId().toString().contains("[method:" + method + "(");
    return run.results().allEvents().stream()
        .filter(e -> e.getType() == type)
        .filter(ofMethod)
        .map(e -> e.getRequiredPayload(payload))
        .toList();
  }

  @OnlyInTestKit
  @OvrseerEnvironment
  @MainProcess(
      id = "api",
      command = {"sleep", "600"})
  static class Repeated {
    @RepeatedTest(2)
    void failsTheSecondTime(RepetitionInfo repetition) {
      if (repetition.getCurrentRepetition() == 2) {
        throw new AssertionError("the response was 500");
      }
    }
  }

  @OnlyInTestKit
  @OvrseerEnvironment
  @MainProcess(
      id = "api",
      command = {"sh", "-c", "echo api up; echo seeding refused; exec sleep 600"},
      ready = @Ready(log = "api up", timeout = "20s"))
  static class FailingBeforeAll {
    @BeforeAll
    static void seed(@ProcessId("api") ProcessUnit api) {
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> api.logger().getLogs().contains("seeding refused"));
      throw new IllegalStateException("seeding failed: the response was 500");
    }

    @Test
    void neverRuns() {}
  }

  @OnlyInTestKit
  @OvrseerEnvironment
  @MainProcess(
      id = "api",
      command = {"${java}", "-cp", "${classpath}", CONTROLLED, "api up"},
      ready = @Ready(log = "api up", timeout = "20s"))
  static class NestedFailingBeforeAll {
    @Test
    void passes() {}

    @Nested
    class Inner {
      @BeforeAll
      static void seed(@ProcessId("api") ProcessUnit api) {
        Logging.say(api, "nested seeding");
        throw new IllegalStateException("seeding failed: the response was 500");
      }

      @Test
      void neverRuns() {}
    }
  }

  @OnlyInTestKit
  @ParameterizedClass(name = "[{index}] status {0}")
  @ValueSource(ints = {200, 500})
  @OvrseerEnvironment
  @MainProcess(
      id = "api",
      command = {"sleep", "600"})
  static class ParameterizedClassFixture {
    @Parameter int status;

    @Test
    void fails() {
      assertThat(status).as("the response").isEqualTo(200);
    }
  }

  @OnlyInTestKit
  @OvrseerEnvironment
  @Dependency(
      id = "db",
      command = {"${java}", "-cp", "${classpath}", CONTROLLED, "db up"},
      ready = @Ready(log = "db up", timeout = "20s"))
  @MainProcess(
      id = "api",
      command = {"${java}", "-cp", "${classpath}", CONTROLLED, "api up"},
      ready = @Ready(log = "api up", timeout = "20s"))
  @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
  static class Logging {
    @Test
    @Order(1)
    void passes(@ProcessId("api") ProcessUnit api) {
      say(api, "handling request 1");
    }

    @Test
    @Order(2)
    void fails(@ProcessId("api") ProcessUnit api) {
      say(api, "handling request 2");
      api.sendStdin("err request 2 failed");
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> api.logger().getLogs().contains("request 2 failed"));
      throw new AssertionError("the response was 500");
    }

    @Test
    @Order(3)
    void skipped(@ProcessId("api") ProcessUnit api) {
      say(api, "handling request 3");
      Assumptions.assumeTrue(false, "not on this machine");
    }

    static void say(ProcessUnit unit, String line) {
      unit.sendStdin("say " + line);
      await().atMost(Duration.ofSeconds(10)).until(() -> unit.logger().getLogs().contains(line));
    }
  }

  @OnlyInTestKit
  @OvrseerEnvironment
  @MainProcess(
      id = "chatty",
      command = {"sh", "-c", "echo up; while read n; do seq $n; done"},
      ready = @Ready(log = "up", timeout = "20s"))
  static class Flooding {
    @Test
    void fails(@ProcessId("chatty") ProcessUnit chatty) {
      // More lines than the log keeps (10,000 by default).
      chatty.sendStdin("12000");
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> chatty.logger().getLogs(1).equals(List.of("12000")));
      throw new AssertionError("the response was 500");
    }
  }

  @OnlyInTestKit
  @OvrseerEnvironment
  @MainProcess(
      id = LongId.ID,
      command = {"sh", "-c", "echo up; exec sleep 600"},
      ready = @Ready(log = "up", timeout = "20s"))
  static class LongId {
    private static final String TEN = "abcdefghij";
    private static final String HUNDRED = TEN + TEN + TEN + TEN + TEN + TEN + TEN + TEN + TEN + TEN;
    static final String ID = HUNDRED + HUNDRED + HUNDRED;

    @Test
    void fails() {
      throw new AssertionError("the response was 500");
    }
  }

  @OnlyInTestKit
  @OvrseerEnvironment(scope = OvrseerEnvironment.Scope.METHOD)
  @Dependency(
      id = "api:v1",
      command = {"sh", "-c", "echo up 1; exec sleep 600"},
      ready = @Ready(log = "up", timeout = "20s"))
  @Dependency(
      id = "api/v1",
      command = {"sh", "-c", "echo up 2; exec sleep 600"},
      ready = @Ready(log = "up", timeout = "20s"))
  static class SameFileName {
    @Test
    void fails() {
      throw new AssertionError("the response was 500");
    }
  }
}
