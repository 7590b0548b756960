package io.ovrseer.services;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
