package io.ovrseer.services;

import static org.assertj.core.api.Assertions.assertThat;

import io.ovrseer.testing.Backends;
import io.ovrseer.testing.NoLeftoverProcesses;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(NoLeftoverProcesses.class)
class PostgresSharedMemoryTest {
  private static final Optional<String> NOBODY = Optional.of("nobody");

  /**
   * The data directory of a server run as nobody is nobody's: at the stop, root opened its
   * postmaster.pid for reading, which nobody could have made a FIFO, and the open waited for a
   * writer for ever (the stop hung).
   */
  @Test
  void aFifoAsThePidFileOfAServerRunAsAnotherUserDoesNotHangTheStop(@TempDir Path tmp)
      throws Exception {
    Backends.assumeRootOnLinux("only a root JVM runs a server as another user");
    Path data = nobodysDirectory(tmp);
    Path pidFile = data.resolve("postmaster.pid");
    asNobody("mkfifo", "--", pidFile.toString());

    CompletableFuture<Optional<String>> left =
        CompletableFuture.supplyAsync(() -> PostgresSharedMemory.release(data, NOBODY));
    try {
      assertThat(left).succeedsWithin(Duration.ofSeconds(30)).isEqualTo(Optional.empty());
    } finally {
      // A writer for the FIFO lets a hung open go on, so that nothing stays blocked.
      if (!left.isDone()) {
        try (OutputStream unblock = Files.newOutputStream(pidFile)) {
          unblock.flush();
        }
        left.join();
      }
    }
  }

  @Test
  void theSegmentIsReadFromLineSevenOfAPidFileOfAnotherUser(@TempDir Path tmp) throws Exception {
    Backends.assumeRootOnLinux("only a root JVM runs a server as another user");
    Path data = nobodysDirectory(tmp);
    asNobody(
        "sh",
        "-c",
        "printf '1\\n2\\n3\\n4\\n5\\n6\\n  5432001    123456\\n' > \"$0\"",
        data.resolve("postmaster.pid").toString());

    assertThat(PostgresSharedMemory.leftIn(data, NOBODY)).contains("123456");
  }

  /** A directory of nobody's, mode 0700, as a data directory of a server run as nobody is. */
  private static Path nobodysDirectory(Path tmp) throws Exception {
    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path data =
        Files.createDirectory(
            tmp.resolve("data"),
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    Files.setAttribute(data, "unix:uid", 65534, LinkOption.NOFOLLOW_LINKS);
    return data;
  }

  private static void asNobody(String command, String... args) {
    SetupCommand.run(
        command, RunAs.commandLine(NOBODY, command, List.of(args)), Duration.ofSeconds(30));
  }
}
