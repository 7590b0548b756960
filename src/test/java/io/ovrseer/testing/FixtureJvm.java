package io.ovrseer.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

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
   * java.io.tmpdir}: whatever it signals by mistake stays inside the namespace. Without the
   * performance data file, {@code /tmp/hsperfdata_<user>/<pid>}: the JVM's pid there is the same in
   * every namespace, and a JVM finding the file locked by another namespace's prints a warning to
   * its stdout, the output tests compare.
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
        "-XX:-UsePerfData",
        "-Djava.io.tmpdir=" + tmp,
        "-cp",
        projectClasses(),
        main.getName());
  }

  /**
   * Starts {@code builder} and returns what the process wrote to its stdout until it ended; a
   * process still there 60 s after closing its stdout is killed.
   */
  public static String outputOf(ProcessBuilder builder) throws IOException, InterruptedException {
    Process process = builder.start();
    try (InputStream in = process.getInputStream()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } finally {
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }
}
