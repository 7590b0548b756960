package io.ovrseer.services;

import io.ovrseer.internal.SearchPath;
import java.io.IOException;
import java.io.InputStream;
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

  /** How long reading {@code postmaster.pid} as another user may take. */
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(10);

  /** How much of {@code postmaster.pid} is read: its first 7 lines are far shorter. */
  private static final int MOST = 4096;

  private PostgresSharedMemory() {}

  /**
   * Removes the segment named in {@code dataDirectory}'s {@code postmaster.pid}, which is there
   * only if the server did not shut down itself, with {@code ipcrm} as {@code osUser} if present
   * (its owner). Call only once the server's process tree is gone.
   *
   * @return the id of the segment removed, if one was left
   * @throws IllegalStateException if one was left and cannot be removed, or its {@code
   *     postmaster.pid} cannot be read as {@code osUser} (naming it and why)
   */
  static Optional<String> release(Path dataDirectory, Optional<String> osUser) {
    Platform platform = Platform.current();
    if (platform.windows()) {
      return Optional.empty(); // no System V shared memory there
    }
    Optional<String> id = leftIn(dataDirectory, osUser);
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

  /**
   * The id of the segment on line 7 of {@code dataDirectory}'s {@code postmaster.pid}, if the file
   * is there (a regular file, its first {@value #MOST} bytes). In the data directory of another
   * user ({@code osUser}) it is read by {@code head} run as that user within {@link #READ_TIMEOUT}:
   * that user could make it a FIFO at any moment, whose open would wait for a writer for ever.
   *
   * @throws IllegalStateException if {@code head} run as {@code osUser} fails or does not end in
   *     time (naming the file and why)
   */
  static Optional<String> leftIn(Path dataDirectory, Optional<String> osUser) {
    Path pidFile = dataDirectory.resolve("postmaster.pid");
    // Absent (the server shut down itself, or never started): nothing to remove, nothing to run.
    if (!Files.isRegularFile(pidFile, LinkOption.NOFOLLOW_LINKS)) {
      return Optional.empty();
    }
    String head;
    if (osUser.isPresent()) {
      head =
          SetupCommand.run(
              "reading " + pidFile,
              RunAs.commandLine(
                  osUser, "head", List.of("-c", Integer.toString(MOST), "--", pidFile.toString())),
              READ_TIMEOUT);
    } else {
      try (InputStream in = Files.newInputStream(pidFile, LinkOption.NOFOLLOW_LINKS)) {
        head = new String(in.readNBytes(MOST), StandardCharsets.US_ASCII);
      } catch (IOException e) {
        // Gone meanwhile, or unreadable: nothing known to remove.
        return Optional.empty();
      }
    }
    List<String> lines = head.lines().limit(7).toList();
    if (lines.size() < 7) {
      return Optional.empty();
    }
    String[] keyAndId = lines.get(6).trim().split("\\s+");
    return keyAndId.length == 2 && keyAndId[1].matches("[0-9]{1,10}")
        ? Optional.of(keyAndId[1])
        : Optional.empty();
  }
}
