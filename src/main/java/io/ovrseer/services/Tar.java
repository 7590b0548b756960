package io.ovrseer.services;

import io.ovrseer.internal.SearchPath;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Extracts a tar stream with the system's {@code tar} (GNU tar on Linux, bsdtar on macOS and
 * Windows 10 and later), run as the user who will own the files: a root JVM never writes into
 * another user's directory itself.
 */
final class Tar {
  private static final Duration TIMEOUT = Duration.ofMinutes(5);

  private Tar() {}

  /**
   * Extracts {@code tar} (an uncompressed tar stream) into the existing directory {@code target},
   * running {@code tar} as {@code osUser} if present, whose directory {@code target} must then be
   * (made by that user, see {@link CacheEntry}: root hands nothing over there).
   *
   * @param source what the stream is read from (an artifact), for errors
   * @throws IllegalStateException if {@code tar} is missing or fails (with its output), or if
   *     {@code tar} cannot be read to its end (a corrupt archive; naming {@code source})
   */
  static void extract(String source, InputStream tar, Path target, Optional<String> osUser) {
    Path program =
        SearchPath.find(Platform.current().program("tar"), System.getenv("PATH"))
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "tar is not on PATH; it unpacks the service binaries into " + target));
    SetupCommand.run(
        "unpacking " + source + " into " + target,
        RunAs.commandLine(
            osUser,
            program.toString(),
            List.of("-x", "--no-same-owner", "-f", "-", "-C", target.toString())),
        tar,
        TIMEOUT);
  }
}
