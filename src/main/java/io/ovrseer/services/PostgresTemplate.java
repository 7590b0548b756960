package io.ovrseer.services;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * A PostgreSQL data directory made once per binaries, role, password, database and init scripts:
 * {@code initdb}, the database created and the init scripts run (in single-user mode, no server
 * started). Each environment starts from a copy of it, so {@code initdb} runs once per cache.
 *
 * @param dataDirectory the template's data directory; never started, only copied
 * @param created whether this call created it (false: it was in the cache)
 */
record PostgresTemplate(Path dataDirectory, boolean created) {
  private static final Duration SETUP_TIMEOUT = Duration.ofMinutes(5);

  /** The template for these settings, created in {@code cache} if it is not there yet. */
  static PostgresTemplate ensure(
      PostgresBinaries binaries,
      Path cache,
      Optional<String> osUser,
      String user,
      String password,
      String database,
      List<Path> initScripts) {
    String key = key(binaries, user, password, database, initScripts);
    Path dir = cache.resolve("postgres-template-" + key);
    boolean created =
        CacheEntry.ensure(
            dir,
            osUser,
            target -> create(target, binaries, osUser, user, password, database, initScripts));
    return new PostgresTemplate(dir.resolve("data"), created);
  }

  /**
   * Copies the template to {@code target} (which must not exist), keeping modes and owners; as
   * {@code osUser} if present, so that only that user writes in its directories.
   */
  void copyTo(Path target, Optional<String> osUser) {
    if (osUser.isPresent()) {
      // Switching users means Linux, whose cp keeps modes with -a.
      SetupCommand.run(
          "PostgreSQL data directory copy",
          RunAs.commandLine(
              osUser, "cp", List.of("-a", dataDirectory.toString(), target.toString())),
          SETUP_TIMEOUT);
      return;
    }
    try {
      Files.walkFileTree(
          dataDirectory,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs)
                throws IOException {
              copy(dir);
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
                throws IOException {
              copy(file);
              return FileVisitResult.CONTINUE;
            }

            private void copy(Path source) throws IOException {
              Files.copy(
                  source,
                  target.resolve(dataDirectory.relativize(source).toString()),
                  StandardCopyOption.COPY_ATTRIBUTES,
                  LinkOption.NOFOLLOW_LINKS);
            }
          });
    } catch (IOException e) {
      throw new UncheckedIOException(
          "could not copy the PostgreSQL template " + dataDirectory + " to " + target, e);
    }
  }

  private static void create(
      Path dir,
      PostgresBinaries binaries,
      Optional<String> osUser,
      String user,
      String password,
      String database,
      List<Path> initScripts)
      throws IOException {
    // Everything in the directory (the user's own, see CacheEntry) is written by the user the
    // server runs as (initdb, single-user postgres), fed over standard input.
    Path passwordFile = dir.resolve("password");
    writeAs(osUser, passwordFile, password + "\n");
    try {
      SetupCommand.run(
          "PostgreSQL initdb",
          RunAs.commandLine(
              osUser,
              binaries.program("initdb").toString(),
              List.of(
                  "-D",
                  dir.resolve("data").toString(),
                  "-U",
                  user,
                  "--pwfile=" + passwordFile,
                  "--auth=scram-sha-256",
                  "--encoding=UTF8",
                  "--locale=C",
                  "--no-sync",
                  "--no-instructions",
                  // 1 MB WAL segments: the template keeps a few MB of WAL instead of 16 MB+
                  "--wal-segsize=1")),
          SETUP_TIMEOUT);
    } finally {
      Files.deleteIfExists(passwordFile);
    }
    if (!database.equals("postgres")) {
      String create = "CREATE DATABASE \"" + database + "\";";
      single(dir, binaries, osUser, "postgres", create, create + "\n", false);
    }
    for (Path script : initScripts) {
      String sql = Files.readString(script, StandardCharsets.UTF_8);
      // -j: a command ends at a semicolon followed by an empty line; the closing one ends the last.
      single(dir, binaries, osUser, database, "init script " + script, sql + "\n;\n\n", true);
    }
    // A last checkpoint with a small WAL allowance drops the WAL initdb wrote: every instance
    // copies the template, so what it holds costs each start (about a third of it here).
    single(dir, binaries, osUser, "postgres", "CHECKPOINT", "CHECKPOINT;\n", false);
  }

  /**
   * Writes {@code content} to {@code file} (mode 0600), as {@code osUser} if present: a switched
   * user writes its own files (the standard input of a process run as that user is a pipe it cannot
   * reopen by path, so a small shell writes it).
   */
  private static void writeAs(Optional<String> osUser, Path file, String content)
      throws IOException {
    if (osUser.isPresent()) {
      SetupCommand.run(
          "writing " + file,
          RunAs.commandLine(
              osUser, "sh", List.of("-c", "umask 077 && cat > \"$0\"", file.toString())),
          new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8)),
          SETUP_TIMEOUT);
      return;
    }
    Files.writeString(file, content, StandardCharsets.UTF_8);
    if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    }
  }

  /**
   * Runs {@code sql} in single-user mode ({@code multiLine}: with {@code -j}, as a script is run);
   * an ERROR or FATAL line in the output fails it, naming it as {@code name}.
   */
  private static void single(
      Path dir,
      PostgresBinaries binaries,
      Optional<String> osUser,
      String database,
      String name,
      String sql,
      boolean multiLine) {
    List<String> args = new ArrayList<>(List.of("--single"));
    if (multiLine) {
      args.add("-j");
    }
    args.addAll(
        List.of(
            "-D",
            dir.resolve("data").toString(),
            "-F",
            "-c",
            "min_wal_size=2MB",
            "-c",
            "max_wal_size=4MB",
            database));
    String what = "PostgreSQL template: " + name;
    String output =
        SetupCommand.run(
            what,
            RunAs.commandLine(osUser, binaries.program("postgres").toString(), args),
            new ByteArrayInputStream(sql.getBytes(StandardCharsets.UTF_8)),
            SETUP_TIMEOUT);
    if (output.lines().anyMatch(line -> line.contains("ERROR:") || line.contains("FATAL:"))) {
      throw new IllegalStateException(what + " failed:\n" + output);
    }
  }

  private static String key(
      PostgresBinaries binaries,
      String user,
      String password,
      String database,
      List<Path> initScripts) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      for (String part : List.of("v2", binaries.digest(), user, password, database)) {
        sha.update(part.getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
      }
      for (Path script : initScripts) {
        sha.update(read(script));
        sha.update((byte) 0);
      }
      return HexFormat.of().formatHex(sha.digest()).substring(0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JVM lacks SHA-256", e);
    }
  }

  private static byte[] read(Path script) {
    try {
      return Files.readAllBytes(script);
    } catch (IOException e) {
      throw new UncheckedIOException("could not read the PostgreSQL init script " + script, e);
    }
  }
}
