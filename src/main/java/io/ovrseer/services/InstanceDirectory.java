package io.ovrseer.services;

import io.ovrseer.internal.OrphanGuard;
import io.ovrseer.internal.PrivateDirectories;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A directory of one service instance in the runtime directory (data, config files): made before
 * the server starts, removed after it stopped unless it is kept.
 *
 * <p>A JVM that dies without stopping its services (SIGKILL, {@code Runtime.halt}) leaves their
 * directories behind: its orphan watchdog ends the servers but knows nothing of their files. So a
 * directory that is not kept is named {@code <service>-<port>-<jvm pid>-<jvm start>-<uuid>}, and
 * the first instance built in a runtime directory by a later JVM removes those of JVMs that are no
 * longer alive (pid and start time, as the orphan guard tells them), as their owner. A kept one
 * ({@code <service>-<port>-<uuid>}) is never removed.
 */
final class InstanceDirectory {
  /**
   * The name of a directory that is not kept; groups: the pid and start of the JVM that made it.
   */
  private static final Pattern NOT_KEPT =
      Pattern.compile("[a-z]+-[0-9]{1,5}-([0-9]{1,18})-([0-9]{1,18})-[0-9a-f-]{36}");

  /** This JVM as {@code <pid>-<start millis>}; empty where its start cannot be told. */
  private static final Optional<String> THIS_JVM = thisJvm();

  /** Runtime directories already swept by this JVM. */
  private static final Set<Path> SWEPT = ConcurrentHashMap.newKeySet();

  private final String service;
  private final Path path;
  private final boolean keep;
  private final Optional<String> owner;

  /**
   * Names the directory and, the first time for {@code runtime} in this JVM, removes the instance
   * directories that dead JVMs left in it.
   *
   * @param owner the OS user whose runtime directory {@code runtime} is and whose server fills it
   *     (empty: the JVM's own user)
   */
  InstanceDirectory(String service, Path runtime, int port, boolean keep, Optional<String> owner) {
    this.service = service;
    String jvm = keep ? "" : THIS_JVM.map(id -> id + "-").orElse("");
    this.path =
        runtime.resolve(
            service.toLowerCase(Locale.ROOT) + "-" + port + "-" + jvm + UUID.randomUUID());
    this.keep = keep;
    this.owner = owner;
    if (THIS_JVM.isPresent() && SWEPT.add(runtime)) {
      removeLeftByDeadJvms(runtime, owner);
    }
  }

  /**
   * Removes the directories in {@code runtime} that are not kept and whose JVM is gone, as {@code
   * owner}; a failure is a warning, since it only costs disk space.
   */
  static void removeLeftByDeadJvms(Path runtime, Optional<String> owner) {
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(runtime)) {
      for (Path entry : entries) {
        Matcher name = NOT_KEPT.matcher(entry.getFileName().toString());
        if (name.matches()
            && !OrphanGuard.jvmAlive(
                Long.parseLong(name.group(1)), Long.parseLong(name.group(2)))) {
          try {
            CacheEntry.remove(entry, owner, "removal of " + entry + ", left by a JVM that died");
          } catch (IOException | RuntimeException e) {
            // Another JVM sweeping at the same time may have removed part of it first.
            if (Files.exists(entry, LinkOption.NOFOLLOW_LINKS)) {
              System.err.println("ovrseer: could not remove " + entry + ": " + e);
            }
          }
        }
      }
    } catch (IOException e) {
      System.err.println(
          "ovrseer: could not look for instance directories in " + runtime + ": " + e);
    }
  }

  private static Optional<String> thisJvm() {
    ProcessHandle self = ProcessHandle.current();
    long start = OrphanGuard.startOf(self);
    // Without a start time no JVM could be told alive: nothing is named for removal then.
    return start > 0 ? Optional.of(self.pid() + "-" + start) : Optional.empty();
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
