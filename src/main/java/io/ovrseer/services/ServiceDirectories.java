package io.ovrseer.services;

import io.ovrseer.internal.PrivateDirectories;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipal;
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

  /**
   * Hands {@code dir}, which this JVM just created in {@code user}'s directories, to {@code user}
   * (no-op when empty), so that the process run as that user writes its content itself.
   */
  static void handOver(Path dir, Optional<String> user) {
    if (user.isEmpty()) {
      return;
    }
    try {
      UserPrincipal owner =
          dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(user.get());
      Files.getFileAttributeView(dir, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
          .setOwner(owner);
    } catch (IOException e) {
      throw new UncheckedIOException("could not hand " + dir + " to user " + user.get(), e);
    }
  }

  /** The runtime directory of {@code user} (empty: the JVM's own user). */
  static Path runtime(Optional<String> user) {
    return user.map(PrivateDirectories::runtimeOf).orElseGet(PrivateDirectories::runtime);
  }
}
