package io.ovrseer.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.ovrseer.fixtures.StartOne;
import io.ovrseer.testing.Backends;
import io.ovrseer.testing.NoLeftoverProcesses;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * CI runners often mount the temporary directory {@code noexec}: nothing Ovrseer needs is written
 * there and executed, so processes start as anywhere else.
 */
@ExtendWith(NoLeftoverProcesses.class)
class NoexecTmpdirTest {

  @Test
  void aProcessStartsInItsOwnSessionWhenTheTemporaryDirectoryIsNoexec(@TempDir Path tmp)
      throws Exception {
    Backends.assumeRootOnLinux("mounting a noexec file system needs root");
    Backends.assumeLinux("the session is read in /proc");
    // A mount namespace of its own, so that the mount disappears with the fixture.
    Process fixture =
        new ProcessBuilder(
                "unshare",
                "--mount",
                "sh",
                "-c",
                "mount -t tmpfs -o noexec tmpfs \"$0\" && exec \"$@\"",
                tmp.toString(),
                ProcessHandle.current().info().command().orElseThrow(),
                "-Djava.io.tmpdir=" + tmp,
                "-cp",
                System.getProperty("java.class.path"),
                StartOne.class.getName())
            .redirectErrorStream(true)
            .start();
    String output;
    try (InputStream in = fixture.getInputStream()) {
      output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertThat(fixture.waitFor(60, TimeUnit.SECONDS)).isTrue();

    assertThat(output).containsPattern("ran \\d+ in session \\d+ \\(own session\\)");
    assertThat(output).contains("backend linux");
    assertThat(fixture.exitValue()).as(output).isZero();
  }
}
