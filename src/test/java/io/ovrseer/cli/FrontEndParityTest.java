package io.ovrseer.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.ovrseer.fixtures.Steps;
import io.ovrseer.junit.AnnotationReader;
import io.ovrseer.junit.CleanupProcess;
import io.ovrseer.junit.Dependency;
import io.ovrseer.junit.MainProcess;
import io.ovrseer.junit.OvrseerEnvironment;
import io.ovrseer.junit.SetupProcess;
import io.ovrseer.spec.Assembly;
import io.ovrseer.spec.ConfigNode;
import io.ovrseer.spec.EnvironmentSpec;
import io.ovrseer.spec.PlaceholderContext;
import io.ovrseer.spec.Ports;
import io.ovrseer.spec.Problem;
import io.ovrseer.spec.Problems;
import io.ovrseer.spec.ProcessGroup;
import io.ovrseer.spec.ProcessSpec;
import io.ovrseer.spec.SpecException;
import io.ovrseer.testing.NoLeftoverProcesses;
import java.io.File;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import picocli.CommandLine;

/**
 * The three front ends agree: each case is written once, as YAML; the annotated test class that
 * declares the same environment is generated from it and compiled. Each case goes through YAML
 * ({@code ovrseer up FILE}'s reader), through the JUnit extension (EngineTestKit) and through
 * {@code ovrseer up --class}, and must have the same outcome with the same messages, apart from
 * where each problem is. Problems that only show when the environment is built (an unset variable)
 * count as well.
 */
@ExtendWith(NoLeftoverProcesses.class)
class FrontEndParityTest {
  private static final String STEPS =
      "[\"${java}\", -cp, \"${classpath}\", io.ovrseer.fixtures.Steps";

  @TempDir static Path dir;
  private static URLClassLoader loader;
  private static String classpath;

  /** Mistakes: YAML, and a fragment of the message all three front ends must report. */
  static Stream<Arguments> mistakes() {
    return Stream.of(
        mistake(
            "DuplicateId",
            "dependencies: {db: {command: [db]}}\nmain: {db: {command: [db]}}",
            "[db] is declared twice"),
        mistake("BlankId", "main: {' ': {command: [x]}}", "[ ] is blank; give the process an id"),
        mistake("EmptyCommand", "main: {api: {command: []}}", "[] is empty"),
        mistake("BlankProgram", "main: {api: {command: [' ']}}", "[ ] is blank; name the program"),
        mistake(
            "ReadyRegex",
            "dependencies: {db: {command: [db], ready: {log: '(unclosed'}}}",
            "[(unclosed] is not a valid regex: Unclosed group"),
        mistake(
            "FlagRegex",
            "main: {api: {command: [x], flags: [{name: errors, pattern: 'ERROR|*'}]}}",
            "[ERROR|*] is not a valid regex"),
        mistake(
            "ReadyTimeout",
            "dependencies: {db: {command: [db], ready: {log: up, timeout: 5 sec}}}",
            "[5 sec] is not a duration; use 500ms, 30s, 2m, 1h or ISO-8601 such as PT5S"),
        mistake(
            "ZeroReadyTimeout",
            "dependencies: {db: {command: [db], ready: {log: up, timeout: 0s}}}",
            "[0s] must be longer than 0"),
        mistake(
            "TooLongTimeout",
            "dependencies: {db: {command: [db], ready: {log: up, timeout: 9999999h}}}",
            "[9999999h] must be 8760h (365 days) or shorter"),
        mistake(
            "RetryDelay",
            "retryDelay: 1 second\nmain: {api: {command: [x]}}",
            "[1 second] is not a duration"),
        mistake("NegativeRetries", "retries: -1\nmain: {api: {command: [x]}}", "[-1] must be 0"),
        mistake(
            "NegativeDelay", "retryDelay: PT-1S\nmain: {api: {command: [x]}}", "[PT-1S] must be 0"),
        mistake(
            "StopTimeout",
            "cleanup: {backup: {command: [x], stopTimeout: '5'}}",
            "[5] is not a duration"),
        mistake(
            "CleanupTimeout",
            "cleanupTimeout: 0ms\nmain: {api: {command: [x]}}",
            "[0ms] must be longer than 0"),
        mistake(
            "UnknownPlaceholder",
            "main: {api: {command: [x, '${prot:db}']}}",
            "[${prot:db}] is not a known placeholder; did you mean [${port:db}]?"),
        mistake(
            "PlaceholderArgument",
            "main: {api: {command: ['${java:17}']}}",
            "[${java}] takes no argument"),
        mistake("EmptyPortName", "main: {api: {command: [x, '${port:}']}}", "needs a name"),
        mistake(
            "UnclosedPlaceholder",
            "main: {api: {command: [x, '--db=${port:db']}}",
            "[${port:db] is not closed: end it with }, or write $${ for a literal ${"),
        mistake(
            "PlaceholderWithWhitespace",
            "main: {api: {command: [x, '${port:api }']}}",
            "[${port:api }] holds whitespace"),
        mistake(
            "PlaceholderInFlag",
            "main: {api: {command: [x], flags: [{name: p, pattern: 'on ${port:api}'}]}}",
            "a flag pattern is used as written, without placeholders"),
        mistake(
            "EnvWithoutValue",
            "main: {api: {command: [x], env: [DEBUG]}}",
            "[DEBUG] must be KEY=VALUE"),
        mistake(
            "EnvTwice",
            "main: {api: {command: [x], env: ['MODE=test', 'MODE=prod']}}",
            "[MODE=prod] sets MODE a second time; set it once"),
        mistake(
            "UnsetVariable",
            "main: {api: {command: [x, '${env:OVRSEER_SURELY_UNSET_VARIABLE}']}}",
            "environment variable OVRSEER_SURELY_UNSET_VARIABLE is not set"),
        mistake(
            "UnsetProperty",
            "main: {api: {command: [x], workingDirectory: '${sys:ovrseer.surely.unset}'}}",
            "system property ovrseer.surely.unset is not set"),
        mistake(
            "ReadyOnAPortNoProcessIsGiven",
            "main: {api: {command: [x, '${port:app}'], ready: {http: 'http://localhost:${port:api}/'}}}",
            "[${port:api}] is a port no process is given (no command, env, workingDirectory or"
                + " service holds it), so nothing can listen on it; did you mean [${port:app}]?"),
        mistake(
            "NotAPort",
            "dependencies: {db: {command: [db], ready: {tcpPort: http}}}",
            "[http] is not a port (1 to 65535) or HOST:PORT"),
        mistake(
            "PortOutOfRange",
            "dependencies: {db: {command: [db], ready: {tcpPort: 'localhost:99999'}}}",
            "[localhost:99999] is not a port"),
        mistake(
            "NotAUrl",
            "main: {api: {command: [x], ready: {http: localhost/health}}}",
            "[localhost/health] is not an absolute http:// or https:// URL"),
        mistake(
            "UrlPortOutOfRange",
            "main: {api: {command: [x], ready: {http: 'http://localhost:70000/health'}}}",
            "[http://localhost:70000/health] has port 70000; a port is 1 to 65535"),
        mistake(
            "UrlPortZero",
            "main: {api: {command: [x], ready: {http: 'http://localhost:0/health'}}}",
            "[http://localhost:0/health] has port 0; a port is 1 to 65535"),
        mistake(
            "DuplicateFlag",
            "main: {api: {command: [x], flags: [{name: e, pattern: E}, {name: e, pattern: F}]}}",
            "[e] is used twice"),
        mistake(
            "BlankFlagName",
            "main: {api: {command: [x], flags: [{name: ' ', pattern: E}]}}",
            "[ ] is blank; give the flag a name"),
        mistake(
            "ZeroTimes",
            "dependencies: {db: {command: [db], ready: {log: up, times: 0}}}",
            "[0] must be 1 or more"),
        mistake(
            "TimesWithoutLog",
            "dependencies: {db: {command: [db], ready: {tcpPort: '5432', times: 2}}}",
            "[2] applies only to a [log] check"),
        mistake(
            "NoCheck",
            "dependencies: {db: {command: [db], ready: {timeout: 5s}}}",
            "declares no check; give one of [log, tcpPort, http, command]"),
        mistake(
            "NegativeTarget",
            "main: {api: {command: [x], flags: [{name: e, pattern: E, targetCount: -2}]}}",
            "[-2] must be 0 or more"),
        mistake(
            "NegativeContext",
            "main: {api: {command: [x], flags: [{name: e, pattern: E, contextWindowSize: -1}]}}",
            "[-1] must be 0 or more"),
        mistake(
            "HugeContext",
            "main: {api: {command: [x], flags: [{name: e, pattern: E, contextWindowSize:"
                + " 2147483647}]}}",
            "[2147483647] must be 1000 or less"),
        mistake(
            "UnknownDependsOn",
            "dependencies: {db: {command: [db]}}\nmain: {api: {command: [x], dependsOn: [dbb]}}",
            "[dbb] names no process; did you mean [db]? known: [api, db]"),
        mistake(
            "Cycle",
            "dependencies: {a: {command: [a], dependsOn: [b]}, b: {command: [b], dependsOn: [a]}}",
            "[a -> b -> a] is a cycle"),
        mistake(
            "DependsOnLaterGroup",
            "dependencies: {db: {command: [db], dependsOn: [api]}}\nmain: {api: {command: [x]}}",
            "[api] is a main process; setup processes and dependencies can only depend on"),
        mistake(
            "SetupTimeout",
            "setup: {init: {command: [init], timeout: soon}}",
            "[soon] is not a duration"),
        mistake("BlankUser", "main: {api: {command: [x], user: ' '}}", "[ ] is blank"));
  }

  /** Valid edge cases: every front end accepts them, with equal models, and they start. */
  static Stream<Arguments> valid() {
    return Stream.of(
        valid(
            "Iso8601",
            "retryDelay: PT0.2S\ncleanupTimeout: PT2S\nmain: {api: {command: "
                + STEPS
                + ", out, up, hang], stopTimeout: PT3S, ready: {log: up, timeout: PT20S}}}"),
        valid(
            // A stop timeout of zero kills at once, as ProcessUnit.Builder.stopTimeout(ZERO) does;
            // declarations rejected it ("must be longer than 0").
            "ZeroStopTimeout", "main: {api: {command: " + STEPS + ", hang], stopTimeout: 0s}}"),
        valid(
            "ZeroRetries",
            "retries: 0\nretryDelay: 0ms\nmain: {api: {command: " + STEPS + ", hang]}}"),
        valid(
            "HostAndPort",
            "dependencies: {db: {command: "
                + STEPS
                + ", listen, '${port:db}', hang], ready: {tcpPort: '127.0.0.1:${port:db}',"
                + " timeout: 20s}}}"),
        valid(
            "Escape",
            "main: {api: {command: "
                + STEPS
                + ", out, '$${not a placeholder}', hang], ready: {log: 'not a placeholder',"
                + " timeout: 20s}}}"),
        valid(
            "EnvEdges",
            "main: {api: {command: "
                + STEPS
                + ", hang], env: ['A=b=c', 'EMPTY=', 'PORT=${port:api}']}}"),
        valid(
            "PlaceholderInRegex",
            "main: {api: {command: "
                + STEPS
                + ", out, 'on ${port:api}', hang], ready: {log: 'on ${port:api}$', timeout: 20s}}}"),
        valid(
            "PassIfNotFound",
            "main: {api: {command: "
                + STEPS
                + ", hang], ready: {log: never, passIfNotFound: true, timeout: 200ms}}}"),
        valid(
            "SetupAndDependsOn",
            "setup: {init: {command: "
                + STEPS
                + ", out, done], timeout: 1m}}\ndependencies: {db: {command: "
                + STEPS
                + ", out, up, hang], dependsOn: [init], ready: {log: up, timeout: 20s}}}\n"
                + "main: {api: {command: "
                + STEPS
                + ", hang], dependsOn: [db, init]}}"),
        valid(
            "EveryFlagKey",
            "main: {api: {command: "
                + STEPS
                + ", out, ERROR, hang], flags: "
                + "[{name: errors, pattern: ERROR, color: PURPLE, targetCount: 1,"
                + " contextWindowSize: 2}, {name: warnings, pattern: WARN}]}}"),
        valid(
            "TimesAndCommandCheck",
            "main: {api: {command: "
                + STEPS
                + ", out, a, out, a, hang], ready: {log: a, times: 2, command: "
                + STEPS
                + ", exit, '0'], timeout: 20s}}}"),
        valid(
            "CleanupAfterMain",
            "main: {api: {command: "
                + STEPS
                + ", hang]}}\ncleanup: {backup: {command: "
                + STEPS
                + ", out, bye],"
                + " workingDirectory: '${sys:java.io.tmpdir}'}}"));
  }

  private static Arguments mistake(String name, String yaml, String fragment) {
    return Arguments.of(name, yaml, fragment);
  }

  private static Arguments valid(String name, String yaml) {
    return Arguments.of(name, yaml);
  }

  @BeforeAll
  static void compileEveryCase() throws Exception {
    Path sources = Files.createDirectories(dir.resolve("src/parity"));
    Path classes = Files.createDirectories(dir.resolve("classes"));
    List<String> files = new ArrayList<>();
    for (Arguments a : Stream.concat(mistakes(), valid()).toList()) {
      String name = (String) a.get()[0];
      Path file = sources.resolve(name + ".java");
      Files.writeString(file, javaOf(name, (String) a.get()[1]));
      files.add(file.toString());
    }
    List<String> args =
        new ArrayList<>(
            List.of(
                "-d",
                classes.toString(),
                "-cp",
                System.getProperty("java.class.path"),
                "-proc:none"));
    args.addAll(files);
    java.io.ByteArrayOutputStream javacOutput = new java.io.ByteArrayOutputStream();
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    int code = javac.run(null, javacOutput, javacOutput, args.toArray(String[]::new));
    assertThat(code).as(javacOutput.toString()).isZero();
    loader =
        new URLClassLoader(
            new URL[] {classes.toUri().toURL()}, FrontEndParityTest.class.getClassLoader());
    classpath = classes + File.pathSeparator + Steps.classpath();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("mistakes")
  void everyFrontEndReportsTheSameMistake(String name, String yaml, String fragment)
      throws Exception {
    List<Problem> fromYaml = problems(() -> build(Environments.fromYamlText("env.yml", yaml)));
    Class<?> fixture = loader.loadClass("parity." + name);
    List<Problem> fromAnnotations = problems(() -> build(AnnotationReader.read(fixture)));

    assertThat(messages(fromYaml)).as("YAML").anyMatch(m -> m.contains(fragment));
    assertThat(messages(fromAnnotations)).isEqualTo(messages(fromYaml));
    assertThat(fromAnnotations)
        .allSatisfy(p -> assertThat(p.where()).startsWith("@").doesNotContain("env.yml"));
    assertThat(fromYaml).allSatisfy(p -> assertThat(p.where()).startsWith("env.yml:"));

    String expected = String.join("\n", fromAnnotations.stream().map(Problem::toString).toList());
    TestExecutionResult result = runWithTheExtension(fixture);
    assertThat(result.getStatus()).isEqualTo(TestExecutionResult.Status.FAILED);
    assertThat(result.getThrowable().orElseThrow())
        .isInstanceOf(ExtensionConfigurationException.class)
        .hasMessage(expected);

    StringWriter err = new StringWriter();
    CommandLine cli = Main.commandLine();
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute("up", "--no-tui", "--class", "parity." + name, "-cp", classpath);
    assertThat(code).as(err.toString()).isEqualTo(2);
    assertThat(err.toString().strip().replace(System.lineSeparator(), "\n")).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("valid")
  void everyFrontEndAcceptsTheSameEdgeCase(String name, String yaml) throws Exception {
    EnvironmentSpec fromYaml = Environments.fromYamlText("env.yml", yaml);
    Class<?> fixture = loader.loadClass("parity." + name);
    EnvironmentSpec fromAnnotations = AnnotationReader.read(fixture);
    EnvironmentSpec fromCli = Environments.fromClass("parity." + name, classpath);

    assertThat(withoutLocations(fromAnnotations)).isEqualTo(withoutLocations(fromYaml));
    assertThat(withoutLocations(fromCli)).isEqualTo(withoutLocations(fromYaml));
    assertThat(fromAnnotations.identity(context())).isEqualTo(fromYaml.identity(context()));
    build(fromCli);

    TestExecutionResult result = runWithTheExtension(fixture);
    assertThat(result.getStatus())
        .as(String.valueOf(result.getThrowable().orElse(null)))
        .isEqualTo(TestExecutionResult.Status.SUCCESSFUL);
  }

  private static PlaceholderContext context() {
    return PlaceholderContext.forThisJvm(Steps.classpath());
  }

  private static void build(EnvironmentSpec spec) {
    Ports ports = new Ports();
    try {
      Assembly.build(spec, ports, context(), null);
    } finally {
      ports.release();
    }
  }

  private static List<Problem> problems(Runnable frontEnd) {
    try {
      frontEnd.run();
    } catch (SpecException e) {
      return e.problems();
    }
    throw new AssertionError("expected problems");
  }

  private static List<String> messages(List<Problem> problems) {
    return problems.stream().map(Problem::message).toList();
  }

  private static EnvironmentSpec withoutLocations(EnvironmentSpec spec) {
    List<ProcessSpec> processes = new ArrayList<>();
    for (ProcessSpec p : spec.processes()) {
      processes.add(
          new ProcessSpec(
              p.id(),
              p.group(),
              "",
              Map.of(),
              "",
              p.launch(),
              p.env(),
              p.workingDirectory(),
              p.stopTimeout(),
              p.ready(),
              p.flags(),
              p.dependsOn(),
              p.user(),
              p.timeout()));
    }
    return new EnvironmentSpec(
        "", spec.retries(), spec.retryDelay(), spec.cleanupTimeout(), processes);
  }

  private static TestExecutionResult runWithTheExtension(Class<?> fixture) {
    EngineExecutionResults results =
        EngineTestKit.engine("junit-jupiter").selectors(selectClass(fixture)).execute();
    return results.containerEvents().finished().stream()
        .filter(e -> e.getTestDescriptor().getUniqueId().toString().contains(fixture.getName()))
        .map(e -> e.getPayload(TestExecutionResult.class).orElseThrow())
        .findFirst()
        .orElseThrow();
  }

  // ---------------------------------------------------------------- YAML to annotations

  private static final Map<ProcessGroup, Class<? extends Annotation>> ANNOTATIONS =
      Map.of(
          ProcessGroup.SETUP, SetupProcess.class,
          ProcessGroup.DEPENDENCY, Dependency.class,
          ProcessGroup.MAIN, MainProcess.class,
          ProcessGroup.CLEANUP, CleanupProcess.class);

  /** The test class that declares what {@code yaml} declares. */
  private static String javaOf(String name, String yaml) {
    ConfigNode root = YamlReader.read(name + ".yml", yaml, new Problems());
    StringBuilder java = new StringBuilder("package parity;\n\n");
    Map<String, ConfigNode> settings = new LinkedHashMap<>(root.entries());
    for (ProcessGroup group : ProcessGroup.values()) {
      settings.remove(group.yamlKey());
    }
    java.append("@io.ovrseer.junit.OvrseerEnvironment")
        .append(attributes(OvrseerEnvironment.class, settings))
        .append('\n');
    for (ProcessGroup group : ProcessGroup.values()) {
      ConfigNode processes = root.entries().get(group.yamlKey());
      if (processes == null) {
        continue;
      }
      Class<? extends Annotation> type = ANNOTATIONS.get(group);
      processes
          .entries()
          .forEach(
              (id, process) -> {
                Map<String, ConfigNode> attributes = new LinkedHashMap<>();
                attributes.put("id", ConfigNode.scalar("", id));
                attributes.putAll(process.entries());
                java.append('@')
                    .append(type.getName())
                    .append(attributes(type, attributes))
                    .append('\n');
              });
    }
    java.append("public class ")
        .append(name)
        .append(" {\n  @org.junit.jupiter.api.Test void t() {}\n}\n");
    return java.toString();
  }

  private static String attributes(Class<?> type, Map<String, ConfigNode> values) {
    List<String> parts = new ArrayList<>();
    values.forEach(
        (key, node) -> {
          try {
            Method m = type.getMethod(key);
            parts.add(key + " = " + value(m.getReturnType(), node));
          } catch (NoSuchMethodException e) {
            throw new IllegalArgumentException("@" + type.getSimpleName() + " has no " + key, e);
          }
        });
    return "(" + String.join(", ", parts) + ")";
  }

  private static String value(Class<?> type, ConfigNode node) {
    if (type.isArray()) {
      List<ConfigNode> items = node.kind() == ConfigNode.Kind.LIST ? node.items() : List.of(node);
      List<String> values = new ArrayList<>();
      items.forEach(item -> values.add(value(type.getComponentType(), item)));
      return "{" + String.join(", ", values) + "}";
    }
    if (type.isAnnotation()) {
      return "@" + type.getName() + attributes(type, node.entries());
    }
    if (type.isEnum()) {
      return type.getName() + "." + node.text();
    }
    if (type == String.class) {
      return "\"" + node.text().replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
    return node.text();
  }
}
