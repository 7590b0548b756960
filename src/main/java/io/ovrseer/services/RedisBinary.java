package io.ovrseer.services;

import io.ovrseer.internal.SearchPath;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Pattern;

/**
 * The {@code redis-server} a {@link RedisProcess} runs, found in this order: the file given to the
 * builder, the one for this platform in {@code com.github.codemonstur:embedded-redis} on the class
 * path (copied once per content digest into the cache), {@code PATH}.
 *
 * @param program the executable
 * @param origin where it came from, for logs and errors
 * @param unpacked whether this resolution copied it out of the artifact (false: it was cached)
 */
record RedisBinary(Path program, String origin, boolean unpacked) {
  static final String COORDINATES = "com.github.codemonstur:embedded-redis";
  private static final String MARKER_RESOURCE =
      "META-INF/maven/com.github.codemonstur/embedded-redis/pom.properties";

  /**
   * Resolves {@code redis-server} for {@code platform}; {@code cache} is where it is copied to;
   * {@code searchPath} is {@code PATH}.
   *
   * @throws IllegalStateException if none is found, naming the artifact and the alternatives
   */
  static RedisBinary resolve(
      Optional<Path> explicit, Platform platform, Path cache, String searchPath) {
    if (explicit.isPresent()) {
      Path program = explicit.get();
      if (!Files.isExecutable(program)) {
        throw new IllegalStateException(
            "Redis: " + program + " (given to RedisProcess.builder().binary) is not executable");
      }
      return new RedisBinary(program, "file " + program, false);
    }
    Optional<Path> jar = JavaRuntime.jarHolding(MARKER_RESOURCE);
    if (jar.isPresent()) {
      Optional<String> entry = entryFor(jar.get(), platform);
      if (entry.isPresent()) {
        return copyOut(entry.get(), cache);
      }
    }
    Optional<Path> onPath = SearchPath.find(platform.program("redis-server"), searchPath);
    if (onPath.isPresent()) {
      return new RedisBinary(onPath.get(), "PATH", false);
    }
    throw new IllegalStateException(
        "redis-server not found for "
            + platform
            + ": add the test dependency "
            + COORDINATES
            + " (1.4.4: Linux amd64/arm64/x86, macOS amd64/arm64, Windows amd64; its Linux build"
            + " needs OpenSSL 3"
            + (jar.isPresent()
                ? "), which is on the class path but has no build for " + platform
                : "; with ovrseer up, its jar in --classpath)")
            + ", or give the program with RedisProcess.builder().binary(path), or put redis-server"
            + " on PATH");
  }

  /** The artifact's entry for {@code platform}: {@code redis-server-<version>-<os>-<arch>}. */
  private static Optional<String> entryFor(Path jar, Platform platform) {
    String arch = platform.arch().equals("x86") ? "386" : platform.arch();
    Pattern name =
        Pattern.compile(
            "redis-server-[0-9.]+(-v[0-9]+)?-"
                + Pattern.quote(platform.os() + "-" + arch)
                + (platform.windows() ? "\\.exe" : ""));
    try (JarFile file = new JarFile(jar.toFile())) {
      return file.stream()
          .map(JarEntry::getName)
          .filter(n -> name.matcher(n).matches())
          .sorted()
          .reduce((first, second) -> second);
    } catch (IOException e) {
      throw new UncheckedIOException("could not read " + jar, e);
    }
  }

  private static RedisBinary copyOut(String entry, Path cache) {
    URL resource =
        ClassPathResources.find(entry)
            .orElseThrow(() -> new IllegalStateException("class path lost " + entry));
    String digest = ClassPathResources.digest(resource);
    Path dir = cache.resolve("redis-" + digest.substring(0, 16));
    String fileName = entry.endsWith(".exe") ? "redis-server.exe" : "redis-server";
    boolean unpacked =
        CacheEntry.ensure(
            dir,
            Optional.empty(),
            target -> {
              Path program = target.resolve(fileName);
              try (InputStream in = resource.openStream()) {
                Files.copy(in, program);
              }
              if (program.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                Files.setPosixFilePermissions(
                    program, PosixFilePermissions.fromString("rwxr-xr-x"));
              }
            });
    return new RedisBinary(dir.resolve(fileName), COORDINATES + " (" + entry + ")", unpacked);
  }
}
