package io.ovrseer.services;

import io.ovrseer.internal.PrivateDirectories;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * A directory of one service instance in the runtime directory (data, config files): made before
 * the server starts, removed after it stopped unless it is kept.
 */
final class InstanceDirectory {
  private final String service;
  private final Path path;
  private final boolean keep;
  private final Optional<String> owner;

  /**
   * @param owner the OS user whose runtime directory {@code runtime} is and whose server fills it
   *     (empty: the JVM's own user)
   */
  InstanceDirectory(String service, Path runtime, int port, boolean keep, Optional<String> owner) {
    this.service = service;
    this.path =
        runtime.resolve(service.toLowerCase(Locale.ROOT) + "-" + port + "-" + UUID.randomUUID());
    this.keep = keep;
    this.owner = owner;
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

  /**
   * Removes it unless it is kept; as its owner when that is another user: what that user may change
   * at any moment (a directory swapped for a link) must not be walked by root.
   */
  void remove() {
    if (!keep) {
      discard();
    }
  }

  /**
   * Removes it even if it is kept: for one that was never filled completely (a copy that failed),
   * which a later start must not take for a whole one.
   */
  void discard() {
    try {
      CacheEntry.remove(path, owner, service + " instance directory removal");
    } catch (IOException e) {
      throw new UncheckedIOException(service + ": could not remove " + path, e);
    }
  }
}
