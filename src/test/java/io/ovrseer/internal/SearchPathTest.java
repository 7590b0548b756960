package io.ovrseer.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SearchPathTest {

  private static Path program(Path dir, String name, String permissions) throws Exception {
    Files.createDirectories(dir);
    Path file = Files.writeString(dir.resolve(name), "#!/bin/sh\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(permissions));
    return file;
  }

  @Test
  void theFirstExecutableFileOnThePathWins(@TempDir Path tmp) throws Exception {
    program(tmp.resolve("a"), "tool", "rw-------");
    Files.createDirectories(tmp.resolve("b/tool"));
    Path found = program(tmp.resolve("c"), "tool", "rwx------");
    program(tmp.resolve("d"), "tool", "rwx------");
    String path = String.join(":", "", tmp + "/a", tmp + "/b", tmp + "/c", tmp + "/d");

    assertThat(SearchPath.find("tool", path)).contains(found);
    assertThat(SearchPath.find("missing", path)).isEmpty();
    assertThat(SearchPath.find("tool", null)).isEmpty();
  }

  @Test
  void aRememberedProgramThatIsNoLongerExecutableIsSearchedAgain(@TempDir Path tmp)
      throws Exception {
    Path first = program(tmp.resolve("a"), "tool", "rwx------");
    Path second = program(tmp.resolve("b"), "tool", "rwx------");
    String path = tmp + "/a:" + tmp + "/b";
    assertThat(SearchPath.findRemembered("tool", path)).contains(first);

    Files.setPosixFilePermissions(first, PosixFilePermissions.fromString("rw-------"));

    assertThat(SearchPath.findRemembered("tool", path)).contains(second);
  }
}
