package io.ovrseer.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.ovrseer.fixtures.Steps;
import io.ovrseer.log.FlagColor;
import io.ovrseer.spec.Durations;
import io.ovrseer.spec.EnvironmentSpec;
import io.ovrseer.spec.FlagSpec;
import io.ovrseer.spec.Problem;
import io.ovrseer.spec.ProcessGroup;
import io.ovrseer.spec.ProcessSpec;
import io.ovrseer.spec.ReadySpec;
import io.ovrseer.spec.SpecException;
import io.ovrseer.testing.NoLeftoverProcesses;
import java.io.File;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
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
import io.ovrseer.spec.Durations;
import io.ovrseer.spec.EnvironmentSpec;
import io.ovrseer.spec.FlagSpec;
import io.ovrseer.spec.Problem;
import io.ovrseer.spec.ProcessGroup;
import io.ovrseer.spec.ProcessSpec;
import io.ovrseer.spec.ReadySpec;
import io.ovrseer.spec.SpecException;
        @OvrseerEnvironment(retries = 1, retryDelay = "200ms", cleanupTimeout = "2s")
        @MainProcess(id = "api", command = {"sh", "-c", "echo ${port:db}"}, env = {"MODE=test", "EMPTY="}, stopTimeout = "3s",
            ready = @Ready(tcpPort = "${port:api}"),
            flags = @LogFlag(name = "errors", pattern = "ERROR", color = FlagColor.ORANGE, targetCount = 0, contextWindowSize = 2))
        @MainProcess(id = "worker", command = {"sh", "-c", "sleep 1"})
        @CleanupProcess(id = "backup", command = {"sh", "-c", "echo done"})
        public class ApiIT extends BaseIT {}
        """);

    EnvironmentSpec spec = Environments.fromClass("sample.ApiIT", classpath());

    assertThat(spec.source()).isEqualTo("sample.ApiIT");
    assertThat(spec.retries()).isEqualTo(1);
    assertThat(spec.retryDelay()).isEqualTo(Duration.ofMillis(200));
    assertThat(spec.cleanupTimeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(spec.processes())
        .extracting(ProcessSpec::id)
        .containsExactly("db", "api", "worker", "backup");
    assertThat(spec.processes())
        .extracting(ProcessSpec::group)
        .containsExactly(
            ProcessGroup.DEPENDENCY, ProcessGroup.MAIN, ProcessGroup.MAIN, ProcessGroup.CLEANUP);
    assertThat(spec.processes().get(0).ready())
        .containsExactly(new ReadySpec.Log("db on", 1, false, Duration.ofSeconds(20)));
    ProcessSpec api = spec.processes().get(1);
    assertThat(api.launch())
        .isEqualTo(new ProcessSpec.Launch.Command(List.of("sh", "-c", "echo ${port:db}")));
    assertThat(api.env()).containsExactly(Map.entry("MODE", "test"), Map.entry("EMPTY", ""));
    assertThat(api.stopTimeout()).isEqualTo(Duration.ofSeconds(3));
    assertThat(api.ready())
        .containsExactly(new ReadySpec.TcpPort("${port:api}", ReadySpec.DEFAULT_TIMEOUT));
    assertThat(api.flags())
        .containsExactly(new FlagSpec("errors", "ERROR", FlagColor.ORANGE, 0, 2));
    assertThat(spec.processes().get(2).ready()).isEmpty();
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

    assertThatThrownBy(() -> Environments.fromClass("sample.BrokenIT", classpath()))
        .isInstanceOfSatisfying(
            SpecException.class,
            e ->
                assertThat(e.problems())
                    .extracting(Problem::toString)
                    .containsExactly(
                        "@MainProcess(id=\"api\").env[0] [NOEQUALS] must be KEY=VALUE",
                        "@MainProcess(id=\"api\").stopTimeout [5 sec] is not a duration; "
                            + Durations.HINT,
                        "@CleanupProcess(id=\"api\") [api] is declared twice; ids must be unique"
                            + " across setup, dependencies, main and cleanup processes"));
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
  void servicesFindTheirBinariesOnTheClasspathGivenNotOnlyOnTheClisOwn() throws Exception {
    compile(
        "sample.CacheIT",
        """
        package sample;
        import io.ovrseer.junit.*;
        @OvrseerEnvironment
        @RedisService(id = "cache")
        public class CacheIT {}
        """);
    String redisArtifact = "embedded-redis";
    List<String> cliOwn =
        Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
            .filter(entry -> !entry.contains(redisArtifact))
            .toList();
    String redisJar =
        Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
            .filter(entry -> entry.contains(redisArtifact))
            .findFirst()
            .orElseThrow();
    CliProcess cli =
        CliProcess.start(
            dir.resolve("cli.out"),
            CliProcess.commandOn(
                String.join(File.pathSeparator, cliOwn),
                "up",
                "--no-tui",
                "--class",
                "sample.CacheIT",
                "--classpath",
                classes + File.pathSeparator + redisJar));
    try {
      await()
          .atMost(Duration.ofSeconds(60))
          .untilAsserted(() -> assertThat(cli.output()).contains("Ready to accept connections"));
      cli.process.destroy();
      assertThat(cli.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(cli.process.exitValue()).as(cli.output()).isZero();
    } finally {
      CliProcess.killTree(cli.process);
    }
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
        .isEqualTo("@OvrseerEnvironment.retryDelay [soon] is not a duration; " + Durations.HINT);
  }

  @Test
  void aClasspathEntryEndingInAStarTakesTheJarsOfItsDirectoryAsJavaCpDoes() throws Exception {
    compile(
        "sample.JarIT",
        """
        package sample;
        import io.ovrseer.junit.*;
        @MainProcess(id = "api", command = {"sh", "-c", "echo up"})
        public class JarIT {}
        """);
    Path lib = Files.createDirectories(dir.resolve("lib"));
    try (JarOutputStream jar =
        new JarOutputStream(Files.newOutputStream(lib.resolve("sample-tests.jar")))) {
      jar.putNextEntry(new JarEntry("sample/JarIT.class"));
      jar.write(Files.readAllBytes(classes.resolve("sample/JarIT.class")));
      jar.closeEntry();
    }

    EnvironmentSpec spec = Environments.fromClass("sample.JarIT", lib.resolve("*").toString());

    assertThat(spec.processes()).extracting(ProcessSpec::id).containsExactly("api");
  }

  @Test
  void anUnknownClassIsReported() {
    assertThatThrownBy(() -> Environments.fromClass("sample.NoSuchIT", classes.toString()))
        .isInstanceOf(SpecException.class)
        .hasMessageStartingWith(
            "--class [sample.NoSuchIT] cannot be loaded from --classpath [" + classes + "]");
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
