package io.ovrseer.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.ovrseer.testing.NoLeftoverProcesses;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.function.Supplier;
import org.junit.platform.engine.discovery.ClassSelector;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * Runs {@link OnlyInTestKit} fixture classes on the Jupiter engine, in this JVM, and checks that no
 * child process survived the run. Public for the docs' examples (io.ovrseer.docs), which are
 * fixture classes too.
 */
public final class TestKit {
  /** The command prefix that runs the {@code Steps} fixture in a new JVM, with placeholders. */
  static final String STEPS = "io.ovrseer.fixtures.Steps";

  /** The main class of the stdin-steered fixture {@code Controlled}. */
  static final String CONTROLLED = "io.ovrseer.junit.fixtures.Controlled";

  /** Where fixtures' published files go. */
  static final java.nio.file.Path OUTPUTS =
      java.nio.file.Path.of("target", "ovrseer-testkit-outputs").toAbsolutePath();

  private TestKit() {}

  /** Runs {@code classes} and waits until none of their processes is left. */
  public static EngineExecutionResults run(Class<?>... classes) {
    return run(java.util.Map.of(), classes);
  }

  /**
   * Runs {@code classes} with extra configuration {@code parameters}. What the fixtures print
   * (their deliberate crashes and failures) is marked with {@link #FIXTURE_PREFIX} on the console,
   * so that a green build's output says whose lines they are.
   */
  static EngineExecutionResults run(java.util.Map<String, String> parameters, Class<?>... classes) {
    if (capturing) {
      return execute(parameters, classes);
    }
    PrintStream out = System.out;
    PrintStream err = System.err;
    try {
      System.setOut(marked(out));
      System.setErr(marked(err));
      return execute(parameters, classes);
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
  }

  /** The mark of each line a fixture run prints on the console. */
  static final String FIXTURE_PREFIX = "[fixture] ";

  private static volatile boolean capturing;

  private static PrintStream marked(PrintStream console) {
    return new PrintStream(new LinePrefix(console), true, StandardCharsets.UTF_8);
  }

  private static EngineExecutionResults execute(
      java.util.Map<String, String> parameters, Class<?>... classes) {
    EngineExecutionResults results =
        EngineTestKit.engine("junit-jupiter")
            .configurationParameters(parameters)
            .configurationParameter(OnlyInTestKit.PARAMETER, "true")
            .outputDirectoryCreator(new Outputs())
            .selectors(
                Arrays.stream(classes).map(c -> selectClass(c)).toArray(ClassSelector[]::new))
            .execute();
    assertNoLeftovers();
    return results;
  }

  /** Fails with the fixtures' own failures unless every test and container succeeded. */
  public static EngineExecutionResults assertSucceeded(EngineExecutionResults results) {
    java.util.List<Throwable> failures =
        results.allEvents().failed().stream()
            .map(
                e ->
                    e.getPayload(org.junit.platform.engine.TestExecutionResult.class)
                        .flatMap(org.junit.platform.engine.TestExecutionResult::getThrowable)
                        .orElse(new AssertionError("failed without a throwable: " + e)))
            .toList();
    if (!failures.isEmpty()) {
      AssertionError error =
          new AssertionError(
              failures.size() + " fixture failures, the first: " + failures.get(0),
              failures.get(0));
      failures.stream().skip(1).forEach(error::addSuppressed);
      throw error;
    }
    return results;
  }

  /** Runs {@code classes} and captures what they print. */
  public static Captured runCapturing(Class<?>... classes) {
    return capture(() -> run(classes));
  }

  static Captured capture(Supplier<EngineExecutionResults> run) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    EngineExecutionResults results;
    try {
      System.setOut(new PrintStream(new Tee(outBytes, marked(out)), true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(new Tee(errBytes, marked(err)), true, StandardCharsets.UTF_8));
      capturing = true;
      results = run.get();
    } finally {
      capturing = false;
      System.setOut(out);
      System.setErr(err);
    }
    return new Captured(
        results,
        outBytes.toString(StandardCharsets.UTF_8),
        errBytes.toString(StandardCharsets.UTF_8));
  }

  /** Fails unless every descendant of this JVM is gone within a few seconds. */
  static void assertNoLeftovers() {
    await("no processes left after the fixture run")
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(20))
        .untilAsserted(() -> assertThat(NoLeftoverProcesses.liveDescendants()).isEmpty());
  }

  /** Gives each test descriptor a directory under {@link #OUTPUTS}. */
  private static final class Outputs implements org.junit.platform.engine.OutputDirectoryCreator {
    private static final java.util.concurrent.atomic.AtomicInteger COUNT =
        new java.util.concurrent.atomic.AtomicInteger();

    @Override
    public java.nio.file.Path getRootDirectory() {
      return OUTPUTS;
    }

    @Override
    public java.nio.file.Path createOutputDirectory(
        org.junit.platform.engine.TestDescriptor descriptor) throws java.io.IOException {
      String display = descriptor.getDisplayName().replaceAll("[^A-Za-z0-9._-]", "_");
      String name =
          COUNT.incrementAndGet() + "-" + display.substring(0, Math.min(60, display.length()));
      return java.nio.file.Files.createDirectories(OUTPUTS.resolve(name));
    }
  }

  /** A run and its output. */
  public record Captured(EngineExecutionResults results, String out, String err) {}

  /** Writes {@link #FIXTURE_PREFIX} before each line. */
  private static final class LinePrefix extends java.io.OutputStream {
    private final java.io.OutputStream target;
    private boolean lineStart = true;

    LinePrefix(java.io.OutputStream target) {
      this.target = target;
    }

    @Override
    public synchronized void write(int b) throws java.io.IOException {
      if (lineStart) {
        target.write(FIXTURE_PREFIX.getBytes(StandardCharsets.UTF_8));
      }
      target.write(b);
      lineStart = b == '\n';
    }

    @Override
    public void flush() throws java.io.IOException {
      target.flush();
    }
  }

  private static final class Tee extends java.io.OutputStream {
    private final java.io.OutputStream first;
    private final java.io.OutputStream second;

    Tee(java.io.OutputStream first, java.io.OutputStream second) {
      this.first = first;
      this.second = second;
    }

    @Override
    public void write(int b) throws java.io.IOException {
      first.write(b);
      second.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws java.io.IOException {
      first.write(b, off, len);
      second.write(b, off, len);
    }

    @Override
    public void flush() throws java.io.IOException {
      first.flush();
      second.flush();
    }
  }
}
