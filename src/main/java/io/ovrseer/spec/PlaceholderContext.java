package io.ovrseer.spec;

import java.io.File;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * What the placeholders that do not depend on the environment stand for: {@code ${java}}, {@code
 * ${classpath}}, {@code ${env:VAR}} and {@code ${sys:prop}}.
 *
 * @param java this JVM's java binary
 * @param classpath what {@code ${classpath}} stands for
 * @param env environment variables (null: not set)
 * @param sys system properties (null: not set)
 */
public record PlaceholderContext(
    String java, String classpath, UnaryOperator<String> env, UnaryOperator<String> sys) {
  public PlaceholderContext {
    Objects.requireNonNull(java, "java");
    Objects.requireNonNull(classpath, "classpath");
    Objects.requireNonNull(env, "env");
    Objects.requireNonNull(sys, "sys");
  }

  /**
   * This JVM's binary, environment and system properties; {@code classpath} null stands for this
   * JVM's class path. Each entry of the class path is made absolute against this JVM's working
   * directory, so that {@code ${classpath}} names the same files in a process with a {@code
   * workingDirectory} of its own ({@code java -jar target/ovrseer-cli.jar} has a relative one).
   */
  public static PlaceholderContext forThisJvm(String classpath) {
    return new PlaceholderContext(
        javaBinary(),
        absolute(classpath == null ? System.getProperty("java.class.path") : classpath),
        System::getenv,
        System::getProperty);
  }

  /**
   * This context, but {@code ${sys:...}} reads {@code first} before this context's system
   * properties: how the JUnit extension, and the Spring integration with it, resolve the
   * declaration of a {@code @Nested} class against the properties its enclosing environments
   * publish.
   *
   * @param first values that win over this context's system properties; empty gives this context
   */
  public PlaceholderContext withSysFirst(Map<String, String> first) {
    if (first.isEmpty()) {
      return this;
    }
    Map<String, String> copy = Map.copyOf(first);
    return new PlaceholderContext(
        java, classpath, env, key -> copy.containsKey(key) ? copy.get(key) : sys.apply(key));
  }

  private static String absolute(String classpath) {
    // java.io.File, not Path: an entry such as lib/* is no valid Path on Windows.
    return Arrays.stream(classpath.split(File.pathSeparator, -1))
        .map(entry -> entry.isEmpty() ? entry : new File(entry).getAbsolutePath())
        .collect(Collectors.joining(File.pathSeparator));
  }

  private static String javaBinary() {
    return ProcessHandle.current()
        .info()
        .command()
        .orElseGet(() -> Path.of(System.getProperty("java.home"), "bin", "java").toString());
  }
}
