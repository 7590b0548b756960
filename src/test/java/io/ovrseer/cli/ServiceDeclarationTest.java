package io.ovrseer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ovrseer.junit.AnnotationReader;
import io.ovrseer.junit.MainProcess;
import io.ovrseer.junit.OvrseerEnvironment;
import io.ovrseer.junit.OvrseerService;
import io.ovrseer.process.ProcessUnit;
import io.ovrseer.spec.Assembly;
import io.ovrseer.spec.EnvironmentSpec;
import io.ovrseer.spec.PlaceholderContext;
import io.ovrseer.spec.Ports;
import io.ovrseer.spec.Problem;
import io.ovrseer.spec.ProcessSpec;
import io.ovrseer.spec.ServiceKind;
import io.ovrseer.spec.SpecException;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The extension point for services: a {@link ServiceKind} on the class path is declared by YAML
 * {@code service: NAME} or by an annotation marked {@link OvrseerService}, and its connection
 * properties are the {@code ${KEY:ID}} placeholders of the other processes.
 */
class ServiceDeclarationTest {

  /** A service kind for this test: an echo "server" with one option and one property. */
  public static final class EchoService implements ServiceKind {
    @Override
    public String name() {
      return "echo";
    }

    @Override
    public Set<String> options() {
      return Set.of("greeting");
    }

    @Override
    public Set<String> connectionKeys() {
      return Set.of("url");
    }

    @Override
    public Instance create(Request request) {
      int port = request.ports().get(request.id());
      ProcessUnit unit =
          ProcessUnit.builder("echo", request.option("greeting").orElse("hi"))
              .dependsOn(request.dependsOn().toArray(String[]::new))
              .build();
      return new Instance(unit, Map.of("url", "echo://localhost:" + port));
    }
  }

  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.TYPE)
  @OvrseerService("echo")
  @interface EchoServer {
    String id();

    String greeting() default "";

    String[] dependsOn() default {};
  }

  @OvrseerEnvironment
  @EchoServer(id = "cache", greeting = "hello")
  @MainProcess(
      id = "api",
      command = {"api", "--cache=${url:cache}"})
  static class Annotated {}

  private static final String YAML =
      """
      dependencies:
        cache: {service: echo, greeting: hello}
      main:
        api: {command: [api, "--cache=${url:cache}"]}
      """;

  @Test
  void aServiceIsDeclaredTheSameWayByYamlAndByItsAnnotation() {
    EnvironmentSpec fromYaml = Environments.fromYamlText("env.yml", YAML);
    EnvironmentSpec fromAnnotations = AnnotationReader.read(Annotated.class);

    assertThat(fromAnnotations.processes().get(0).launch())
        .isEqualTo(fromYaml.processes().get(0).launch())
        .isInstanceOfSatisfying(
            ProcessSpec.Launch.Service.class,
            s -> assertThat(s.options()).containsExactly(Map.entry("greeting", List.of("hello"))));
    assertThat(fromAnnotations.identity(PlaceholderContext.forThisJvm(null)))
        .isEqualTo(fromYaml.identity(PlaceholderContext.forThisJvm(null)));
  }

  @Test
  void connectionPropertiesAreThePlaceholdersOfTheOtherProcesses() {
    Ports ports = new Ports();
    try {
      Assembly.Assembled assembled =
          Assembly.build(
              Environments.fromYamlText("env.yml", YAML),
              ports,
              PlaceholderContext.forThisJvm(null),
              null);

      String url = "echo://localhost:" + ports.get("cache");
      assertThat(assembled.connectionProperties()).containsEntry("cache", Map.of("url", url));
      assertThat(assembled.processes().get(1).unit().args()).containsExactly("--cache=" + url);
    } finally {
      ports.release();
    }
  }

  @Test
  void unknownServicesOptionsAndPropertiesAreMistakesWithSuggestions() {
    List<String> problems =
        problemsOf(
            """
            dependencies:
              cache: {service: ecko}
              other: {service: echo, greting: hi}
            main:
              api: {command: [api, "${ur:other}"]}
            """);

    assertThat(problems)
        .containsExactly(
            "env.yml:2: dependencies.cache.service [ecko] is not a service on the class path; did"
                + " you mean [echo]? known: [echo, kafka, postgres, redis, wiremock]",
            "env.yml:3: dependencies.other.greting [greting] is not a known key; did you mean"
                + " [greeting]? known: [stopTimeout, flags, dependsOn, user, service, greeting]",
            "env.yml:5: main.api.command[1] [${ur:other}] is not a known placeholder; did you mean"
                + " [${url:other}]? known: ${port:NAME}, ${java}, ${classpath}, ${env:VAR},"
                + " ${sys:prop}, ${KEY:ID} of a service");
  }

  @Test
  void aPlainProcessKeyOnAServiceSaysTheServiceBringsItsOwn() {
    // It said only '[ready] is not a known key; known: [...]', as for a typo.
    assertThat(
            problemsOf(
                """
            dependencies:
              cache:
                service: echo
                ready: {log: up}
                env: {A: b}
            """))
        .containsExactly(
            "env.yml:4: dependencies.cache.ready [ready] is not a key of a service: a service"
                + " brings its own command, working directory, environment and readiness check"
                + " (see docs/services.md); known: [stopTimeout, flags, dependsOn, user, service,"
                + " greeting]",
            "env.yml:5: dependencies.cache.env [env] is not a key of a service: a service brings"
                + " its own command, working directory, environment and readiness check (see"
                + " docs/services.md); known: [stopTimeout, flags, dependsOn, user, service,"
                + " greeting]");
  }

  @Test
  void aConnectionPropertyThatIsNotThereSaysWhatTheServiceHasOrWhichServiceItMeans() {
    List<String> problems =
        problemsOf(
            """
            dependencies:
              cache: {service: echo}
              store: {service: redis}
            main:
              api: {command: [api, "${jdbcUrl:cache}", "${url:cahce}", "${url:api}", "${host:stor}"]}
            """);

    String known =
        " known: ${port:NAME}, ${java}, ${classpath}, ${env:VAR}, ${sys:prop}, ${KEY:ID} of a"
            + " service";
    assertThat(problems)
        .containsExactly(
            "env.yml:5: main.api.command[1] [${jdbcUrl:cache}] is not a known placeholder; service"
                + " [cache] has the connection properties [url];"
                + known,
            "env.yml:5: main.api.command[2] [${url:cahce}] is not a known placeholder; [cahce]"
                + " names no service; did you mean [${url:cache}]?"
                + known,
            "env.yml:5: main.api.command[3] [${url:api}] is not a known placeholder; [api] names"
                + " no service; services with [url]: [cache, store];"
                + known,
            "env.yml:5: main.api.command[4] [${host:stor}] is not a known placeholder; [stor] names"
                + " no service; did you mean [${host:store}]?"
                + known);
  }

  @Test
  void aServiceMayUseTheConnectionPropertiesOfOneDeclaredAfterIt() {
    Ports ports = new Ports();
    try {
      Assembly.Assembled assembled =
          Assembly.build(
              Environments.fromYamlText(
                  "env.yml",
                  """
                  dependencies:
                    first: {service: echo, greeting: "to ${url:second}"}
                    second: {service: echo, greeting: "to ${url:third}"}
                    third: {service: echo}
                  """),
              ports,
              PlaceholderContext.forThisJvm(null),
              null);

      assertThat(assembled.processes())
          .as("still in declaration order")
          .extracting(b -> b.spec().id())
          .containsExactly("first", "second", "third");
      assertThat(assembled.processes().get(0).unit().args())
          .containsExactly("to echo://localhost:" + ports.get("second"));
      assertThat(assembled.processes().get(1).unit().args())
          .containsExactly("to echo://localhost:" + ports.get("third"));
    } finally {
      ports.release();
    }
  }

  @Test
  void servicesThatUseEachOthersConnectionPropertiesAreACycle() {
    assertThat(
            problemsOf(
                """
            dependencies:
              a: {service: echo, greeting: "${url:b}"}
              b: {service: echo, greeting: "${url:a}"}
              self: {service: echo, greeting: "${url:self}"}
            """))
        .containsExactly(
            "env.yml:2: dependencies.a.greeting [a -> b -> a] is a cycle: each service uses a"
                + " connection property of the next, so none of them can be built first",
            "env.yml:4: dependencies.self.greeting [self -> self] is a cycle: each service uses"
                + " a connection property of the next, so none of them can be built first");
  }

  @Test
  void aServiceOutsideTheDependenciesIsAMistake() {
    // A service is a dependency: it runs until the environment stops and others wait for it.
    assertThat(
            problemsOf(
                """
            setup:
              init: {service: echo}
            main:
              api: {service: echo, greeting: hi}
            cleanup:
              backup: {service: echo}
            """))
        .containsExactly(
            "env.yml:2: setup.init.service [echo] is a service, and a service is a dependency;"
                + " declare it under dependencies",
            "env.yml:4: main.api.service [echo] is a service, and a service is a dependency;"
                + " declare it under dependencies",
            "env.yml:6: cleanup.backup.service [echo] is a service, and a service is a"
                + " dependency; declare it under dependencies");
  }

  private static List<String> problemsOf(String yaml) {
    try {
      Environments.fromYamlText("env.yml", yaml);
    } catch (SpecException e) {
      return e.problems().stream().map(Problem::toString).toList();
    }
    throw new AssertionError("expected problems");
  }
}
