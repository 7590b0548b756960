package io.ovrseer.services;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A directory in the cache that is filled once (binaries unpacked, a template created) and then
 * only read, safe when several threads and JVMs ask for it at once.
 *
 * <p>The work runs under an exclusive file lock ({@code <dir>.lock} beside the directory) and is
 * marked complete by a file ({@value #MARKER}) written last. A directory without the marker is
 * half-written (a JVM died while filling it): it is removed and filled again.
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

  /**
   * The complete directory {@code dir}, filled by {@code filler} if no one did before.
   *
   * @return whether this call filled it
   */
  static boolean ensure(Path dir, Filler filler) {
    if (isComplete(dir)) {
      return false;
    }
    Path normalized = dir.toAbsolutePath().normalize();
    synchronized (GUARDS.computeIfAbsent(normalized, d -> new Object())) {
      Path lockFile = normalized.resolveSibling(normalized.getFileName() + ".lock");
      try (FileChannel channel =
              FileChannel.open(
                  lockFile,
                  StandardOpenOption.CREATE,
                  StandardOpenOption.WRITE,
                  LinkOption.NOFOLLOW_LINKS);
          FileLock lock = channel.lock()) {
        if (isComplete(normalized)) {
          return false;
        }
        deleteRecursively(normalized);
        Files.createDirectories(normalized);
        filler.fill(normalized);
        Files.writeString(
            normalized.resolve(MARKER),
            "complete\n",
            StandardOpenOption.CREATE_NEW,
            StandardOpenOption.WRITE,
            LinkOption.NOFOLLOW_LINKS);
        return true;
      } catch (IOException e) {
        throw new UncheckedIOException("could not fill cache directory [" + normalized + "]", e);
      }
    }
  }

  /** Whether {@code dir} was filled completely. */
  static boolean isComplete(Path dir) {
    return Files.isRegularFile(dir.resolve(MARKER), LinkOption.NOFOLLOW_LINKS);
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
