package io.ovrseer.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.ovrseer.ProcessType;
import io.ovrseer.fixtures.Steps;
import io.ovrseer.log.FlagColor;
import io.ovrseer.testing.NoLeftoverProcesses;
import java.io.File;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code ovrseer up --class}: the environment of a test class's annotations. The sample classes are
 * compiled here, against the annotations of {@code io.ovrseer.junit}, so that the CLI reads them
 * the way it reads a user's compiled tests.
 */
@ExtendWith(NoLeftoverProcesses.class)
class AnnotationEnvironmentTest {
  @TempDir Path dir;
  private Path classes;

  @BeforeEach
  void requireTheAnnotations() throws Exception {
    boolean present;
    try {
      Class.forName("io.ovrseer.junit.MainProcess");
      present = true;
    } catch (ClassNotFoundException e) {
      present = false;
    }
    assumeTrue(present, "the io.ovrseer.junit annotations are not in this build");
    classes = Files.createDirectories(dir.resolve("classes"));
  }

  @Test
  void readsTheProcessesOfATestClassAndItsSuperclass() throws Exception {
    compile(
        "sample.BaseIT",
        """
        package sample;
        import io.ovrseer.junit.*;
        @Dependency(id = "db", command = {"${java}", "-cp", "${classpath}", "io.ovrseer.fixtures.Steps", "out", "db on ${port:db}", "hang"},
            ready = @Ready(log = "db on", times = 1, timeout = "20s"))
        public abstract class BaseIT {}
        """);
    compile(
        "sample.ApiIT",
        """
        package sample;
        import io.ovrseer.junit.*;
        import io.ovrseer.log.FlagColor;
        @OvrseerEnvironment(retries = 1, retryDelay = "200ms", cleanupTimeout = "2s")
        @MainProcess(id = "api", command = {"sh", "-c", "echo ${port:db}"}, env = {"MODE=test", "EMPTY="}, stopTimeout = "3s",
            ready = @Ready(tcpPort = "${port:api}"),
            flags = @LogFlag(name = "errors", pattern = "ERROR", color = FlagColor.ORANGE, targetCount = 0, contextWindowSize = 2))
        @MainProcess(id = "worker", command = {"sh", "-c", "sleep 1"})
        @CleanupProcess(id = "backup", command = {"sh", "-c", "echo done"})
        public class ApiIT extends BaseIT {}
        """);

    EnvironmentSpec spec = AnnotationReader.read("sample.ApiIT", classpath());

    assertThat(spec.source()).isEqualTo("sample.ApiIT");
    assertThat(spec.retries()).isEqualTo(1);
    assertThat(spec.retryDelay()).isEqualTo(Duration.ofMillis(200));
    assertThat(spec.cleanupTimeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(spec.processes())
        .extracting(ProcessSpec::id)
        .containsExactly("db", "api", "worker", "backup");
    assertThat(spec.processes())
        .extracting(ProcessSpec::type)
        .containsExactly(
            ProcessType.DEPENDENCY, ProcessType.MAIN, ProcessType.MAIN, ProcessType.CLEANUP);
    String dbPort = spec.ports().get("db").toString();
    assertThat(spec.processes().get(0).command()).contains("db on " + dbPort).contains(classpath());
    assertThat(spec.processes().get(0).readyChecks()).hasSize(1);
    ProcessSpec api = spec.processes().get(1);
    assertThat(api.command()).containsExactly("sh", "-c", "echo " + dbPort);
    assertThat(api.env()).containsEntry("MODE", "test").containsEntry("EMPTY", "");
    assertThat(api.stopTimeout()).isEqualTo(Duration.ofSeconds(3));
    assertThat(api.readyChecks())
        .singleElement()
        .satisfies(c -> assertThat(c.description()).contains(spec.ports().get("api").toString()));
    assertThat(api.flags().get("errors").color()).isEqualTo(FlagColor.ORANGE);
    assertThat(api.flags().get("errors").targetCount()).isZero();
    assertThat(api.flags().get("errors").contextWindowSize()).isEqualTo(2);
    assertThat(spec.processes().get(2).readyChecks()).isEmpty();
  }

  @Test
  void wrongAttributesAreReportedWithTheClassAndTheAnnotation() throws Exception {
    compile(
        "sample.BrokenIT",
        """
        package sample;
        import io.ovrseer.junit.*;
        @OvrseerEnvironment
        @MainProcess(id = "api", command = {"x"}, stopTimeout = "5 sec", env = {"NOEQUALS"})
        @CleanupProcess(id = "api", command = {"y"})
        public class BrokenIT {}
        """);

    assertThatThrownBy(() -> AnnotationReader.read("sample.BrokenIT", classpath()))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e ->
                assertThat(e.getProblems())
                    .containsExactlyInAnyOrder(
                        "BrokenIT @MainProcess(id = \"api\"): main.api.env: [NOEQUALS] must be written KEY=VALUE",
                        "BrokenIT @CleanupProcess(id = \"api\"): cleanup.api: duplicate id [api]; already used by main.api"
                            + " (BrokenIT @MainProcess(id = \"api\")); ids must be unique across dependencies, main and cleanup",
                        "BrokenIT @MainProcess(id = \"api\"): main.api.stopTimeout: malformed duration [5 sec]; use 500ms, 30s, 2m"));
  }

  @Test
  void upWithClassRunsTheDeclaredEnvironment() throws Exception {
    compile(
        "sample.RunIT",
        """
        package sample;
        import io.ovrseer.junit.*;
        @OvrseerEnvironment
        @Dependency(id = "db", command = {"${java}", "-cp", "${classpath}", "io.ovrseer.fixtures.Steps", "out", "db ready", "hang"},
            ready = @Ready(log = "db ready"))
        @MainProcess(id = "api", command = {"${java}", "-cp", "${classpath}", "io.ovrseer.fixtures.Steps", "out", "api on ${port:api}", "hang"})
        public class RunIT {}
        """);
    CliProcess cli =
        CliProcess.start(
            dir.resolve("cli.out"),
            "up",
            "--no-tui",
            "--class",
            "sample.RunIT",
            "--classpath",
            classpath());

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> assertThat(cli.output()).containsPattern("(?m)^api     \\| api on \\d+$"));
    cli.process.destroy();

    assertThat(cli.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(cli.process.exitValue()).as(cli.output()).isZero();
    assertThat(cli.output()).contains("db      | db ready");
  }

  @Test
  void upWithAClassWhoseAnnotationsAreWrongExitsWith2() throws Exception {
    compile(
        "sample.WrongIT",
        """
        package sample;
        import io.ovrseer.junit.*;
        @OvrseerEnvironment(retryDelay = "soon")
        @MainProcess(id = "api", command = {"x"})
        public class WrongIT {}
        """);
    StringWriter err = new StringWriter();
    CommandLine cli = Main.commandLine();
    cli.setErr(new PrintWriter(err, true));

    assertThat(cli.execute("up", "--class", "sample.WrongIT", "--classpath", classpath()))
        .isEqualTo(2);
    assertThat(err.toString().trim())
        .isEqualTo(
            "WrongIT @OvrseerEnvironment: retryDelay: malformed duration [soon]; use 500ms, 30s, 2m");
  }

  @Test
  void anUnknownClassIsReported() {
    assertThatThrownBy(() -> AnnotationReader.read("sample.NoSuchIT", classes.toString()))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(
            "--class sample.NoSuchIT: cannot load it from --classpath [" + classes + "]");
  }

  private String classpath() {
    return classes + File.pathSeparator + Steps.classpath();
  }

  private void compile(String className, String source) throws Exception {
    Path file = dir.resolve("src").resolve(className.replace('.', '/') + ".java");
    Files.createDirectories(file.getParent());
    Files.writeString(file, source);
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    int code =
        javac.run(
            null,
            null,
            null,
            "-d",
            classes.toString(),
            "-cp",
            System.getProperty("java.class.path") + File.pathSeparator + classes,
            file.toString());
    assertThat(code).as("javac of " + className).isZero();
  }
}
