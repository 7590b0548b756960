package io.ovrseer.services;

import io.ovrseer.internal.SearchPath;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The System V shared memory segment a PostgreSQL server holds while it runs (its interlock; key
 * and id on line 7 of {@code postmaster.pid}). The server removes it when it shuts down, and a
 * server started on the same data directory removes one that a crash left; a server killed
 * (SIGKILL: {@code kill()}, a stop past its timeout) whose data directory is removed next leaves it
 * for good, one of the system's few thousand segments ({@code kernel.shmmni}) each time.
 */
final class PostgresSharedMemory {
  private static final Duration TIMEOUT = Duration.ofMinutes(1);

  private PostgresSharedMemory() {}

  /**
   * Removes the segment named in {@code dataDirectory}'s {@code postmaster.pid}, which is there
   * only if the server did not shut down itself, with {@code ipcrm} as {@code osUser} if present
   * (its owner). Call only once the server's process tree is gone.
   *
   * @return the id of the segment removed, if one was left
   * @throws IllegalStateException if one was left and cannot be removed (naming it and why)
   */
  static Optional<String> release(Path dataDirectory, Optional<String> osUser) {
    Platform platform = Platform.current();
    if (platform.windows()) {
      return Optional.empty(); // no System V shared memory there
    }
    Optional<String> id = leftIn(dataDirectory);
    if (id.isEmpty()) {
      return id;
    }
    String what =
        "shared memory segment "
            + id.get()
            + " of the PostgreSQL server killed in "
            + dataDirectory;
    Path ipcrm =
        SearchPath.find(platform.program("ipcrm"), System.getenv("PATH"))
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "could not remove " + what + ": ipcrm is not on PATH"));
    SetupCommand.run(
        "removal of the " + what,
        RunAs.commandLine(osUser, ipcrm.toString(), List.of("-m", id.get())),
        TIMEOUT);
    return id;
  }

  /** The id of the segment on line 7 of {@code postmaster.pid}, if the file is there. */
  static Optional<String> leftIn(Path dataDirectory) {
    Path pidFile = dataDirectory.resolve("postmaster.pid");
    try (BufferedReader lines =
        new BufferedReader(
            new InputStreamReader(
                Files.newInputStream(pidFile, LinkOption.NOFOLLOW_LINKS),
                StandardCharsets.US_ASCII))) {
      List<String> head = lines.lines().limit(7).toList();
      if (head.size() < 7) {
        return Optional.empty();
      }
      String[] keyAndId = head.get(6).trim().split("\\s+");
      return keyAndId.length == 2 && keyAndId[1].matches("[0-9]{1,10}")
          ? Optional.of(keyAndId[1])
          : Optional.empty();
    } catch (IOException e) {
      // Absent (the server shut down itself, or never started) or unreadable: nothing to remove.
      return Optional.empty();
    }
  }
}
