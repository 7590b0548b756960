package io.ovrseer.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
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

  /**
   * Windows's rules, tested here through their inputs: directories separated by {@code ;} (a
   * drive's {@code :} is no separator there), quoted entries, and the extensions of PATHEXT.
   */
  @Test
  void onWindowsTheSeparatorIsASemicolonAndPathextExtensionsAreTried(@TempDir Path tmp)
      throws Exception {
    program(tmp.resolve("a"), "tool", "rwx------");
    Path cmd = program(tmp.resolve("b"), "tool.CMD", "rwx------");
    Path exe = program(tmp.resolve("c"), "tool.EXE", "rwx------");
    String path = "C:\\nothing;" + tmp + "/a;\"" + tmp + "/b\";" + tmp + "/c";

    assertThat(SearchPath.find("tool", path, true, ".EXE;.CMD")).contains(cmd);
    assertThat(SearchPath.find("tool", path, true, null)).contains(cmd);
    assertThat(SearchPath.find("tool.EXE", path, true, null)).contains(exe);
    assertThat(SearchPath.find("tool", path, true, ".EXE")).contains(exe);
    assertThat(SearchPath.find("tool", tmp + "/a", false, ".EXE")).contains(tmp.resolve("a/tool"));
  }

  @Test
  void onWindowsABackslashOrADriveMakesACommandAPath() {
    assertThat(SearchPath.isPath("C:\\jdk\\bin\\java.exe", true)).isTrue();
    assertThat(SearchPath.isPath("bin\\server.cmd", true)).isTrue();
    assertThat(SearchPath.isPath("bin/server", true)).isTrue();
    assertThat(SearchPath.isPath("java", true)).isFalse();
    assertThat(SearchPath.isPath("weird\\name", false)).isFalse();
    assertThat(SearchPath.isPath("bin/server", false)).isTrue();
  }

  /**
   * A command given by its path takes PATHEXT's extensions on Windows too, as cmd.exe does: {@code
   * C:\jdk\bin\java} (what {@code ${java}} falls back to) runs {@code java.exe}, and Gradle's
   * {@code bin/app} runs {@code app.bat} rather than the Unix script of that name beside it. (Files
   * are named in PATHEXT's case: Windows compares names without case, Linux does not.)
   */
  @Test
  void onWindowsACommandGivenByItsPathTakesPathextExtensionsToo(@TempDir Path tmp)
      throws Exception {
    Path java = program(tmp.resolve("jdk/bin"), "java.EXE", "rwx------");
    program(tmp.resolve("app/bin"), "app", "rwx------");
    Path bat = program(tmp.resolve("app/bin"), "app.BAT", "rwx------");

    assertThat(SearchPath.withExtension(tmp.resolve("jdk/bin/java"), true, null)).isEqualTo(java);
    assertThat(SearchPath.withExtension(tmp.resolve("app/bin/app"), true, null)).isEqualTo(bat);
    assertThat(SearchPath.withExtension(java, true, null)).isEqualTo(java);
    Path missing = tmp.resolve("jdk/bin/javac");
    assertThat(SearchPath.withExtension(missing, true, null)).isEqualTo(missing);
    Path unix = tmp.resolve("app/bin/app");
    assertThat(SearchPath.withExtension(unix, false, null)).isEqualTo(unix);
  }

  @Test
  void onWindowsPathIsFoundWhateverTheCaseOfItsName() {
    assertThat(SearchPath.of(Map.of("Path", "C:\\bin"), true, "jvm")).isEqualTo("C:\\bin");
    assertThat(SearchPath.of(Map.of("Path", "/bin"), false, "jvm")).isEqualTo("jvm");
    assertThat(SearchPath.of(Map.of("PATH", "/bin"), false, "jvm")).isEqualTo("/bin");
  }
}
