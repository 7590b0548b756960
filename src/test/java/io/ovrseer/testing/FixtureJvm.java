package io.ovrseer.testing;

import java.nio.file.Path;
import java.util.Arrays;

/** Commands that run a fixture {@code main} of this project in a JVM of its own. */
public final class FixtureJvm {
  private FixtureJvm() {}

  /** This JVM's {@code java} program. */
  public static String java() {
    return ProcessHandle.current().info().command().orElseThrow();
  }

  /**
   * The project's own class directories only ({@code target/classes}, {@code target/test-classes}):
   * readable by another user, unlike the local Maven repository.
   */
  public static String projectClasses() {
    return String.join(
        ":",
        Arrays.stream(System.getProperty("java.class.path").split(":"))
            .filter(entry -> entry.endsWith("classes"))
            .toList());
  }

  /**
   * {@code main} in a new PID namespace (its own {@code /proc}), with {@code tmp} as its {@code
   * java.io.tmpdir}: whatever it signals by mistake stays inside the namespace.
   */
  public static ProcessBuilder inPidNamespace(Path tmp, Class<?> main) {
    return new ProcessBuilder(
        "unshare",
        "--pid",
        "--fork",
        "--mount-proc",
        "sh",
        "-c",
        "\"$@\"",
        "init",
        java(),
        "-Djava.io.tmpdir=" + tmp,
        "-cp",
        projectClasses(),
        main.getName());
  }
}
