package io.ovrseer.spec;

import io.ovrseer.Ovrseer;
import io.ovrseer.log.ProcessLogger;
import io.ovrseer.process.ProcessUnit;
import io.ovrseer.process.ReadyCheck;
import java.io.UncheckedIOException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns an {@link EnvironmentSpec} into units for one run of the environment: resolves the
 * placeholders with the environment's {@link Ports}, builds every unit (services first, each after
 * the services it uses, so that their connection properties are known), and registers them with an
 * orchestrator.
 */
public final class Assembly {

  /**
   * One built process.
   *
   * @param spec its declaration
   * @param unit the unit, not started
   */
  public record Built(ProcessSpec spec, ProcessUnit unit) {}

  /**
   * Every built process and the connection properties of the services.
   *
   * @param processes in declaration order
   * @param connectionProperties by service id, then key
   */
  public record Assembled(
      List<Built> processes, Map<String, Map<String, String>> connectionProperties) {}

  private final PlaceholderContext context;
  private final Ports ports;
  private final Path baseDirectory;
  private final Problems problems = new Problems();
  private final Map<String, Map<String, String>> connections = new LinkedHashMap<>();
  private int problemCount; // of this assembly, to tell whether building one process added any
  // The port names a process is given (its command, env, working directory, a service's options or
  // its own ports), and those a readiness value names: a check on a port no process is given waits
  // for nothing, as when ${port:api} in a check is a typo of the ${port:app} of the command.
  private final Set<String> givenPorts = new LinkedHashSet<>();
  private final List<Probe> probes = new ArrayList<>();
  private List<String> probing; // non-null while a readiness value is resolved: the ports it names

  /** The port names the readiness value at {@code path} of {@code process} holds. */
  private record Probe(ProcessSpec process, String path, List<String> ports) {}

  private Assembly(PlaceholderContext context, Ports ports, Path baseDirectory) {
    this.context = context;
    this.ports = ports;
    this.baseDirectory = baseDirectory;
  }

  /**
   * Builds every process of {@code spec}; nothing is started.
   *
   * @param baseDirectory what relative working directories are resolved against
   * @throws SpecException listing every value that is wrong once resolved (an unset variable, a
   *     port that is no number) and every process that could not be built
   */
  public static Assembled build(
      EnvironmentSpec spec, Ports ports, PlaceholderContext context, Path baseDirectory) {
    return new Assembly(context, ports, baseDirectory).buildAll(spec);
  }

  /** Registers each of {@code processes} with {@code ovrseer}, in its group. */
  public static void register(Ovrseer ovrseer, List<Built> processes) {
    for (Built built : processes) {
      String id = built.spec().id();
      switch (built.spec().group()) {
        case SETUP ->
            ovrseer.addSetupProcess(
                id,
                built.unit(),
                built.spec().timeout() == null
                    ? ProcessSpec.DEFAULT_SETUP_TIMEOUT
                    : built.spec().timeout());
        case DEPENDENCY -> ovrseer.addDependency(id, built.unit());
        case MAIN -> ovrseer.addMainProcess(id, built.unit());
        case CLEANUP -> ovrseer.addCleanupProcess(id, built.unit());
      }
    }
  }

  private Assembled buildAll(EnvironmentSpec spec) {
    // By id, unique in a declaration: hashing the records themselves costs more than building them.
    Map<String, ProcessUnit> units = new LinkedHashMap<>();
    // Each service after those whose ${KEY:ID} it uses: their properties exist once they are built.
    List<ProcessSpec> services = ServiceOrder.of(spec.processes(), problems);
    problems.throwIfAny();
    givenPorts.addAll(ports.asMap().keySet());
    for (ProcessSpec process : services) {
      if (usesUnbuilt(services, (ProcessSpec.Launch.Service) process.launch())) {
        continue; // as below: the service it uses has the problem, its ${KEY:ID} is right
      }
      buildService(process, (ProcessSpec.Launch.Service) process.launch())
          .ifPresent(u -> units.put(process.id(), u));
    }
    // A service that could not be built has no connection properties: the other processes'
    // ${KEY:ID} would each be reported as unknown, which hides the real cause.
    problems.throwIfAny();
    givenPorts.addAll(ports.asMap().keySet()); // the services' own ports
    for (ProcessSpec process : spec.processes()) {
      if (process.launch() instanceof ProcessSpec.Launch.Command command) {
        buildCommand(process, command).ifPresent(u -> units.put(process.id(), u));
      } else if (process.launch() instanceof ProcessSpec.Launch.Factory factory) {
        buildFactory(process, factory).ifPresent(u -> units.put(process.id(), u));
      }
    }
    problems.throwIfAny();
    if (spec.processes().stream()
        .noneMatch(p -> p.launch() instanceof ProcessSpec.Launch.Factory)) {
      // A factory may give a process any port (ports.get in code): then no check is known unused.
      checkProbedPortsAreGiven();
      problems.throwIfAny();
    }
    if (spec.processes().stream().anyMatch(p -> p.launch() instanceof ProcessSpec.Launch.Factory)) {
      // What code declares, its units say: check their dependsOn as a declaration's.
      List<ProcessSpec> declared = new ArrayList<>();
      for (ProcessSpec process : spec.processes()) {
        ProcessUnit unit = units.get(process.id());
        if (unit != null) {
          declared.add(process.withDependsOn(unit.dependsOn()));
        }
      }
      DependencyCheck.check(declared, problems);
      problems.throwIfAny();
    }
    List<Built> built = new ArrayList<>();
    for (ProcessSpec process : spec.processes()) {
      built.add(new Built(process, units.get(process.id())));
    }
    return new Assembled(List.copyOf(built), Map.copyOf(connections));
  }

  /**
   * Whether {@code service} uses a connection property of one of {@code services} that was not
   * built (they are built in {@link ServiceOrder}: each after those it uses).
   */
  private boolean usesUnbuilt(List<ProcessSpec> services, ProcessSpec.Launch.Service service) {
    return service.options().values().stream()
        .flatMap(List::stream)
        .flatMap(value -> Placeholders.serviceIds(value).stream())
        .anyMatch(
            id ->
                !connections.containsKey(id)
                    && services.stream().anyMatch(other -> other.id().equals(id)));
  }

  private Optional<ProcessUnit> buildService(
      ProcessSpec process, ProcessSpec.Launch.Service service) {
    int before = problemCount;
    Map<String, List<String>> options = new LinkedHashMap<>();
    service
        .options()
        .forEach(
            (key, values) -> {
              List<String> resolved = new ArrayList<>();
              for (int i = 0; i < values.size(); i++) {
                resolved.add(
                    resolve(
                        process, values.size() == 1 ? key : key + "[" + i + "]", values.get(i)));
              }
              options.put(key, resolved);
            });
    if (problemCount > before) {
      return Optional.empty();
    }
    try {
      ServiceKind.Instance instance =
          service
              .kind()
              .create(
                  new ServiceKind.Request(
                      process.id(),
                      options,
                      ports,
                      process.dependsOn(),
                      Optional.ofNullable(process.user()),
                      Optional.ofNullable(process.stopTimeout()),
                      baseDirectory == null ? Path.of("").toAbsolutePath() : baseDirectory));
      connections.put(process.id(), instance.connectionProperties());
      addFlags(process, instance.unit().logger());
      return Optional.of(instance.unit());
    } catch (IllegalArgumentException | IllegalStateException | UncheckedIOException e) {
      // A file a service reads while it is built (a script, stubs, binaries) is part of the
      // declaration: a problem of that service with where it is declared, not a stack trace.
      problem(process, "", String.valueOf(e.getMessage()));
      return Optional.empty();
    }
  }

  private Optional<ProcessUnit> buildCommand(
      ProcessSpec process, ProcessSpec.Launch.Command launch) {
    int before = problemCount;
    List<String> argv = new ArrayList<>();
    for (int i = 0; i < launch.command().size(); i++) {
      argv.add(resolve(process, "command[" + i + "]", launch.command().get(i)));
    }
    Map<String, String> env = new LinkedHashMap<>();
    process.env().forEach((key, value) -> env.put(key, resolve(process, "env." + key, value)));
    Path directory =
        process.workingDirectory() == null
            ? null
            : path(process, resolve(process, "workingDirectory", process.workingDirectory()));
    List<ReadyCheck> checks = new ArrayList<>();
    for (int i = 0; i < process.ready().size(); i++) {
      ReadySpec ready = process.ready().get(i);
      if (ready instanceof ReadySpec.Command command) {
        // Element by element, as the launch command: each problem at its index, not the first only.
        readyCommand(process, process.readyPath(i), command).ifPresent(checks::add);
        continue;
      }
      startProbe();
      try {
        checks.add(ready.build(this::resolveOrThrow));
      } catch (IllegalArgumentException e) {
        problems(process, process.readyPath(i), e);
      } finally {
        endProbe(process, process.readyPath(i));
      }
    }
    if (problemCount > before) {
      return Optional.empty();
    }
    ProcessLogger logger = new ProcessLogger();
    addFlags(process, logger);
    ProcessUnit.Builder builder;
    // The builder refuses a NUL character in the command line or the environment; the problem is
    // reported at the line of the one or the other.
    try {
      builder =
          ProcessUnit.builder(argv.get(0), argv.subList(1, argv.size()).toArray(String[]::new))
              .logger(logger);
    } catch (IllegalArgumentException e) {
      problem(process, "command", e.getMessage());
      return Optional.empty();
    }
    for (Map.Entry<String, String> variable : env.entrySet()) {
      try {
        builder.env(variable.getKey(), variable.getValue());
      } catch (IllegalArgumentException e) {
        problem(process, "env." + variable.getKey(), e.getMessage());
      }
    }
    if (problemCount > before) {
      return Optional.empty();
    }
    if (directory != null) {
      builder.workingDirectory(
          baseDirectory == null ? directory : baseDirectory.resolve(directory).normalize());
    }
    if (process.stopTimeout() != null) {
      builder.stopTimeout(process.stopTimeout());
    }
    checks.forEach(builder::readyCheck);
    builder.dependsOn(process.dependsOn().toArray(String[]::new));
    if (process.user() != null) {
      builder.user(process.user());
    }
    try {
      return Optional.of(builder.build());
    } catch (IllegalArgumentException | IllegalStateException e) {
      problem(process, process.user() == null ? "" : "user", e.getMessage());
      return Optional.empty();
    }
  }

  /**
   * The readiness command {@code command} at {@code path}, each element resolved, or empty if one
   * cannot be (every such problem recorded at {@code path[index]}).
   */
  private Optional<ReadyCheck> readyCommand(
      ProcessSpec process, String path, ReadySpec.Command command) {
    int before = problemCount;
    List<String> argv = new ArrayList<>();
    for (int i = 0; i < command.command().size(); i++) {
      startProbe();
      try {
        argv.add(resolve(process, path + "[" + i + "]", command.command().get(i)));
      } finally {
        endProbe(process, path + "[" + i + "]");
      }
    }
    if (problemCount > before) {
      return Optional.empty();
    }
    try {
      return Optional.of(ReadyCheck.command(command.timeout(), argv.toArray(String[]::new)));
    } catch (IllegalArgumentException e) {
      problem(process, path, e.getMessage());
      return Optional.empty();
    }
  }

  private Optional<ProcessUnit> buildFactory(
      ProcessSpec process, ProcessSpec.Launch.Factory factory) {
    ProcessUnit unit;
    try {
      unit = factory.factory().apply(ports);
    } catch (RuntimeException e) {
      problem(process, "", "could not be built: " + e.getMessage());
      return Optional.empty();
    }
    if (unit == null) {
      problem(process, "", "was built as null; return a ProcessUnit");
      return Optional.empty();
    }
    return Optional.of(unit);
  }

  /**
   * The working directory {@code written}, or null (recorded) if it is no path (it holds a NUL).
   */
  private Path path(ProcessSpec process, String written) {
    if (written == null) {
      return null;
    }
    try {
      return Path.of(written);
    } catch (InvalidPathException e) {
      problem(process, "workingDirectory", "[" + written + "] is not a path: " + e.getReason());
      return null;
    }
  }

  private void addFlags(ProcessSpec process, ProcessLogger logger) {
    for (FlagSpec flag : process.flags()) {
      logger.addFlag(flag.name(), flag.toFlag());
    }
  }

  private void problem(ProcessSpec process, String path, String message) {
    problemCount++;
    problems.add(process.where(path), message);
  }

  private String resolve(ProcessSpec process, String path, String text) {
    try {
      return resolveOrThrow(text);
    } catch (IllegalArgumentException e) {
      problems(process, path, e);
      return null;
    }
  }

  /**
   * The problem {@code e}, or each placeholder's problem if it is {@link Placeholders.Unresolved}.
   */
  private void problems(ProcessSpec process, String path, IllegalArgumentException e) {
    if (e instanceof Placeholders.Unresolved unresolved) {
      unresolved.problems.forEach(message -> problem(process, path, message));
    } else {
      problem(process, path, e.getMessage());
    }
  }

  private String resolveOrThrow(String text) {
    return Placeholders.resolve(text, context, this::port, this::connection);
  }

  private int port(String name) {
    (probing != null ? probing : givenPorts).add(name);
    return ports.get(name);
  }

  private void startProbe() {
    probing = new ArrayList<>();
  }

  private void endProbe(ProcessSpec process, String path) {
    if (!probing.isEmpty()) {
      probes.add(new Probe(process, path, List.copyOf(probing)));
    }
    probing = null;
  }

  /** Each readiness value's port that no process is given, a problem at the value. */
  private void checkProbedPortsAreGiven() {
    for (Probe probe : probes) {
      for (String name : new LinkedHashSet<>(probe.ports())) {
        if (!givenPorts.contains(name)) {
          problem(probe.process(), probe.path(), notGiven(name, givenPorts));
        }
      }
    }
  }

  private static String notGiven(String name, Collection<String> given) {
    return "[${port:"
        + name
        + "}] is a port no process is given (no command, env, workingDirectory or service holds"
        + " it), so nothing can listen on it"
        + Suggestions.closest(name, given)
            .map(c -> "; did you mean [${port:" + c + "}]?")
            .orElse(";")
        + " ports given: "
        + Suggestions.list(given);
  }

  private String connection(String keyAndId) {
    int colon = keyAndId.indexOf(':');
    if (colon < 0) {
      return null;
    }
    Map<String, String> properties = connections.get(keyAndId.substring(colon + 1));
    return properties == null ? null : properties.get(keyAndId.substring(0, colon));
  }
}
