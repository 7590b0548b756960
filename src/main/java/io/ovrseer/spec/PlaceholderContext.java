package io.ovrseer.spec;

import java.nio.file.Path;
import java.util.Objects;
import java.util.function.UnaryOperator;

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
   * JVM's class path.
   */
  public static PlaceholderContext forThisJvm(String classpath) {
    return new PlaceholderContext(
        javaBinary(),
        classpath == null ? System.getProperty("java.class.path") : classpath,
        System::getenv,
        System::getProperty);
  }

  private static String javaBinary() {
    return ProcessHandle.current()
        .info()
        .command()
        .orElseGet(() -> Path.of(System.getProperty("java.home"), "bin", "java").toString());
  }
}
