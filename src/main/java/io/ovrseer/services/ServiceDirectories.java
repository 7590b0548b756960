package io.ovrseer.services;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.Optional;

/**
 * Where services keep their files: the cache (unpacked binaries, PostgreSQL templates, Kafka
 * storage templates) and the runtime directory (each environment's data directories and config
 * files), for the user a service runs as.
 *
 * <p>This is the one place that decides these locations. The user's own directories are the
 * per-user private directories of docs/reliability.md; another user's (only as root) are private
 * directories owned by that user, so that a server running as that user can read and write them.
 */
final class ServiceDirectories {
  private ServiceDirectories() {}

  /** The cache directory of {@code user} (empty: the JVM's own user), created if needed. */
  static Path cache(Optional<String> user) {
    return user.map(u -> ofUser(u, "cache")).orElseGet(() -> own(cacheBase()));
  }

  /** The runtime directory of {@code user} (empty: the JVM's own user), created if needed. */
  static Path runtime(Optional<String> user) {
    return user.map(u -> ofUser(u, "runtime")).orElseGet(() -> own(runtimeBase()));
  }

  private static Path cacheBase() {
    String xdg = System.getenv("XDG_CACHE_HOME");
    if (xdg != null && !xdg.isBlank()) {
      return Path.of(xdg, "ovrseer");
    }
    return Path.of(System.getProperty("user.home"), ".cache", "ovrseer");
  }

  private static Path runtimeBase() {
    String xdg = System.getenv("XDG_RUNTIME_DIR");
    if (xdg != null && !xdg.isBlank()) {
      return Path.of(xdg, "ovrseer");
    }
    return Path.of(
        System.getProperty("java.io.tmpdir"),
        "ovrseer-" + System.getProperty("user.name"),
        "runtime");
  }

  private static Path own(Path dir) {
    return privateDirectory(dir, Optional.empty());
  }

  private static Path ofUser(String user, String kind) {
    Path base = Path.of(System.getProperty("java.io.tmpdir"), "ovrseer-user-" + user);
    privateDirectory(base, Optional.of(user));
    return privateDirectory(base.resolve(kind), Optional.of(user));
  }

  /** {@code dir}, created with mode 0700 (parents as needed), owned by {@code user} if given. */
  private static Path privateDirectory(Path dir, Optional<String> user) {
    try {
      if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
        Files.createDirectories(dir);
      }
      if (Files.isSymbolicLink(dir)) {
        throw new IllegalStateException("service directory [" + dir + "] is a symbolic link");
      }
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
      if (user.isPresent()) {
        UserPrincipal owner =
            dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(user.get());
        Files.setOwner(dir, owner);
      }
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException("could not prepare service directory [" + dir + "]", e);
    }
  }
}
