package io.ovrseer.services;

import io.ovrseer.internal.OrphanGuard;
import io.ovrseer.internal.PrivateDirectories;
import io.ovrseer.internal.PrivateFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A directory in the cache that is filled once (binaries unpacked, a template created) and then
 * only read, safe when several threads and JVMs ask for it at once.
 *
 * <p>The work runs under an exclusive file lock ({@code <dir>.lock} beside the directory, see
 * {@link #lockFile}) and is marked complete by a file ({@value #MARKER}) written last. A directory
 * without the marker is half-written (a JVM died while filling it): it is removed and filled again.
 * A fill that fails is removed at once: the same key may never be asked for again (an init script
 * fixed since).
 *
 * <p>In the cache of another user (a root JVM preparing a server run as that user), the directory
 * is created, a half-written one removed and the marker written by that user ({@code mkdir}, {@code
 * rm}, {@code touch} run as that user), not by root: the user owns the cache and may swap any entry
 * in it for a symbolic or hard link at any moment, which would lead root's deletions, writes or
 * changes of owner outside it. The filler gets a directory of that user's and writes in it as that
 * user. Its lock file is not beside it but in root's own cache (see {@link #lockFile}).
 */
final class CacheEntry {
  /** The file written into a directory once it is complete. */
  static final String MARKER = ".ovrseer-complete";

  /** In-JVM guards: a JVM cannot take the same file lock twice. */
  private static final Map<Path, Object> GUARDS = new ConcurrentHashMap<>();

  private CacheEntry() {}

  /** Fills a cache directory; gets the directory, which exists and is empty. */
  @FunctionalInterface
  interface Filler {
    void fill(Path dir) throws IOException;
  }

  /** How long removing a directory or writing a marker as another user may take. */
  private static final Duration AS_OWNER_TIMEOUT = Duration.ofMinutes(1);

  /**
   * The complete directory {@code dir}, filled by {@code filler} if no one did before.
   *
   * @param owner the user whose cache {@code dir} is in, if another than the JVM's
   * @return whether this call filled it
   */
  static boolean ensure(Path dir, Optional<String> owner, Filler filler) {
    if (isComplete(dir)) {
      return false;
    }
    Path normalized = dir.toAbsolutePath().normalize();
    synchronized (GUARDS.computeIfAbsent(normalized, d -> new Object())) {
      Path lockFile = lockFile(normalized, owner);
      try (FileChannel channel =
              PrivateFiles.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
          FileLock lock = channel.lock()) {
        if (isComplete(normalized)) {
          return false;
        }
        if (Files.exists(normalized, LinkOption.NOFOLLOW_LINKS)) {
          // Left by a JVM that died filling it: what it ran there (initdb) must not write on.
          OrphanGuard.sweepDeadJvms();
          remove(normalized, owner, "half-written cache directory removal");
        }
        // One new directory, mode 0700: nothing planted in its place is taken for it. In another
        // user's cache that user makes it: root's would have to be handed over, and the user could
        // swap it for a hard link to a file of root's first, which the handing over would give
        // away.
        if (owner.isPresent()) {
          SetupCommand.run(
              "cache directory creation",
              RunAs.commandLine(owner, "mkdir", List.of("-m", "0700", "--", normalized.toString())),
              AS_OWNER_TIMEOUT);
        } else {
          PrivateDirectories.createNew(normalized);
        }
        try {
          filler.fill(normalized);
        } catch (IOException | RuntimeException e) {
          // Not left for a later fill of the same key, which may never come (a script fixed since).
          try {
            remove(normalized, owner, "removal of a cache directory that could not be filled");
          } catch (IOException | RuntimeException second) {
            e.addSuppressed(second);
          }
          throw e;
        }
        Path marker = normalized.resolve(MARKER);
        if (owner.isPresent()) {
          SetupCommand.run(
              "cache directory marker",
              RunAs.commandLine(owner, "touch", List.of("--", marker.toString())),
              AS_OWNER_TIMEOUT);
        } else {
          Files.writeString(
              marker,
              "complete\n",
              StandardOpenOption.CREATE_NEW,
              StandardOpenOption.WRITE,
              LinkOption.NOFOLLOW_LINKS);
        }
        return true;
      } catch (IOException e) {
        throw new UncheckedIOException("could not fill cache directory [" + normalized + "]", e);
      }
    }
  }

  /**
   * The lock file of {@code entry}: {@code <entry>.lock} beside it; for an entry in another user's
   * cache, one in this JVM's own private cache named after the entry's path, since that user could
   * put a FIFO beside the entry (whose open for writing waits for a reader for ever) or a hard link
   * to a file of root's (which root would then lock).
   */
  static Path lockFile(Path entry, Optional<String> owner) {
    if (owner.isEmpty()) {
      return entry.resolveSibling(entry.getFileName() + ".lock");
    }
    Path locks = PrivateDirectories.subdirectory(PrivateDirectories.cache(), "locks");
    return locks.resolve(
        UUID.nameUUIDFromBytes(entry.toString().getBytes(StandardCharsets.UTF_8)) + ".lock");
  }

  /** Whether {@code dir} was filled completely. */
  static boolean isComplete(Path dir) {
    return Files.isRegularFile(dir.resolve(MARKER), LinkOption.NOFOLLOW_LINKS);
  }

  /**
   * Removes {@code dir} and everything below it, absent is fine: as {@code owner} if present (with
   * {@code rm -rf}, {@code what} naming it in the error), else in this JVM without following
   * symbolic links.
   *
   * @throws IllegalStateException if {@code rm} run as {@code owner} fails
   */
  static void remove(Path dir, Optional<String> owner, String what) throws IOException {
    if (owner.isPresent()) {
      SetupCommand.run(
          what,
          RunAs.commandLine(owner, "rm", List.of("-rf", "--", dir.toString())),
          AS_OWNER_TIMEOUT);
    } else {
      deleteRecursively(dir);
    }
  }

  /** Removes {@code dir} and everything below it, not following symbolic links; absent is fine. */
  static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    Files.walkFileTree(
        dir,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            Files.delete(file);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
            if (e != null) {
              throw e;
            }
            Files.delete(d);
            return FileVisitResult.CONTINUE;
          }
        });
  }
}
