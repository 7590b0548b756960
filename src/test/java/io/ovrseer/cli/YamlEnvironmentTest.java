package io.ovrseer.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ovrseer.ProcessType;
import io.ovrseer.log.FlagColor;
import io.ovrseer.process.ReadyCheck;
import io.ovrseer.testing.NoLeftoverProcesses;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(NoLeftoverProcesses.class)
class YamlEnvironmentTest {
  private final Placeholders placeholders =
      new Placeholders(
          "/the/classpath", Map.of("HOME_DIR", "/home/me")::get, Map.of("app.mode", "test")::get);

  private EnvironmentSpec read(String yaml) {
    return Environments.fromYamlText("env.yml", yaml, placeholders);
  }

  private ConfigException problemsOf(String yaml) {
    try {
      read(yaml);
    } catch (ConfigException e) {
      return e;
    }
    throw new AssertionError("expected a ConfigException for:\n" + yaml);
  }

  @Test
  void readsEveryKeyOfAProcessWithPlaceholdersReplaced() {
    EnvironmentSpec spec =
        read(
            """
        retries: 2
        retryDelay: 250ms
        cleanupTimeout: 2m
        dependencies:
          db:
            command: ["${java}", -cp, "${classpath}", Db, "${port:db}"]
            env: {MODE: "${sys:app.mode}", HOME: "${env:HOME_DIR}", EMPTY: }
            workingDirectory: /tmp
            stopTimeout: 3s
            ready:
              log: started
              times: 2
              timeout: 5s
              tcpPort: ${port:db}
        main:
          api:
            command: [sh, -c, 'echo $${literal}']
            ready:
              - {http: "http://localhost:${port:api}/health"}
              - {command: [sh, -c, "true"], timeout: 1s}
            flags:
              - {name: errors, pattern: ERROR, color: purple, targetCount: 0, contextWindowSize: 2}
        cleanup:
          backup: {command: [sh, -c, "echo done"]}
        """);

    assertThat(spec.retries()).isEqualTo(2);
    assertThat(spec.retryDelay()).isEqualTo(Duration.ofMillis(250));
    assertThat(spec.cleanupTimeout()).isEqualTo(Duration.ofMinutes(2));
    assertThat(spec.processes()).extracting(ProcessSpec::id).containsExactly("db", "api", "backup");
    assertThat(spec.processes())
        .extracting(ProcessSpec::type)
        .containsExactly(ProcessType.DEPENDENCY, ProcessType.MAIN, ProcessType.CLEANUP);

    ProcessSpec db = spec.processes().get(0);
    int dbPort = spec.ports().get("db");
    assertThat(db.command())
        .containsExactly(
            ProcessHandle.current().info().command().orElseThrow(),
            "-cp",
            "/the/classpath",
            "Db",
            Integer.toString(dbPort));
    assertThat(db.env())
        .containsExactly(
            Map.entry("MODE", "test"), Map.entry("HOME", "/home/me"), Map.entry("EMPTY", ""));
    assertThat(db.workingDirectory()).isEqualTo(Path.of("/tmp"));
    assertThat(db.stopTimeout()).isEqualTo(Duration.ofSeconds(3));
    assertThat(db.readyChecks()).hasSize(2);
    assertThat(db.readyChecks().get(0))
        .isInstanceOfSatisfying(
            ReadyCheck.LogPattern.class,
            log -> {
              assertThat(log.pattern().pattern()).isEqualTo("started");
              assertThat(log.requiredMatches()).isEqualTo(2);
            });
    assertThat(db.readyChecks().get(1).description()).contains("localhost:" + dbPort);
    assertThat(db.readyChecks())
        .extracting(ReadyCheck::timeout)
        .containsOnly(Duration.ofSeconds(5));

    ProcessSpec api = spec.processes().get(1);
    assertThat(api.command()).containsExactly("sh", "-c", "echo ${literal}");
    assertThat(api.readyChecks()).hasSize(2);
    assertThat(api.readyChecks().get(0).timeout()).isEqualTo(ReadyReader.DEFAULT_TIMEOUT);
    assertThat(api.readyChecks().get(1).timeout()).isEqualTo(Duration.ofSeconds(1));
    assertThat(api.flags()).containsOnlyKeys("errors");
    assertThat(api.flags().get("errors").color()).isEqualTo(FlagColor.PURPLE);
    assertThat(api.flags().get("errors").targetCount()).isZero();
    assertThat(api.flags().get("errors").contextWindowSize()).isEqualTo(2);
  }

  @Test
  void aPortPlaceholderHasOneValueEverywhereAndDifferentNamesGetDifferentPorts() {
    EnvironmentSpec spec =
        read(
            """
        main:
          a: {command: [x, "${port:one}", "${port:two}"], env: {P: "${port:one}"}}
          b: {command: [x, "--port=${port:one}"]}
        """);

    String one = spec.ports().get("one").toString();
    assertThat(spec.ports().get("one")).isNotEqualTo(spec.ports().get("two"));
    assertThat(spec.processes().get(0).command())
        .containsExactly("x", one, spec.ports().get("two").toString());
    assertThat(spec.processes().get(0).env()).containsEntry("P", one);
    assertThat(spec.processes().get(1).command()).containsExactly("x", "--port=" + one);
  }

  @Test
  void aMalformedDurationIsReportedWithFileLinePathAndTheAcceptedForms() {
    ConfigException e =
        problemsOf(
            """
        dependencies:
          db:
            command: [db]
            ready:
              log: started

              timeout: 5 sec
        """);

    assertThat(e.getProblems())
        .containsExactly(
            "env.yml:7: dependencies.db.ready.timeout: malformed duration [5 sec]; use 500ms, 30s, 2m");
  }

  @Test
  void anUnknownKeyIsReportedWithTheNearestKnownKey() {
    ConfigException e =
        problemsOf(
            """
        main:
          api:
            comand: [api]
        """);

    assertThat(e.getProblems())
        .containsExactly(
            "env.yml:3: main.api.comand: unknown key [comand]; did you mean [command]? known keys: "
                + "[command, env, workingDirectory, stopTimeout, ready, flags]",
            "env.yml:2: main.api: missing command; add e.g. `command: [sh, -c, 'echo hi']`");
  }

  @Test
  void aCommandMustBeANonEmptyList() {
    ConfigException e =
        problemsOf(
            """
        main:
          a: {command: "sh -c 'echo hi'"}
          b: {command: []}
        """);

    assertThat(e.getProblems())
        .containsExactly(
            "env.yml:2: main.a.command: expected a list such as [sh, -c, 'echo hi'], but was the value [sh -c 'echo hi']",
            "env.yml:3: main.b.command: must not be empty; give the program and its arguments");
  }

  @Test
  void duplicateIdsAreReportedAcrossGroupsAndWithinOne() {
    ConfigException e =
        problemsOf(
            """
        dependencies:
          db: {command: [db]}
        main:
          api: {command: [api]}
          db: {command: [db2]}
          api: {command: [api2]}
        """);

    assertThat(e.getProblems())
        .containsExactlyInAnyOrder(
            "env.yml:6: main.api: duplicate key [api] (first at env.yml:4)",
            "env.yml:5: main.db: duplicate id [db]; already used by dependencies.db (env.yml:2); ids must be unique across dependencies, main and cleanup");
  }

  @Test
  void badRegexesAreReportedWhereTheyAreWritten() {
    ConfigException e =
        problemsOf(
            """
        main:
          api:
            command: [api]
            ready: {log: "started("}
            flags:
              - {name: errors, pattern: "[unclosed"}
              - {pattern: ok, color: pink}
        """);

    assertThat(e.getProblems()).hasSize(4);
    assertThat(e.getProblems().get(0))
        .startsWith("env.yml:4: main.api.ready.log: invalid regex [started(]: Unclosed group");
    assertThat(e.getProblems().get(1))
        .startsWith(
            "env.yml:6: main.api.flags[0].pattern: invalid regex [[unclosed]: Unclosed character class");
    assertThat(e.getProblems().get(2))
        .isEqualTo("env.yml:7: main.api.flags[1]: missing required key [name]");
    assertThat(e.getProblems().get(3))
        .isEqualTo(
            "env.yml:7: main.api.flags[1].color: unknown color [pink]; use one of [green, blue, red, yellow, teal, purple, orange]");
  }

  @Test
  void placeholdersThatCannotBeReplacedAreReported() {
    ConfigException e =
        problemsOf(
            """
        main:
          api:
            command: [api, "${env:NOT_SET}", "${sys:no.such}", "${nope}"]
        """);

    assertThat(e.getProblems())
        .containsExactly(
            "env.yml:3: main.api.command[1]: placeholder [${env:NOT_SET}]: environment variable NOT_SET is not set");
  }

  @Test
  void readinessSettingsAreChecked() {
    ConfigException e =
        problemsOf(
            """
        main:
          api:
            command: [api]
            ready: {times: 0, timeout: 0s, tcpPort: "99999", http: "ftp://x"}
        """);

    assertThat(e.getProblems())
        .containsExactly(
            "env.yml:4: main.api.ready.timeout: must be longer than 0 but was [0s]",
            "env.yml:4: main.api.ready.times: applies only to a [log] check; add `log: PATTERN`",
            "env.yml:4: main.api.ready.tcpPort: expected a port 1-65535 or HOST:PORT, e.g. `${port:db}`, but was [99999]",
            "env.yml:4: main.api.ready.http: readiness URL [ftp://x] must be an absolute http:// or https:// URL with a host");
  }

  @Test
  void invalidYamlIsReportedWithItsLine() {
    assertThatThrownBy(
            () ->
                read(
                    """
            main:
              api:
                command: [api
              other: x
            """))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("env.yml:4: invalid YAML: expected ',' or ']'");
  }

  @Test
  void aFileWithoutProcessesIsRejected() {
    assertThat(problemsOf("retries: 1\n").getProblems())
        .containsExactly("env.yml:1: no process: add dependencies, main or cleanup processes");
    assertThat(problemsOf("retries: many\nmain: [a]\n").getProblems())
        .containsExactly(
            "env.yml:1: retries: expected a whole number, but was [many]",
            "env.yml:2: main: expected a map from process id to process, e.g. `main: {api: {command: [sh, -c, 'echo hi']}}`, but was a list");
  }

  @Test
  void theExampleFileOfTheDocsIsValid() {
    EnvironmentSpec spec = Environments.fromYaml(Path.of("examples/env.yml"), null);

    assertThat(spec.source()).isEqualTo("env.yml");
    assertThat(spec.processes())
        .extracting(ProcessSpec::id)
        .containsExactly("db", "cache", "api", "worker", "report");
  }
}
