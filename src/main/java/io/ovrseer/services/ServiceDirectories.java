package io.ovrseer.services;

import io.ovrseer.internal.PrivateDirectories;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where services keep their files: the cache (unpacked binaries, PostgreSQL templates, Kafka
 * storage templates) and the runtime directory (each instance's data directory and config files),
 * for the user a server runs as. These are the per-user private directories of {@link
 * PrivateDirectories}: a server run as another user (only from a root JVM) gets that user's, which
 * it can read and write.
 */
final class ServiceDirectories {
  private ServiceDirectories() {}

  /** The cache directory of {@code user} (empty: the JVM's own user). */
  static Path cache(Optional<String> user) {
    return user.map(PrivateDirectories::cacheOf).orElseGet(PrivateDirectories::cache);
  }

  /** The runtime directory of {@code user} (empty: the JVM's own user). */
  static Path runtime(Optional<String> user) {
    return user.map(PrivateDirectories::runtimeOf).orElseGet(PrivateDirectories::runtime);
  }
}
