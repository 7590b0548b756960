package io.ovrseer.services;

import io.ovrseer.internal.PrivateDirectories;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.UUID;

/**
 * A directory of one service instance in the runtime directory (data, config files): made before
 * the server starts, removed after it stopped unless it is kept.
 */
final class InstanceDirectory {
  private final String service;
  private final Path path;
  private final boolean keep;

  InstanceDirectory(String service, Path runtime, int port, boolean keep) {
    this.service = service;
    this.path =
        runtime.resolve(service.toLowerCase(Locale.ROOT) + "-" + port + "-" + UUID.randomUUID());
    this.keep = keep;
  }

  /** The directory (it may not exist yet). */
  Path path() {
    return path;
  }

  /** Whether it exists. */
  boolean exists() {
    return Files.isDirectory(path);
  }

  /** Creates it (empty, mode 0700) if it does not exist; the runtime directory must exist. */
  void create() {
    try {
      if (!exists()) {
        PrivateDirectories.createNew(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(service + ": could not create " + path, e);
    }
  }

  /** Removes it unless it is kept. */
  void remove() {
    if (keep) {
      return;
    }
    try {
      CacheEntry.deleteRecursively(path);
    } catch (IOException e) {
      throw new UncheckedIOException(service + ": could not remove " + path, e);
    }
  }
}
