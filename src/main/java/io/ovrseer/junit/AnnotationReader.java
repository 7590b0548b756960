package io.ovrseer.junit;

import io.ovrseer.ProcessType;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Reads and validates the environment a test class declares with {@link
 * OvrseerEnvironment @OvrseerEnvironment} and the process annotations, before anything runs.
 */
final class AnnotationReader {
  private AnnotationReader() {}

  /** The {@code @OvrseerEnvironment} of {@code testClass} (direct, inherited or meta-present). */
  static Optional<OvrseerEnvironment> environmentOf(Class<?> testClass) {
    return AnnotationSupport.findAnnotation(testClass, OvrseerEnvironment.class);
  }

  /** Whether {@code testClass} declares processes (it then needs {@code @OvrseerEnvironment}). */
  static boolean declaresProcesses(Class<?> testClass) {
    return !AnnotationSupport.findRepeatableAnnotations(testClass, Dependency.class).isEmpty()
        || !AnnotationSupport.findRepeatableAnnotations(testClass, MainProcess.class).isEmpty()
        || !AnnotationSupport.findRepeatableAnnotations(testClass, CleanupProcess.class).isEmpty();
  }

  /**
   * The validated environment of {@code testClass}.
   *
   * @throws ExtensionConfigurationException naming the attribute and value that are wrong
   */
  static EnvironmentSpec read(
      Class<?> testClass, OvrseerEnvironment environment, Path crashReports) {
    if (environment.retries() < 0) {
      throw new ExtensionConfigurationException(
          "@OvrseerEnvironment(retries) [" + environment.retries() + "] must be 0 or more");
    }
    Duration retryDelay =
        Durations.parse(environment.retryDelay(), "@OvrseerEnvironment(retryDelay)", false);
    Duration cleanupTimeout =
        Durations.parse(environment.cleanupTimeout(), "@OvrseerEnvironment(cleanupTimeout)", true);
    List<ProcessDefinition> processes = new ArrayList<>();
    for (Dependency d : AnnotationSupport.findRepeatableAnnotations(testClass, Dependency.class)) {
      processes.add(
          definition(
              "@Dependency",
              ProcessType.DEPENDENCY,
              d.id(),
              d.command(),
              d.env(),
              d.workingDirectory(),
              d.stopTimeout(),
              d.ready(),
              d.flags()));
    }
    for (MainProcess m :
        AnnotationSupport.findRepeatableAnnotations(testClass, MainProcess.class)) {
      processes.add(
          definition(
              "@MainProcess",
              ProcessType.MAIN,
              m.id(),
              m.command(),
              m.env(),
              m.workingDirectory(),
              m.stopTimeout(),
              m.ready(),
              m.flags()));
    }
    for (CleanupProcess c :
        AnnotationSupport.findRepeatableAnnotations(testClass, CleanupProcess.class)) {
      processes.add(
          definition(
              "@CleanupProcess",
              ProcessType.CLEANUP,
              c.id(),
              c.command(),
              c.env(),
              c.workingDirectory(),
              c.stopTimeout(),
              null,
              c.flags()));
    }
    return new EnvironmentSpec(
            environment.retries(), retryDelay, cleanupTimeout, crashReports, processes)
        .validate();
  }

  private static ProcessDefinition definition(
      String annotation,
      ProcessType type,
      String id,
      String[] command,
      String[] env,
      String workingDirectory,
      String stopTimeout,
      Ready ready,
      LogFlag[] flags) {
    if (id.isBlank()) {
      throw new ExtensionConfigurationException(annotation + "(id) [" + id + "] must not be blank");
    }
    String label = annotation + "(id = \"" + id + "\")";
    if (command.length == 0 || command[0].isBlank()) {
      throw new ExtensionConfigurationException(
          label
              + " command "
              + Arrays.toString(command)
              + " must not be empty: name the program to run first");
    }
    for (String part : command) {
      Placeholders.check(part, label + " command");
    }
    for (String entry : env) {
      int eq = entry.indexOf('=');
      if (eq <= 0) {
        throw new ExtensionConfigurationException(label + " env [" + entry + "] must be KEY=VALUE");
      }
      Placeholders.check(entry, label + " env");
    }
    Placeholders.check(workingDirectory, label + " workingDirectory");
    Duration stop = Durations.parse(stopTimeout, label + " stopTimeout", false);
    DeclaredReady declaredReady =
        ready == null
            ? new DeclaredReady("", 1, false, Duration.ofSeconds(30), "", "", List.of())
            : ready(label, ready);
    List<DeclaredProcess.DeclaredFlag> declaredFlags = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (LogFlag flag : flags) {
      declaredFlags.add(flag(label, flag));
      if (!names.add(flag.name())) {
        throw new ExtensionConfigurationException(
            label
                + " @LogFlag(name) ["
                + flag.name()
                + "] is used twice; flag names must be unique per process");
      }
    }
    DeclaredProcess process =
        new DeclaredProcess(
            label,
            Arrays.asList(command),
            Arrays.asList(env),
            workingDirectory,
            stop,
            declaredReady,
            declaredFlags);
    return new ProcessDefinition(id, type, annotation + "(id)", label, process);
  }

  private static DeclaredReady ready(String label, Ready ready) {
    String where = label + " @Ready";
    Duration timeout = Durations.parse(ready.timeout(), where + "(timeout)", true);
    if (ready.times() < 1) {
      throw new ExtensionConfigurationException(
          where + "(times) [" + ready.times() + "] must be 1 or more");
    }
    if (!ready.log().isEmpty()) {
      Placeholders.check(ready.log(), where + "(log)");
      // A placeholder stands for a value such as a port; check the regex around it.
      regex(ready.log().replaceAll("\\$\\{[^}]*}", "x"), ready.log(), where + "(log)");
    }
    Placeholders.check(ready.tcpPort(), where + "(tcpPort)");
    if (!ready.tcpPort().isBlank() && !ready.tcpPort().contains("${")) {
      DeclaredReady.portNumber(ready.tcpPort().trim(), where + "(tcpPort)");
    }
    Placeholders.check(ready.http(), where + "(http)");
    if (ready.command().length > 0 && ready.command()[0].isBlank()) {
      throw new ExtensionConfigurationException(
          where
              + "(command) "
              + Arrays.toString(ready.command())
              + " must name the program to run first");
    }
    for (String part : ready.command()) {
      Placeholders.check(part, where + "(command)");
    }
    return new DeclaredReady(
        ready.log(),
        ready.times(),
        ready.passIfNotFound(),
        timeout,
        ready.tcpPort(),
        ready.http(),
        Arrays.asList(ready.command()));
  }

  private static DeclaredProcess.DeclaredFlag flag(String label, LogFlag flag) {
    String where = label + " @LogFlag(name = \"" + flag.name() + "\")";
    if (flag.name().isBlank()) {
      throw new ExtensionConfigurationException(
          label + " @LogFlag(name) [" + flag.name() + "] must not be blank");
    }
    regex(flag.pattern(), flag.pattern(), where + " pattern");
    if (flag.targetCount() < LogFlag.NO_TARGET) {
      throw new ExtensionConfigurationException(
          where + " targetCount [" + flag.targetCount() + "] must be 0 or more, or -1 for none");
    }
    if (flag.contextWindowSize() < 0) {
      throw new ExtensionConfigurationException(
          where + " contextWindowSize [" + flag.contextWindowSize() + "] must be 0 or more");
    }
    return new DeclaredProcess.DeclaredFlag(
        flag.name(), flag.pattern(), flag.color(), flag.targetCount(), flag.contextWindowSize());
  }

  private static void regex(String regex, String declared, String where) {
    try {
      Pattern.compile(regex);
    } catch (PatternSyntaxException e) {
      throw new ExtensionConfigurationException(
          where + " [" + declared + "] is not a valid regex: " + e.getDescription(), e);
    }
  }
}
