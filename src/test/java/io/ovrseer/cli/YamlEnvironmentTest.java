package io.ovrseer.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ovrseer.log.FlagColor;
import io.ovrseer.process.ProcessState;
import io.ovrseer.process.ProcessUnit;
import io.ovrseer.spec.Assembly;
import io.ovrseer.spec.EnvironmentSpec;
import io.ovrseer.spec.FlagSpec;
import io.ovrseer.spec.PlaceholderContext;
import io.ovrseer.spec.Ports;
import io.ovrseer.spec.Problem;
import io.ovrseer.spec.ProcessGroup;
import io.ovrseer.spec.ProcessSpec;
import io.ovrseer.spec.ReadySpec;
import io.ovrseer.spec.SpecException;
import io.ovrseer.testing.NoLeftoverProcesses;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The YAML front end: its shape, its {@code file:line} locations, and that placeholders resolve
 * with one value per port. The rules shared with the annotations are in {@code
 * io.ovrseer.spec.FrontEndParityTest}.
 */
@ExtendWith(NoLeftoverProcesses.class)
class YamlEnvironmentTest {
  private static final PlaceholderContext CONTEXT =
      new PlaceholderContext(
          "/bin/java",
          "/the/classpath",
          Map.of("HOME_DIR", "/home/me")::get,
          Map.of("app.mode", "test")::get);
  private final Ports ports = new Ports();

  @AfterEach
  void releasePorts() {
    ports.release();
  }

  private static EnvironmentSpec read(String yaml) {
    return Environments.fromYamlText("env.yml", yaml);
  }

  private static List<String> problemsOf(String yaml) {
    try {
      read(yaml);
    } catch (SpecException e) {
      return e.problems().stream().map(Problem::toString).toList();
    }
    throw new AssertionError("expected a SpecException for:\n" + yaml);
  }

  /** The problems {@code spec} is refused with when built; fails if it is built. */
  private List<Problem> problemsBuilding(EnvironmentSpec spec) {
    try {
      build(spec);
    } catch (SpecException e) {
      return e.problems();
    }
    throw new AssertionError("expected a SpecException building " + spec);
  }

  private Map<String, ProcessUnit> build(EnvironmentSpec spec) {
    Map<String, ProcessUnit> units = new java.util.LinkedHashMap<>();
    Assembly.build(spec, ports, CONTEXT, Path.of("/base"))
        .processes()
        .forEach(b -> units.put(b.spec().id(), b.unit()));
    return units;
  }

  @Test
  void readsEveryKeyOfAProcess() {
    EnvironmentSpec spec =
        read(
            """
        retries: 2
        retryDelay: 250ms
        cleanupTimeout: PT2M
        setup:
          init: {command: [init], timeout: 1m, user: postgres}
        dependencies:
          db:
            command: ["${java}", -cp, "${classpath}", Db, "${port:db}"]
            env: {MODE: "${sys:app.mode}", HOME: "${env:HOME_DIR}", EMPTY: }
            workingDirectory: data
            stopTimeout: 3s
            dependsOn: [init]
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
    assertThat(spec.ids()).containsExactly("init", "db", "api", "backup");
    assertThat(spec.processes())
        .extracting(ProcessSpec::group)
        .containsExactly(
            ProcessGroup.SETUP, ProcessGroup.DEPENDENCY, ProcessGroup.MAIN, ProcessGroup.CLEANUP);
    ProcessSpec init = spec.processes().get(0);
    assertThat(init.timeout()).isEqualTo(Duration.ofMinutes(1));
    assertThat(init.user()).isEqualTo("postgres");
    ProcessSpec db = spec.processes().get(1);
    assertThat(db.label()).isEqualTo("dependencies.db");
    assertThat(db.location()).isEqualTo("env.yml:7"); // its id
    assertThat(db.env())
        .containsExactly(
            Map.entry("MODE", "${sys:app.mode}"),
            Map.entry("HOME", "${env:HOME_DIR}"),
            Map.entry("EMPTY", ""));
    assertThat(db.workingDirectory()).isEqualTo("data");
    assertThat(db.stopTimeout()).isEqualTo(Duration.ofSeconds(3));
    assertThat(db.dependsOn()).containsExactly("init");
    assertThat(db.ready())
        .containsExactly(
            new ReadySpec.Log("started", 2, false, Duration.ofSeconds(5)),
            new ReadySpec.TcpPort("${port:db}", Duration.ofSeconds(5)));
    ProcessSpec api = spec.processes().get(2);
    assertThat(api.ready())
        .containsExactly(
            new ReadySpec.Http("http://localhost:${port:api}/health", ReadySpec.DEFAULT_TIMEOUT),
            new ReadySpec.Command(List.of("sh", "-c", "true"), Duration.ofSeconds(1)));
    assertThat(api.flags())
        .containsExactly(new FlagSpec("errors", "ERROR", FlagColor.PURPLE, 0, 2));
  }

  @Test
  void placeholdersResolveWhenBuiltAndAPortHasOneValueEverywhere() {
    Map<String, ProcessUnit> units =
        build(
            read(
                """
        main:
          a:
            command: ["${java}", "${classpath}", "${port:one}", "${port:two}", 'echo $${x}']
            env: {P: "${port:one}", MODE: "${sys:app.mode}", HOME: "${env:HOME_DIR}"}
            workingDirectory: data
          b: {command: [x, "--port=${port:one}"]}
        """));

    String one = Integer.toString(ports.get("one"));
    assertThat(ports.get("one")).isNotEqualTo(ports.get("two"));
    assertThat(units.get("a").command()).isEqualTo("/bin/java");
    assertThat(units.get("a").args())
        .containsExactly("/the/classpath", one, Integer.toString(ports.get("two")), "echo ${x}");
    assertThat(units.get("b").args()).containsExactly("--port=" + one);
  }

  @Test
  void anUnsetVariableIsReportedWhenTheEnvironmentIsBuilt() {
    EnvironmentSpec spec =
        read(
            """
        main:
          api: {command: [api, "${env:NOT_SET}", "${sys:no.such}"]}
        """);

    assertThat(problemsBuilding(spec))
        .extracting(Problem::toString)
        .containsExactly(
            "env.yml:2: main.api.command[1] [${env:NOT_SET}]: environment variable"
                + " NOT_SET is not set",
            "env.yml:2: main.api.command[2] [${sys:no.such}]: system property no.such"
                + " is not set");
  }

  @Test
  void aReadinessCheckOnAPortNoProcessIsGivenIsAMistakeNamingTheNearestGivenPort() {
    // A typo in a port's name is a port of its own: before, the check timed out on it with
    // 'Connection refused' while the process listened on the port its command was given.
    EnvironmentSpec spec =
        read(
            """
        dependencies:
          db:
            command: [db, --port, "${port:db}"]
            ready: {tcpPort: "${port:db}"}
        main:
          api:
            command: [app, --port, "${port:app}", --db, "${port:db}"]
            ready: {http: "http://localhost:${port:api}/health"}
          worker:
            command: [worker]
            ready: [{tcpPort: "${port:db}"}, {command: [probe, "${port:queue}"]}]
        """);

    assertThat(problemsBuilding(spec))
        .extracting(Problem::toString)
        .containsExactly(
            "env.yml:8: main.api.ready.http [${port:api}] is a port no process is given (no"
                + " command, env, workingDirectory or service holds it), so nothing can listen on"
                + " it; did you mean [${port:app}]? ports given: [db, app]",
            "env.yml:11: main.worker.ready[1].command[1] [${port:queue}] is a port no process"
                + " is given (no command, env, workingDirectory or service holds it), so nothing"
                + " can listen on it; ports given: [db, app]");
  }

  @Test
  void aReadinessCheckMayProbeThePortOfAServiceOrOfAnotherProcess() {
    EnvironmentSpec spec =
        read(
            """
        dependencies:
          db:
            command: [db, "${port:db}"]
        main:
          api:
            command: [app]
            env: {DB: "${port:db}"}
            ready: {tcpPort: "${port:db}"}
        """);

    assertThat(build(spec)).containsOnlyKeys("db", "api");
  }

  @Test
  void everyUnsetPlaceholderOfOneValueIsReportedNotOnlyItsFirst() {
    EnvironmentSpec spec =
        read(
            """
        main:
          api:
            command: [sh, -c, "echo ${env:NOT_SET} ${sys:no.such}"]
            ready: {http: "http://${env:NO_HOST}:${env:NO_PORT}/health"}
        """);

    assertThat(problemsBuilding(spec))
        .extracting(Problem::toString)
        .containsExactly(
            "env.yml:3: main.api.command[2] [${env:NOT_SET}]: environment variable"
                + " NOT_SET is not set",
            "env.yml:3: main.api.command[2] [${sys:no.such}]: system property no.such"
                + " is not set",
            "env.yml:4: main.api.ready.http [${env:NO_HOST}]: environment variable"
                + " NO_HOST is not set",
            "env.yml:4: main.api.ready.http [${env:NO_PORT}]: environment variable"
                + " NO_PORT is not set");
  }

  @Test
  void everyUnsetPlaceholderOfAReadyCommandIsReportedAtItsElement() {
    // Its elements are resolved one by one, as the launch command's: each problem, each index.
    EnvironmentSpec spec =
        read(
            """
        dependencies:
          db:
            command: [db]
            ready:
              - command:
                  - check
                  - "${env:NO_HOST} ${env:NO_USER}"
                  - "${sys:no.port}"
        """);

    assertThat(problemsBuilding(spec))
        .extracting(Problem::toString)
        .containsExactly(
            "env.yml:7: dependencies.db.ready[0].command[1] [${env:NO_HOST}]:"
                + " environment variable NO_HOST is not set",
            "env.yml:7: dependencies.db.ready[0].command[1] [${env:NO_USER}]:"
                + " environment variable NO_USER is not set",
            "env.yml:8: dependencies.db.ready[0].command[2] [${sys:no.port}]:"
                + " system property no.port is not set");
  }

  @Test
  void aProblemFoundWhenBuiltIsAtTheLineOfItsKeyNotOfItsProcess() {
    EnvironmentSpec spec =
        read(
            """
        main:
          api:
            stopTimeout: 5s
            command: [api, "${env:NOT_SET}"]
            env:
              A: "${sys:no.such}"
            workingDirectory: "${env:NOT_SET}"
            ready: {http: "http://localhost:${env:NOT_SET}/health"}
        """);

    assertThat(problemsBuilding(spec))
        .extracting(Problem::where)
        .containsExactly(
            "env.yml:4: main.api.command[1]",
            "env.yml:6: main.api.env.A",
            "env.yml:7: main.api.workingDirectory",
            "env.yml:8: main.api.ready.http");
  }

  @Test
  void aProblemFoundWhenBuiltInAListOfReadyChecksIsAtItsItemAndLine() {
    EnvironmentSpec spec =
        read(
            """
        main:
          api:
            command: [api]
            ready:
              - log: started
              - tcpPort: "${env:NOT_SET}"
              - {log: "port ${sys:no.such}", http: "http://localhost:${env:NOT_SET}/"}
        """);

    assertThat(problemsBuilding(spec))
        .extracting(Problem::where)
        .containsExactly(
            "env.yml:6: main.api.ready[1].tcpPort",
            "env.yml:7: main.api.ready[2].log",
            "env.yml:7: main.api.ready[2].http");
  }

  @Test
  void aLogRegexIsCheckedWhenReadAsItWillBeUsedWithItsEscapesReplaced() {
    // $${x} stands for ${x}, which is no valid regex: found when read, not when built.
    assertThat(
            problemsOf(
                """
        dependencies:
          db:
            command: [db]
            ready: {log: 'took $${x}'}
        """))
        .containsExactly(
            "env.yml:4: dependencies.db.ready.log [took $${x}] is not a valid regex: Illegal"
                + " repetition");
  }

  @Test
  void anUnclosedPlaceholderIsAMistakeThatSaysHowToWriteALiteral() {
    assertThat(
            problemsOf(
                """
        main:
          api: {command: [api, '--db=${port:db', 'ok ${port:a} ${port:b ${port:c}']}
        """))
        .containsExactly(
            "env.yml:2: main.api.command[1] [${port:db] is not closed: end it with }, or write"
                + " $${ for a literal ${",
            "env.yml:2: main.api.command[2] [${port:b ] is not closed: end it with }, or write"
                + " $${ for a literal ${");
  }

  @Test
  void aPlaceholderWithWhitespaceIsAMistakeNotAnotherName() {
    assertThat(
            problemsOf(
                """
        main:
          api: {command: [api, '${port:api }', '${ java}']}
        """))
        .containsExactly(
            "env.yml:2: main.api.command[1] [${port:api }] holds whitespace, which no placeholder"
                + " does; did you mean [${port:api}]?",
            "env.yml:2: main.api.command[2] [${ java}] holds whitespace, which no placeholder"
                + " does; did you mean [${java}]?");
  }

  @Test
  void aProcessIdWithWhitespaceCannotBeNamedInAPlaceholderAndTheMessageSaysSo() {
    // Removing the space (${port:myapi}) would name no process: the id is what must change.
    assertThat(
            problemsOf(
                """
        main:
          my api: {command: [api, '${port:my api}']}
        """))
        .containsExactly(
            "env.yml:2: main.my api.command[1] [${port:my api}] holds whitespace, which no"
                + " placeholder does, so a process or service whose id holds whitespace cannot be"
                + " named in one; rename it, such as [my-api], and write [${port:my-api}]");
  }

  @Test
  void dollarDollarBraceIsALiteralEvenWithoutAClosingBrace() {
    Map<String, ProcessUnit> units =
        build(read("main:\n  api: {command: [sh, -c, 'echo $${HOME $${x} $$ $']}\n"));

    assertThat(units.get("api").args()).containsExactly("-c", "echo ${HOME ${x} $$ $");
  }

  @Test
  void aFlagPatternIsUsedAsWrittenSoAPlaceholderInItIsReportedWhenRead() {
    // Flags match log lines as written: ${port:api} is no placeholder there but a regex mistake,
    // found with file:line instead of as an exception when the environment is built.
    assertThat(
            problemsOf(
                """
        main:
          api:
            command: [api]
            flags:
              - {name: port, pattern: 'listening on ${port:api}'}
              - {name: price, pattern: '[$]{2}'}
        """))
        .containsExactly(
            "env.yml:5: main.api.flags[0].pattern [listening on ${port:api}] is not a valid"
                + " regex: Illegal repetition; a flag pattern is used as written, without"
                + " placeholders");
  }

  @Test
  void anEmptyFlagKeyTakesItsDefaultAsEveryEmptyKeyDoes() {
    EnvironmentSpec spec =
        read(
            """
        main:
          api:
            command: [api]
            flags:
              - {name: errors, pattern: ERROR, targetCount: }
              - {name: warnings, pattern: WARN, color: , targetCount: , contextWindowSize: }
        """);

    assertThat(spec.processes().get(0).flags())
        .containsExactly(
            new FlagSpec("errors", "ERROR", FlagColor.RED, null, 0),
            new FlagSpec("warnings", "WARN", FlagColor.RED, null, 0));
  }

  @Test
  void anEmptyLogModifierBesideAnotherCheckIsItsDefaultAndAListIsNoValueShownAsNull() {
    EnvironmentSpec spec =
        read(
            """
        main:
          api:
            command: [api]
            ready: {tcpPort: "${port:api}", times: , passIfNotFound: }
        """);
    assertThat(spec.processes().get(0).ready())
        .containsExactly(new ReadySpec.TcpPort("${port:api}", ReadySpec.DEFAULT_TIMEOUT));

    assertThat(
            problemsOf(
                """
        main:
          api:
            command: [api]
            ready: {tcpPort: "${port:api}", passIfNotFound: [true]}
        """))
        .containsExactly(
            "env.yml:4: main.api.ready.passIfNotFound expected a single value, but was a list");
  }

  @Test
  void aMalformedDurationIsReportedWithFileLineAndPath() {
    assertThat(
            problemsOf(
                """
        dependencies:
          db:
            command: [db]
            ready:
              log: started

              timeout: 5 sec
        """))
        .containsExactly(
            "env.yml:7: dependencies.db.ready.timeout [5 sec] is not a duration; use 500ms, 30s,"
                + " 2m, 1h or ISO-8601 such as PT5S");
  }

  @Test
  void aDurationAboveTheMaximumIsAMistakeNotAnOverflowLater() {
    assertThat(
            problemsOf(
                """
        cleanupTimeout: 9999999h
        setup:
          init: {command: [init], timeout: 9999999h}
        dependencies:
          db: {command: [db], stopTimeout: 8761h, ready: {log: up, timeout: PT9999999H}}
        """))
        .containsExactly(
            "env.yml:1: cleanupTimeout [9999999h] must be 8760h (365 days) or shorter",
            "env.yml:3: setup.init.timeout [9999999h] must be 8760h (365 days) or shorter",
            "env.yml:5: dependencies.db.stopTimeout [8761h] must be 8760h (365 days) or shorter",
            "env.yml:5: dependencies.db.ready.timeout [PT9999999H] must be 8760h (365 days) or"
                + " shorter");
    assertThat(read("retryDelay: 8760h\nmain: {api: {command: [api], stopTimeout: PT8760H}}\n"))
        .extracting(EnvironmentSpec::retryDelay)
        .isEqualTo(Duration.ofDays(365));
  }

  @Test
  void aNegativeOrOverlongShortDurationIsOutOfRangeNotMalformed() {
    assertThat(
            problemsOf(
                """
        retryDelay: -5s
        cleanupTimeout: -1ms
        main:
          api: {command: [api], stopTimeout: 99999999999999h}
        """))
        .containsExactly(
            "env.yml:1: retryDelay [-5s] must be 0 or more",
            "env.yml:2: cleanupTimeout [-1ms] must be longer than 0",
            "env.yml:4: main.api.stopTimeout [99999999999999h] must be 8760h (365 days) or"
                + " shorter");
  }

  @Test
  void waitingForAnInvalidProcessIsNoSecondProblemAndDependsOnIsReportedAtItsLine() {
    assertThat(
            problemsOf(
                """
        dependencies:
          db: {command: []}
          cache:
            command: [cache]
            dependsOn: [api]
        main:
          api:
            command: []
          web:
            command: [web]

            dependsOn: [db, dbb]
        """))
        .containsExactly(
            "env.yml:2: dependencies.db.command [] is empty; name the program to run first",
            "env.yml:8: main.api.command [] is empty; name the program to run first",
            "env.yml:5: dependencies.cache.dependsOn [api] is a main process; setup processes and"
                + " dependencies can only depend on setup processes and dependencies (main"
                + " processes start after all of them)",
            "env.yml:12: main.web.dependsOn [dbb] names no process; did you mean [db]? known:"
                + " [api, cache, db, web]");
  }

  @Test
  void aStopTimeoutOfZeroKillsAtOnceAsInCodeButANegativeOneIsAMistake() {
    // process-units.md: Duration.ZERO kills at once; the declarations rejected "0s" as "must be
    // longer than 0", though they are the same model as the builder.
    EnvironmentSpec spec = read("main: {api: {command: [api], stopTimeout: 0s}}");
    assertThat(spec.processes().get(0).stopTimeout()).isEqualTo(Duration.ZERO);
    assertThat(build(spec).get("api").getState()).isEqualTo(ProcessState.CREATED);
    assertThat(problemsOf("main: {api: {command: [api], stopTimeout: -5s}}"))
        .containsExactly("env.yml:1: main.api.stopTimeout [-5s] must be 0 or more");
  }

  @Test
  void theDependsOnOfAProcessWhoseCommandIsWrongIsCheckedWithTheOtherProblems() {
    // configuration.md: every problem as written is reported at once. Before, a process whose
    // command (or service) was wrong had its dependsOn skipped: [dbb] came only after the fix.
    assertThat(
            problemsOf(
                """
        dependencies:
          db: {command: [db]}
          cache: {service: memcached, dependsOn: [dbx]}
        main:
          api:
            command: [x, "${prot:db}"]
            dependsOn: [dbb]
        """))
        .containsExactly(
            "env.yml:3: dependencies.cache.service [memcached] is not a service on the class path;"
                + " known: [echo, kafka, postgres, redis, wiremock]",
            "env.yml:6: main.api.command[1] [${prot:db}] is not a known placeholder; did you mean"
                + " [${port:db}]? known: ${port:NAME}, ${java}, ${classpath}, ${env:VAR},"
                + " ${sys:prop}, ${KEY:ID} of a service",
            "env.yml:3: dependencies.cache.dependsOn [dbx] names no process; did you mean [db]?"
                + " known: [api, cache, db]",
            "env.yml:7: main.api.dependsOn [dbb] names no process; did you mean [db]? known:"
                + " [api, cache, db]");
  }

  @Test
  void aMergeKeyTakesTheKeysOfItsMapsThatTheProcessDoesNotSetItself() {
    // As in Docker Compose files: shared settings once, "<<: *name" where they apply. Before, "<<"
    // was "not a known key".
    EnvironmentSpec spec =
        read(
            """
            main:
              api: &jvm
                command: [java, Api]
                env: {MODE: test}
                stopTimeout: 3s
              worker:
                <<: *jvm
                command: [java, Worker]
              batch:
                <<: [{stopTimeout: 7s, workingDirectory: first}, *jvm, {workingDirectory: last}]
            """);

    ProcessSpec worker = spec.processes().get(1);
    assertThat(worker.launch())
        .isEqualTo(new ProcessSpec.Launch.Command(List.of("java", "Worker")));
    assertThat(worker.env()).containsExactly(Map.entry("MODE", "test"));
    assertThat(worker.stopTimeout()).isEqualTo(Duration.ofSeconds(3));
    ProcessSpec batch = spec.processes().get(2);
    // Of a list of maps, the first that has a key gives it.
    assertThat(batch.stopTimeout()).isEqualTo(Duration.ofSeconds(7));
    assertThat(batch.workingDirectory()).isEqualTo("first");
    assertThat(batch.launch()).isEqualTo(new ProcessSpec.Launch.Command(List.of("java", "Api")));
  }

  @Test
  void aMergeKeyOfAnythingButMapsIsReportedWithItsLine() {
    assertThat(
            problemsOf(
                """
                main:
                  api:
                    <<: [sh, -c]
                    command: [sh]
                """))
        .containsExactly(
            "env.yml:3: main.api.<< a merge key (<<) takes a map or a list of maps, such as"
                + " *defaults");
  }

  @Test
  void aNameWithNothingInCommonWithAKnownOneGetsNoSuggestion() {
    // Two edits or fewer was the only rule: a blank id was "did you mean [c]?", x was [c] too.
    assertThat(
            problemsOf(
                """
                main:
                  c:
                    command: [c]
                  d:
                    command: [d]
                    dependsOn: ["", x, cc]
                """))
        .containsExactly(
            "env.yml:6: main.d.dependsOn [] names no process; known: [c, d]",
            "env.yml:6: main.d.dependsOn [x] names no process; known: [c, d]",
            "env.yml:6: main.d.dependsOn [cc] names no process; did you mean [c]? known: [c, d]");
  }

  @Test
  void anUnknownKeyIsReportedWithTheNearestKnownKey() {
    assertThat(
            problemsOf(
                """
        main:
          api:
            comand: [api]
        """))
        .containsExactly(
            "env.yml:3: main.api.comand [comand] is not a known key; did you mean [command]?"
                + " known: [command, env, workingDirectory, stopTimeout, flags, dependsOn, user,"
                + " ready]",
            "env.yml:2: main.api [command] is missing; name the program to run, such as [sh, -c,"
                + " 'echo hi']");
  }

  @Test
  void aKeyWrittenShortOrLongOrAsOtherToolsSpellItSuggestsTheKeyItMeans() {
    assertThat(
            problemsOf(
                """
        main:
          api:
            command: [api]
            workingDir: data
            environment: {A: b}
            depends_on: [db]
            flags:
              - {name: e, pattern: E, target: 0, contextWindow: 2}
        dependencies:
          db: {command: [db]}
        """))
        .containsExactly(
            "env.yml:4: main.api.workingDir [workingDir] is not a known key; did you mean"
                + " [workingDirectory]? known: [command, env, workingDirectory, stopTimeout, flags,"
                + " dependsOn, user, ready]",
            "env.yml:5: main.api.environment [environment] is not a known key; did you mean [env]?"
                + " known: [command, env, workingDirectory, stopTimeout, flags, dependsOn, user,"
                + " ready]",
            "env.yml:6: main.api.depends_on [depends_on] is not a known key; did you mean"
                + " [dependsOn]? known: [command, env, workingDirectory, stopTimeout, flags,"
                + " dependsOn, user, ready]",
            "env.yml:8: main.api.flags[0].target [target] is not a known key; did you mean"
                + " [targetCount]? known: [name, pattern, color, targetCount, contextWindowSize]",
            "env.yml:8: main.api.flags[0].contextWindow [contextWindow] is not a known key; did"
                + " you mean [contextWindowSize]? known: [name, pattern, color, targetCount,"
                + " contextWindowSize]");
  }

  @Test
  void aKeyWrittenInTheSingularSuggestsItsPluralNotAnotherKeyThatBeginsWithIt() {
    // @Dependency is the annotation, dependencies the group; retry: 3 means retries, which
    // retryDelay (a duration) is not.
    assertThat(
            problemsOf(
                """
        retry: 3
        dependency:
          db: {command: [db]}
        main:
          api: {command: [api]}
        """))
        .containsExactly(
            "env.yml:1: retry [retry] is not a known key; did you mean [retries]? known: [retries,"
                + " retryDelay, cleanupTimeout, setup, dependencies, main, cleanup]",
            "env.yml:2: dependency [dependency] is not a known key; did you mean [dependencies]?"
                + " known: [retries, retryDelay, cleanupTimeout, setup, dependencies, main,"
                + " cleanup]");
  }

  @Test
  void aProblemOfAnIdIsReportedAtTheLineOfTheId() {
    // The line of the process's map was given: the line after the id, in a block map.
    assertThat(
            problemsOf(
                """
        dependencies:
          db: {command: [db]}
        main:
          db:
            command: [db]
          "":
            command: [x]
          " ":

            comand: [x]
        """))
        .containsExactly(
            "env.yml:4: main.db [db] is declared twice; ids must be unique across setup,"
                + " dependencies, main and cleanup processes",
            "env.yml:6: main.\"\" [] is blank; give the process an id",
            "env.yml:8: main.\" \" [ ] is blank; give the process an id",
            "env.yml:10: main.\" \".comand [comand] is not a known key; did you mean [command]?"
                + " known: [command, env, workingDirectory, stopTimeout, flags, dependsOn, user,"
                + " ready]",
            "env.yml:8: main.\" \" [command] is missing; name the program to run, such as [sh,"
                + " -c, 'echo hi']");
  }

  @Test
  void aProcessWhoseIdIsDeclaredTwiceHasItsOtherProblemsReportedToo() {
    assertThat(
            problemsOf(
                """
        dependencies:
          api: {command: [db]}
        main:
          api:
            comand: [api]
            stopTimeout: 5 sec
        """))
        .containsExactly(
            "env.yml:4: main.api [api] is declared twice; ids must be unique across setup,"
                + " dependencies, main and cleanup processes",
            "env.yml:5: main.api.comand [comand] is not a known key; did you mean [command]?"
                + " known: [command, env, workingDirectory, stopTimeout, flags, dependsOn, user,"
                + " ready]",
            "env.yml:4: main.api [command] is missing; name the program to run, such as [sh, -c,"
                + " 'echo hi']",
            "env.yml:6: main.api.stopTimeout [5 sec] is not a duration; use 500ms, 30s, 2m, 1h or"
                + " ISO-8601 such as PT5S");
  }

  @Test
  void duplicateKeysAreReportedWithTheLineOfTheFirst() {
    assertThat(
            problemsOf(
                """
        main:
          api: {command: [api]}
          api: {command: [api2]}
        """))
        .containsExactly("env.yml:3: main.api [api] is a duplicate key (first at env.yml:2)");
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
        .isInstanceOf(SpecException.class)
        .hasMessageStartingWith("env.yml:4: invalid YAML: expected ',' or ']'");
  }

  @Test
  void aFileThatIsNotUtf8IsReportedWithTheLineOfItsFirstWrongByte(@TempDir Path dir)
      throws Exception {
    // Saved as Latin-1, as some editors do: the é of line 3 is the one byte 0xE9.
    Path file = dir.resolve("env.yml");
    Files.write(
        file,
        "main:\n  api:\n    command: [sh, -c, 'echo café']\n"
            .getBytes(StandardCharsets.ISO_8859_1));

    assertThatThrownBy(() -> Environments.fromYaml(file))
        .isInstanceOf(SpecException.class)
        .hasMessage(
            file + ":3: is not UTF-8 text: byte 0xE9 is no UTF-8 character; save it as UTF-8");
  }

  @Test
  void aWrongShapeOrANumberTooLargeForItsKeyIsReportedAsSuch() {
    assertThat(
            problemsOf(
                """
        retries: 99999999999
        dependencies:
          db: {command: [db], ready: {log: up, times: -99999999999}}
        main:
          api: {command: [api], dependsOn: {db: true}}
        """))
        .containsExactly(
            "env.yml:1: retries [99999999999] must be 2147483647 or less",
            "env.yml:3: dependencies.db.ready.times [-99999999999] must be 1 or more",
            "env.yml:5: main.api.dependsOn expected an id or a list of ids such as [db, initdb],"
                + " but was a map");
  }

  @Test
  void aWorkingDirectoryThatIsNoPathIsReportedWhenBuilt() {
    // YAML's "\0" is a NUL character, which no path holds: an InvalidPathException escaped.
    EnvironmentSpec spec =
        read("main:\n  api:\n    command: [api]\n    workingDirectory: \"data\\0\"\n");

    assertThat(problemsBuilding(spec))
        .singleElement()
        .asString()
        .startsWith("env.yml:4: main.api.workingDirectory [data\0] is not a path: ");
  }

  @Test
  void aNulCharacterInAnArgumentIsReportedWhenBuilt() {
    EnvironmentSpec spec = read("main:\n  api:\n    command: [api, \"a\\0b\"]\n");

    assertThat(problemsBuilding(spec))
        .singleElement()
        .asString()
        .isEqualTo("env.yml:3: main.api.command argument [a\\0b] holds a NUL character (\\0)");
    EnvironmentSpec inEnv =
        read("main:\n  api:\n    command: [api]\n    env:\n      A: a\n      K: \"v\\0\"\n");
    assertThat(problemsBuilding(inEnv))
        .singleElement()
        .asString()
        .isEqualTo("env.yml:6: main.api.env.K env value of K [v\\0] holds a NUL character (\\0)");
  }

  @Test
  void aFileWithoutProcessesIsRejected() {
    assertThat(problemsOf("retries: 1\n"))
        .containsExactly(
            "env.yml:1: declares no process: add setup, dependencies, main or cleanup processes");
    assertThat(problemsOf("retries: many\nmain: [a]\n"))
        .containsExactly(
            "env.yml:2: main expected a map from process id to process, such as {api: {command:"
                + " [sh, -c, 'echo hi']}}, but was a list",
            "env.yml:1: retries [many] is not a whole number");
  }

  @Test
  void theExampleFileOfTheDocsIsValid() {
    EnvironmentSpec spec = Environments.fromYaml(Path.of("examples/env.yml"));

    assertThat(spec.source()).isEqualTo("env.yml");
    assertThat(spec.ids()).containsExactly("db", "cache", "api", "worker", "report");
  }

  @Test
  void readinessChecksOfEveryKindAreBuilt() {
    Map<String, ProcessUnit> units =
        build(
            read(
                """
        dependencies:
          db:
            command: [db, "${port:db}"]
            ready: {log: up, tcpPort: "127.0.0.1:${port:db}", http: "http://localhost:${port:db}/",
                    command: [sh, -c, "true"]}
        """));

    assertThat(units).containsOnlyKeys("db");
  }
}
