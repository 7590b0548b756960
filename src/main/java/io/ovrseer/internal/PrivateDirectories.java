package io.ovrseer.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The per-user private directories where Ovrseer keeps its own state: the runtime directory (orphan
 * registry, crash reports when there is no {@code target/}) and the cache directory (unpacked
 * service binaries).
 *
 * <p>Where they are, first match wins:
 *
 * <ul>
 *   <li>{@link #runtime()}: {@code $XDG_RUNTIME_DIR/ovrseer} when {@code XDG_RUNTIME_DIR} is set to
 *       an absolute path that itself passes the checks below, else {@code
 *       <java.io.tmpdir>/ovrseer-<uid>}.
 *   <li>{@link #cache()}: {@code $XDG_CACHE_HOME/ovrseer} when {@code XDG_CACHE_HOME} is set to an
 *       absolute path, else {@code ~/.cache/ovrseer} when the home directory exists, else {@code
 *       <java.io.tmpdir>/ovrseer-<uid>/cache}. The base ({@code $XDG_CACHE_HOME} or {@code
 *       ~/.cache}) is created (mode 0700) when missing; when present it must be a real directory
 *       (not a symbolic link) owned by the current user, its mode is its owner's business.
 * </ul>
 *
 * <p>The checks: every directory that Ovrseer creates is created with mode 0700 (no chmod
 * afterwards, unless a umask took the owner's own bits) and only one path component at a time, and
 * every directory it uses is looked at without following symbolic links: it must be a real
 * directory, owned by the expected user (compared by uid through the {@code unix:uid} attribute;
 * where the file system has no {@code unix} view, as on Windows, by owner principal), and where the
 * file system has POSIX permissions, with mode exactly 0700. A directory that fails (another user
 * created it first, it is a symbolic link, its mode lets others in) is not used and nothing in it
 * or behind it is touched: a {@link System.Logger.Level#WARNING warning} names it and why, and a
 * fresh private directory ({@code <java.io.tmpdir>/ovrseer-<uid>-<random>}, made with {@link
 * Files#createTempDirectory}) is used instead, so that the run still works. Parents that Ovrseer
 * does not create ({@code /tmp}, {@code /run/user/<uid>}, the home directory) are not checked
 * beyond what is said above.
 *
 * <p>The uid is the one the file system gives the files this JVM creates (read from a probe file in
 * {@code java.io.tmpdir}; where none can be created there, in {@code XDG_RUNTIME_DIR}, {@code
 * XDG_CACHE_HOME} or the home directory), so it is the effective user, whatever {@code user.name}
 * says.
 *
 * <p><b>Other users.</b> Files of a process run as OS user {@code U} (see the {@code user} option
 * of a process) live in {@code U}'s private directories, {@link #runtimeOf(String)} and {@link
 * #cacheOf(String)}: {@code <java.io.tmpdir>/ovrseer-<uid of U>}, created by this JVM and handed to
 * {@code U} (owner and group), and its {@code cache} subdirectory, which {@code U} creates (mkdir
 * through util-linux {@code setpriv}: {@code U} could swap one of root's for a symbolic link before
 * root set its mode and owner); both are then checked like above against {@code U}'s uid. That
 * needs a JVM running as root; {@code U}'s uid and group come from {@code getent passwd U}. Root
 * should do no more than necessary inside such a directory afterwards: {@code U} owns it and may
 * change it at any moment, so the process run as {@code U} should write there itself.
 *
 * <p>Each directory is resolved once per JVM (the first call creates and checks it; a warning is
 * logged once) and the result is remembered. Thread-safe. Files inside go through {@link
 * PrivateFiles}.
 */
public final class PrivateDirectories {

  private static final Set<PosixFilePermission> OWNER_ONLY =
      PosixFilePermissions.fromString("rwx------");

  /** The directories of this JVM's user, from its environment and system properties. */
  private static final Resolver DEFAULT =
      new Resolver(
          System.getenv("XDG_RUNTIME_DIR"),
          System.getenv("XDG_CACHE_HOME"),
          System.getProperty("user.home"),
          Path.of(System.getProperty("java.io.tmpdir")));

  private PrivateDirectories() {}

  /**
   * The runtime directory of the current user, found, created and checked as described above.
   *
   * @throws UncheckedIOException if not even a fresh private directory can be created
   */
  public static Path runtime() {
    return DEFAULT.runtime();
  }

  /**
   * The cache directory of the current user, found, created and checked as described above.
   *
   * @throws UncheckedIOException if not even a fresh private directory can be created
   */
  public static Path cache() {
    return DEFAULT.cache();
  }

  /**
   * The runtime directory for files of a process run as OS user {@code user}: {@code
   * <java.io.tmpdir>/ovrseer-<uid of user>}, owned by {@code user} and its group, mode 0700. For
   * the current user this is {@link #runtime()}.
   *
   * @throws IllegalStateException if {@code user} is another user and the JVM does not run as root
   * @throws IllegalArgumentException if there is no such user
   * @throws UncheckedIOException if not even a fresh private directory can be created
   */
  public static Path runtimeOf(String user) {
    return DEFAULT.runtimeOf(user);
  }

  /**
   * The cache directory for files of a process run as OS user {@code user}: the {@code cache}
   * subdirectory of {@link #runtimeOf(String)}, owned by {@code user} and its group, mode 0700. For
   * the current user this is {@link #cache()}.
   *
   * @throws IllegalStateException if {@code user} is another user and the JVM does not run as root
   * @throws IllegalArgumentException if there is no such user
   * @throws UncheckedIOException if not even a fresh private directory can be created
   */
  public static Path cacheOf(String user) {
    return DEFAULT.cacheOf(user);
  }

  /**
   * The private subdirectory {@code name} of the private directory {@code parent} (one returned by
   * this class), owned by the current user: created with mode 0700 when missing, checked like the
   * others, or replaced by a fresh private directory with a warning (once per JVM: later calls get
   * that same directory).
   *
   * @throws UncheckedIOException if not even a fresh private directory can be created
   */
  public static Path subdirectory(Path parent, String name) {
    return DEFAULT.usable(parent.resolve(name), DEFAULT.current());
  }

  /**
   * Creates the one new directory {@code dir} (its parent must exist) with mode 0700 where the file
   * system has POSIX permissions, given to the {@code mkdir} itself; for directories inside a
   * private one, such as a service instance's.
   *
   * @throws java.nio.file.FileAlreadyExistsException if anything is there, even a symbolic link
   */
  public static Path createNew(Path dir) throws IOException {
    return Files.createDirectory(dir, modeOnCreate("rwx------"));
  }

  /**
   * Why {@code dir} is not a private directory of the current user (a symbolic link, not a
   * directory, another owner, a mode other than 0700), or empty when it is one. Does not follow
   * symbolic links.
   */
  public static Optional<String> problemWith(Path dir) {
    return Optional.ofNullable(Resolver.problem(dir, DEFAULT.current(), true));
  }

  /**
   * Who must own a directory: a uid (Integer) where the file system has a {@code unix} view, else a
   * {@link java.nio.file.attribute.UserPrincipal}; {@code gid} is set for another user, whose
   * directories are handed over with it.
   */
  record Owner(Object key, String token, Integer gid) {}

  /** Finds and prepares the directories for one set of environment values; remembers results. */
  static final class Resolver {
    private final String runtimeEnv;
    private final String cacheEnv;
    private final String home;
    private final Path tmpdir;

    /** What was resolved, by kind and owner; guarded by {@code this}. */
    private final Map<String, Path> resolved = new HashMap<>();

    /** Guarded by {@code this}. */
    private Owner current;

    /**
     * @param runtimeEnv the value of {@code XDG_RUNTIME_DIR}, or null
     * @param cacheEnv the value of {@code XDG_CACHE_HOME}, or null
     * @param home the home directory ({@code user.home}), or null
     * @param tmpdir the temporary directory ({@code java.io.tmpdir})
     */
    Resolver(String runtimeEnv, String cacheEnv, String home, Path tmpdir) {
      this.runtimeEnv = runtimeEnv;
      this.cacheEnv = cacheEnv;
      this.home = home;
      this.tmpdir = Objects.requireNonNull(tmpdir, "tmpdir");
    }

    Path runtime() {
      return remembered("runtime", this::findRuntime);
    }

    Path cache() {
      return remembered("cache", this::findCache);
    }

    Path runtimeOf(String user) {
      Owner owner = ownerOf(user);
      return owner.equals(current()) ? runtime() : temporaryRoot(owner);
    }

    Path cacheOf(String user) {
      Owner owner = ownerOf(user);
      return owner.equals(current())
          ? cache()
          : remembered(
              "cache:" + owner.key(), () -> usable(temporaryRoot(owner).resolve("cache"), owner));
    }

    /**
     * The remembered directory {@code key}, else the one {@code find} gives (which may itself ask
     * for other keys, so no {@code computeIfAbsent}).
     */
    private synchronized Path remembered(String key, Supplier<Path> find) {
      Path dir = resolved.get(key);
      if (dir == null) {
        dir = find.get();
        resolved.put(key, dir);
      }
      return dir;
    }

    private Path findRuntime() {
      Owner me = current();
      Path base = absolute(runtimeEnv);
      if (base == null) {
        return temporaryRoot(me);
      }
      return ovrseerIn("XDG_RUNTIME_DIR", base, problem(base, me, true), () -> temporaryRoot(me));
    }

    private Path findCache() {
      Owner me = current();
      Supplier<Path> fallback = () -> usable(temporaryRoot(me).resolve("cache"), me);
      Path base = absolute(cacheEnv);
      if (base == null && home != null && !home.isBlank() && !home.equals("?")) {
        Path homeDir = Path.of(home);
        if (Files.isDirectory(homeDir, LinkOption.NOFOLLOW_LINKS)) {
          base = homeDir.resolve(".cache");
        }
      }
      if (base == null) {
        return fallback.get();
      }
      // The user's own cache home: created private when missing, but its mode is the user's choice.
      return ovrseerIn("the cache directory", base, created(base, me, false), fallback);
    }

    /**
     * {@code base/ovrseer} when {@code base} has no {@code problem}; else a warning that names
     * {@code base}, the problem and the {@code fallback} directory used instead.
     */
    private Path ovrseerIn(String what, Path base, String problem, Supplier<Path> fallback) {
      if (problem == null) {
        return usable(base.resolve("ovrseer"), current());
      }
      Path instead = fallback.get();
      System.getLogger(PrivateDirectories.class.getName())
          .log(
              System.Logger.Level.WARNING,
              "Ovrseer does not use {0} {1}: {2}; it uses {3} instead",
              what,
              base,
              problem,
              instead);
      return instead;
    }

    /** {@code <tmpdir>/ovrseer-<uid>}, or a fresh private directory; one per owner and JVM. */
    private Path temporaryRoot(Owner owner) {
      return remembered(
          "tmp:" + owner.key(), () -> usable(tmpdir.resolve("ovrseer-" + owner.token()), owner));
    }

    /**
     * {@code dir} when it is private to {@code owner} or could be created so; else a warning and a
     * fresh private directory, which later calls for {@code dir} get again without a warning (a
     * subdirectory is asked for at each crash report or look at the orphan registry).
     */
    Path usable(Path dir, Owner owner) {
      String instead = "instead of " + dir + " for " + owner.key();
      synchronized (this) {
        if (resolved.containsKey(instead)) {
          return resolved.get(instead);
        }
      }
      String problem = created(dir, owner, true);
      if (problem == null) {
        return dir;
      }
      return remembered(
          instead,
          () -> {
            Path fresh = fresh(owner);
            System.getLogger(PrivateDirectories.class.getName())
                .log(
                    System.Logger.Level.WARNING,
                    "Ovrseer does not use the directory {0}: {1}; it uses the new private directory"
                        + " {2} instead",
                    dir,
                    problem,
                    fresh);
            return fresh;
          });
    }

    /**
     * Creates the one directory {@code dir} for {@code owner} with mode 0700 when nothing is there
     * (its parent must exist), then says why it is not {@code owner}'s (with mode 0700 if {@code
     * ownerOnlyMode}), or null when it is.
     */
    private String created(Path dir, Owner owner, boolean ownerOnlyMode) {
      if (owner.gid() != null && !dir.getParent().equals(tmpdir)) {
        // Inside the other user's own directory, where that user could swap what root made for a
        // link before root set its mode and owner, which would follow it: the user makes it.
        String failed = createdBy(owner, dir);
        return failed != null ? failed : problem(dir, owner, ownerOnlyMode);
      }
      try {
        createNew(dir);
        if (posix()
            && !Files.getPosixFilePermissions(dir, LinkOption.NOFOLLOW_LINKS).equals(OWNER_ONLY)) {
          // A umask that takes the owner's own bits: the directory is new and ours, set it right.
          Files.setPosixFilePermissions(dir, OWNER_ONLY);
        }
        handOver(dir, owner);
      } catch (FileAlreadyExistsException present) {
        // Anything already there, also a symbolic link, is checked below like a new one. But an
        // empty one that is this (root) JVM's own and private was made for the other user by
        // another root JVM a moment ago, which has not handed it over yet: handed over here too.
        if (owner.gid() != null && problem(dir, current(), true) == null && isEmpty(dir)) {
          try {
            handOver(dir, owner);
          } catch (IOException e) {
            return "it cannot be handed over: " + e;
          }
        }
      } catch (IOException e) {
        return "it cannot be created: " + e;
      }
      return problem(dir, owner, ownerOnlyMode);
    }

    /**
     * Has {@code owner}, another user, create the directory {@code dir} (mode 0700) through
     * util-linux {@code setpriv}; null when it did or something is there, else why not.
     */
    private static String createdBy(Owner owner, Path dir) {
      String path = System.getenv("PATH");
      Optional<Path> setpriv = SearchPath.findRemembered("setpriv", path);
      if (setpriv.isEmpty()) {
        return "uid " + owner.key() + " cannot create it: setpriv is not on PATH (" + path + ")";
      }
      List<String> command =
          List.of(
              setpriv.get().toString(),
              "--reuid=" + owner.key(),
              "--regid=" + owner.gid(),
              "--clear-groups",
              "--",
              "mkdir",
              "-m",
              "0700",
              "--",
              dir.toString());
      try {
        Process mkdir =
            new ProcessBuilder(command)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        long timeout = UserSwitch.LOOKUP_TIMEOUT.toNanos();
        boolean ended = mkdir.waitFor(timeout, TimeUnit.NANOSECONDS);
        if (!ended) {
          mkdir.destroyForcibly().waitFor(timeout, TimeUnit.NANOSECONDS);
        }
        if ((!ended || mkdir.exitValue() != 0) && Files.notExists(dir, LinkOption.NOFOLLOW_LINKS)) {
          return "uid "
              + owner.key()
              + " could not create it: "
              + command
              + (ended
                  ? " failed"
                  : " did not end within " + DurationText.of(UserSwitch.LOOKUP_TIMEOUT));
        }
        return null;
      } catch (IOException e) {
        return "uid " + owner.key() + " cannot create it: " + e;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return "interrupted while uid " + owner.key() + " created it";
      }
    }

    private static boolean isEmpty(Path dir) {
      try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
        return !entries.iterator().hasNext();
      } catch (IOException e) {
        return false;
      }
    }

    private Path fresh(Owner owner) {
      try {
        Path dir =
            Files.createTempDirectory(
                tmpdir, "ovrseer-" + owner.token() + "-", modeOnCreate("rwx------"));
        handOver(dir, owner);
        String problem = problem(dir, owner, true);
        if (problem != null) {
          throw new IOException("the new directory " + dir + " is not private: " + problem);
        }
        return dir;
      } catch (IOException e) {
        throw new UncheckedIOException(
            "could not create a private directory in " + tmpdir + ": " + e, e);
      }
    }

    /**
     * Makes {@code owner}, when another user (with a gid), the owner of {@code dir}; not following.
     */
    private static void handOver(Path dir, Owner owner) throws IOException {
      if (owner.gid() != null) {
        Files.setAttribute(dir, "unix:uid", owner.key(), LinkOption.NOFOLLOW_LINKS);
        Files.setAttribute(dir, "unix:gid", owner.gid(), LinkOption.NOFOLLOW_LINKS);
      }
    }

    /**
     * Why {@code dir} is not private to {@code owner} (with mode 0700 if {@code ownerOnlyMode}), or
     * null when it is.
     */
    static String problem(Path dir, Owner owner, boolean ownerOnlyMode) {
      try {
        BasicFileAttributes attributes =
            Files.readAttributes(dir, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (attributes.isSymbolicLink()) {
          return "it is a symbolic link";
        }
        if (!attributes.isDirectory()) {
          return "it is not a directory";
        }
        Object actual = ownerKey(dir);
        if (!actual.equals(owner.key())) {
          return "it is owned by " + describe(actual) + ", not " + describe(owner.key());
        }
        if (ownerOnlyMode && posix()) {
          Set<PosixFilePermission> mode =
              Files.getPosixFilePermissions(dir, LinkOption.NOFOLLOW_LINKS);
          if (!mode.equals(OWNER_ONLY)) {
            return "its mode is " + PosixFilePermissions.toString(mode) + ", not rwx------";
          }
        }
        return null;
      } catch (NoSuchFileException e) {
        return "it does not exist";
      } catch (IOException e) {
        return "it cannot be examined: " + e;
      }
    }

    /** The current user, from a probe file (see {@link #probeCurrent}); looked up once. */
    synchronized Owner current() {
      if (current == null) {
        current = probeCurrent();
      }
      return current;
    }

    /**
     * The owner of a probe file made in {@code tmpdir}; where none can be made there (a read-only
     * or missing temporary directory), in the first of {@code XDG_RUNTIME_DIR}, {@code
     * XDG_CACHE_HOME} and the home directory where one can, so that those still serve.
     */
    private Owner probeCurrent() {
      IOException failure = null;
      for (Path dir : probeDirectories()) {
        try {
          Object key = probeOwner(dir);
          String token =
              key instanceof Integer
                  ? key.toString()
                  : FileNames.part(System.getProperty("user.name", "user"));
          return new Owner(key, token, null);
        } catch (IOException e) {
          if (failure == null) {
            failure = e;
          } else {
            failure.addSuppressed(e);
          }
        }
      }
      throw new UncheckedIOException(
          "could not find out which user this JVM runs as (a probe file in "
              + tmpdir
              + "): "
              + failure,
          failure);
    }

    /** Where a probe file is tried, in order: tmpdir, then the absolute XDG bases and home. */
    private List<Path> probeDirectories() {
      return Stream.of(tmpdir, absolute(runtimeEnv), absolute(cacheEnv), absolute(home))
          .filter(Objects::nonNull)
          .distinct()
          .toList();
    }

    /** The owner key of a new file in {@code dir}, which is deleted again. */
    private static Object probeOwner(Path dir) throws IOException {
      Path probe = PrivateFiles.createNew(dir, "ovrseer-owner-", ".probe");
      try {
        return ownerKey(probe);
      } finally {
        try {
          Files.deleteIfExists(probe);
        } catch (IOException e) {
          System.getLogger(PrivateDirectories.class.getName())
              .log(
                  System.Logger.Level.WARNING,
                  "could not delete the probe file {0}: {1}",
                  probe,
                  e);
        }
      }
    }

    /** The owner {@code user} (another OS user when its uid is not ours); needs root for others. */
    private Owner ownerOf(String user) {
      Objects.requireNonNull(user, "user");
      Owner me = current();
      if (user.equals(System.getProperty("user.name"))) {
        // As UserSwitch decides: the JVM's own user is no switch, and needs no lookup (macOS has
        // no getent, Windows no uid).
        return me;
      }
      if (!(me.key() instanceof Integer myUid)) {
        throw new IllegalStateException(
            "the private directories of user ["
                + user
                + "] need a Unix system and a JVM run as root");
      }
      String[] entry = UserSwitch.passwdEntry(user);
      int uid = Integer.parseInt(entry[2]);
      if (uid == myUid) {
        return me;
      }
      if (myUid != 0) {
        throw new IllegalStateException(
            "the private directories of user ["
                + user
                + "] can only be prepared by a JVM run as root; this one runs as uid "
                + myUid);
      }
      return new Owner(uid, Integer.toString(uid), Integer.parseInt(entry[3]));
    }

    private static Path absolute(String value) {
      if (value == null || value.isBlank()) {
        return null;
      }
      Path path = Path.of(value);
      // The XDG base directory specification: relative paths are invalid and ignored.
      return path.isAbsolute() ? path : null;
    }
  }

  /** Whether the default file system has POSIX permissions (not on Windows). */
  static boolean posix() {
    return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
  }

  private static boolean unix() {
    return FileSystems.getDefault().supportedFileAttributeViews().contains("unix");
  }

  /**
   * The mode {@code mode} (such as {@code rw-------}) for a file or directory being created, where
   * the file system has POSIX permissions; else nothing.
   */
  static FileAttribute<?>[] modeOnCreate(String mode) {
    return posix()
        ? new FileAttribute<?>[] {
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(mode))
        }
        : new FileAttribute<?>[0];
  }

  private static String describe(Object ownerKey) {
    return ownerKey instanceof Integer ? "uid " + ownerKey : "user " + ownerKey;
  }

  /** The uid of {@code path}'s owner, or its owner principal without a unix view; not following. */
  private static Object ownerKey(Path path) throws IOException {
    return unix()
        ? Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS)
        : Files.getOwner(path, LinkOption.NOFOLLOW_LINKS);
  }
}
