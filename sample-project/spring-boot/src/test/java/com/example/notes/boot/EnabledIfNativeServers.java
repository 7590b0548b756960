package com.example.notes.boot;

import java.io.File;
import java.io.IOException;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs the annotated class only when {@code redis-server} is on the {@code PATH} and PostgreSQL's
 * {@code initdb} and {@code postgres} are on the {@code PATH} or in Debian's {@code
 * /usr/lib/postgresql/<version>/bin}; their directory is published as system property {@code
 * postgres.bin} for the declarations. Otherwise the class is skipped, saying what is missing.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(EnabledIfNativeServers.Condition.class)
@interface EnabledIfNativeServers {

  /** Evaluated before the class's extensions start anything, so a skipped class starts nothing. */
  final class Condition implements ExecutionCondition {
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
      Optional<Path> initdb = onPath("initdb").or(() -> inDebianPostgres("initdb"));
      if (onPath("redis-server").isEmpty() || initdb.isEmpty()) {
        String reason = "needs redis-server and PostgreSQL (apt-get install redis-server postgresql)";
        System.out.println("SKIPPED " + context.getDisplayName() + ": " + reason);
        return ConditionEvaluationResult.disabled(reason);
      }
      System.setProperty("postgres.bin", initdb.get().getParent().toString());
      return ConditionEvaluationResult.enabled("redis-server and PostgreSQL are installed");
    }

    private static Optional<Path> onPath(String tool) {
      return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
          .filter(dir -> !dir.isEmpty())
          .map(dir -> Path.of(dir, tool))
          .filter(Files::isExecutable)
          .findFirst();
    }

    private static Optional<Path> inDebianPostgres(String tool) {
      Path root = Path.of("/usr/lib/postgresql");
      if (!Files.isDirectory(root)) {
        return Optional.empty();
      }
      try (Stream<Path> versions = Files.list(root)) {
        return versions
            .map(version -> version.resolve("bin").resolve(tool))
            .filter(Files::isExecutable)
            .max(Comparator.comparing(bin -> version(bin.getParent().getParent())));
      } catch (IOException e) {
        return Optional.empty();
      }
    }

    private static int version(Path versionDir) {
      try {
        return Integer.parseInt(versionDir.getFileName().toString());
      } catch (NumberFormatException e) {
        return -1;
      }
    }
  }
}
