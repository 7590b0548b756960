package com.example.notes;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Enables a test class when the native servers it starts are installed: {@code redis-server} on the
 * {@code PATH}, and {@code initdb} and {@code postgres} on the {@code PATH} or in Debian's {@code
 * /usr/lib/postgresql/<version>/bin}, whose directory it publishes as system property {@value
 * #POSTGRES_BIN} for the declarations. PostgreSQL runs as the {@code postgres} user (it refuses to
 * run as root), which needs that user, {@code setpriv} and a JVM running as root (or as {@code
 * postgres}). JUnit evaluates this before the class's extensions start anything, so a skipped class
 * starts no process.
 */
final class NativeServersCondition implements ExecutionCondition {
  /** The system property naming the directory of {@code initdb} and {@code postgres}. */
  static final String POSTGRES_BIN = "postgres.bin";

  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    List<String> missing = new ArrayList<>();
    if (onPath("redis-server").isEmpty()) {
      missing.add("redis-server (apt-get install redis-server)");
    }
    for (String tool : List.of("initdb", "postgres")) {
      Optional<Path> binary = postgresBinary(tool);
      if (binary.isEmpty()) {
        missing.add(tool + " (apt-get install postgresql)");
      } else if (System.getProperty(POSTGRES_BIN) == null) {
        System.setProperty(POSTGRES_BIN, binary.get().getParent().toString());
      }
    }
    if (!postgresUserExists()) {
      missing.add("user 'postgres', to run PostgreSQL as");
    } else if (!isRoot() && !"postgres".equals(System.getProperty("user.name"))) {
      missing.add("a JVM running as root, to run PostgreSQL as the postgres user");
    } else if (onPath("setpriv").isEmpty()) {
      missing.add("setpriv (util-linux), to run PostgreSQL as the postgres user");
    }
    if (missing.isEmpty()) {
      return ConditionEvaluationResult.enabled("redis-server and PostgreSQL are installed");
    }
    String reason = "native servers not installed, missing: " + missing;
    // Build tools show skipped tests as a bare count: say why on the console as well.
    System.out.println("SKIPPED " + context.getDisplayName() + ": " + reason);
    return ConditionEvaluationResult.disabled(reason);
  }

  /** {@code tool} on the PATH, else in the newest {@code /usr/lib/postgresql/<version>/bin}. */
  private static Optional<Path> postgresBinary(String tool) {
    return onPath(tool).or(() -> debianPostgresBinary(tool));
  }

  private static Optional<Path> debianPostgresBinary(String tool) {
    Path root = Path.of("/usr/lib/postgresql");
    if (!Files.isDirectory(root)) {
      return Optional.empty();
    }
    try (Stream<Path> versions = Files.list(root)) {
      return versions
          .sorted(Comparator.comparing(NativeServersCondition::versionNumber).reversed())
          .map(version -> version.resolve("bin").resolve(tool))
          .filter(Files::isExecutable)
          .findFirst();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static int versionNumber(Path versionDir) {
    try {
      return Integer.parseInt(versionDir.getFileName().toString());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static Optional<Path> onPath(String tool) {
    String path = System.getenv().getOrDefault("PATH", "");
    return Stream.of(path.split(File.pathSeparator))
        .filter(dir -> !dir.isEmpty())
        .map(dir -> Path.of(dir, tool))
        .filter(Files::isExecutable)
        .findFirst();
  }

  private static boolean isRoot() {
    try {
      // /proc/self belongs to the user this JVM runs as.
      return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
    } catch (IOException | UnsupportedOperationException e) {
      return "root".equals(System.getProperty("user.name"));
    }
  }

  private static boolean postgresUserExists() {
    try (Stream<String> users = Files.lines(Path.of("/etc/passwd"))) {
      return users.anyMatch(line -> line.startsWith("postgres:"));
    } catch (IOException e) {
      return false;
    }
  }
}
