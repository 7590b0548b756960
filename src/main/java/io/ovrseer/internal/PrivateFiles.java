package io.ovrseer.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes private files (mode 0600 where the file system has POSIX permissions) so that a reader
 * sees either no file or the whole content: the content goes to a temporary file in the same
 * directory ({@code .<name>.<random>.tmp}, see {@link #createNew}), which is then renamed over the
 * target with {@link StandardCopyOption#ATOMIC_MOVE}. A failed write (a full disk) removes the
 * temporary file and leaves the target as it was.
 *
 * <p>The content is not forced to the disk: a JVM that dies or a write that fails never leaves a
 * partial file, but after a power loss a file may come back empty or missing, so readers must treat
 * a file they cannot parse as absent. The directory should be a private one (see {@link
 * PrivateDirectories}); the target is never followed if it is a symbolic link (the rename replaces
 * the link itself).
 */
public final class PrivateFiles {

  private PrivateFiles() {}

  /** Writes {@code content} to {@code file}, replacing it atomically if it exists. */
  public static void write(Path file, byte[] content) throws IOException {
    write(file, content, false);
  }

  /**
   * Writes {@code content} to the new file {@code file}. The name is taken with a hard link to the
   * written temporary file, which fails if anything is there, so of two writers racing for one name
   * exactly one succeeds. Where the file system has no hard links it is a check, then a rename: two
   * writers in the same instant may then both succeed, the later replacing the earlier.
   *
   * @throws FileAlreadyExistsException if {@code file} exists (also as a symbolic link)
   */
  public static void writeNew(Path file, byte[] content) throws IOException {
    write(file, content, true);
  }

  /**
   * Creates the new empty file {@code <prefix><random><suffix>} in {@code dir}, mode 0600 where the
   * file system has POSIX permissions, never through a symbolic link (it is created exclusively).
   * Unlike {@link Files#createTempFile}, the name does not come from a {@code SecureRandom}, whose
   * first use in a JVM costs tens of milliseconds: the name need not be secret, since a name taken
   * (also by a planted link) only makes this try another.
   *
   * @throws IOException if no name was free after many tries, or the file cannot be created
   */
  public static Path createNew(Path dir, String prefix, String suffix) throws IOException {
    FileAlreadyExistsException taken = null;
    for (int attempt = 0; attempt < 100; attempt++) {
      Path file =
          dir.resolve(
              prefix
                  + Long.toString(ThreadLocalRandom.current().nextLong(Long.MAX_VALUE), 36)
                  + suffix);
      try {
        return Files.createFile(file, PrivateDirectories.modeOnCreate("rw-------"));
      } catch (FileAlreadyExistsException e) {
        taken = e;
      }
    }
    throw new IOException(
        "no free name for a new file " + prefix + "*" + suffix + " in " + dir, taken);
  }

  /**
   * Opens {@code file} with {@code options} and {@link LinkOption#NOFOLLOW_LINKS}, so that a
   * symbolic link in its place makes the open fail; a file it creates gets mode 0600 where the file
   * system has POSIX permissions. For files written in place, such as an append-only journal.
   */
  public static FileChannel open(Path file, OpenOption... options) throws IOException {
    Set<OpenOption> all = new HashSet<>(List.of(options));
    all.add(LinkOption.NOFOLLOW_LINKS);
    return FileChannel.open(file, all, PrivateDirectories.modeOnCreate("rw-------"));
  }

  /**
   * Writes {@code content} to a new 0600 temporary file next to {@code file} and renames it to
   * {@code file}; on any failure the temporary file is deleted (a second failure is added to the
   * first).
   */
  private static void write(Path file, byte[] content, boolean onlyNew) throws IOException {
    Path temporary =
        createNew(file.toAbsolutePath().getParent(), "." + file.getFileName() + ".", ".tmp");
    try {
      Files.write(temporary, content);
      if (onlyNew && linked(file, temporary)) {
        Files.delete(temporary);
        return;
      }
      if (onlyNew && Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
        throw new FileAlreadyExistsException(file.toString());
      }
      Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException | RuntimeException e) {
      try {
        Files.deleteIfExists(temporary);
      } catch (IOException second) {
        e.addSuppressed(second);
      }
      throw e;
    }
  }

  /**
   * Whether {@code file} could be made a hard link to {@code existing}; false where the file system
   * has none.
   *
   * @throws FileAlreadyExistsException if anything is at {@code file}
   */
  private static boolean linked(Path file, Path existing) throws IOException {
    try {
      Files.createLink(file, existing);
      return true;
    } catch (FileAlreadyExistsException taken) {
      throw taken;
    } catch (UnsupportedOperationException | FileSystemException noHardLinks) {
      return false;
    }
  }
}
