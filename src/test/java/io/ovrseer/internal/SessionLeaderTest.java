package io.ovrseer.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.ovrseer.fixtures.StartOne;
import io.ovrseer.testing.NoLeftoverProcesses;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(NoLeftoverProcesses.class)
class SessionLeaderTest {
  private static String helper;

  @BeforeAll
  static void onlyWhereTheHelperIsUsed() {
    String arch = System.getProperty("os.arch");
    assumeTrue(
        arch.equals("amd64") || arch.equals("x86_64"),
        "ovrseer-setsid is built for Linux x86-64 only; elsewhere setsid from PATH is used");
    helper = SessionLeader.prefix().orElseThrow();
    assertThat(helper).contains("ovrseer-setsid-");
  }

  private record Run(int exitCode, String out, String err) {}

  private static Run run(List<String> command, String... env) throws Exception {
    ProcessBuilder builder = new ProcessBuilder(command);
    for (int i = 0; i + 1 < env.length; i += 2) {
      builder.environment().put(env[i], env[i + 1]);
    }
    Process process = builder.start();
    process.getOutputStream().close();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
    return new Run(process.exitValue(), out, err);
  }

  private static List<String> underHelper(String... command) {
    List<String> line = new ArrayList<>(List.of(helper));
    line.addAll(List.of(command));
    return line;
  }

  @Test
  void theEmbeddedProgramIsBuiltFromItsSource(@TempDir Path dir) throws Exception {
    Path source = Path.of("src/main/native/ovrseer-setsid-x86_64.S").toAbsolutePath();
    assumeTrue(Files.isRegularFile(source), "run from the project directory");
    assumeTrue(
        SearchPath.find("as", System.getenv("PATH")).isPresent()
            && SearchPath.find("ld", System.getenv("PATH")).isPresent(),
        "binutils (as, ld) are needed to build it from its source");
    Path object = dir.resolve("setsid.o");
    Path built = dir.resolve("ovrseer-setsid");
    assertThat(run(List.of("as", "--64", "-o", object.toString(), source.toString())).exitCode())
        .isZero();
    assertThat(
            run(List.of(
                    "ld",
                    "-static",
                    "-nostdlib",
                    "-n",
                    "-s",
                    "--build-id=none",
                    "-e",
                    "_start",
                    "-o",
                    built.toString(),
                    object.toString()))
                .exitCode())
        .isZero();

    assertThat(Files.readAllBytes(built)).isEqualTo(SessionLeader.HELPER);
  }

  @Test
  void theProgramLeadsANewSessionWithItsArgumentsAndEnvironmentIntact() throws Exception {
    Run run =
        run(
            underHelper(
                "/bin/sh",
                "-c",
                "printf '%s|' \"$@\"; echo; echo \"$OVRSEER_X\"; cut -d' ' -f1,5,6 /proc/$$/stat",
                "sh",
                "one",
                "two words",
                ""),
            "OVRSEER_X",
            "value with spaces");

    String[] lines = run.out().split("\n");
    assertThat(run.exitCode()).isZero();
    assertThat(lines[0]).isEqualTo("one|two words||");
    assertThat(lines[1]).isEqualTo("value with spaces");
    String[] ids = lines[2].trim().split("\\s+");
    assertThat(ids[1]).as("process group").isEqualTo(ids[0]);
    assertThat(ids[2]).as("session").isEqualTo(ids[0]);
  }

  @Test
  void aScriptWithoutAnInterpreterLineRunsUnderSh(@TempDir Path dir) throws Exception {
    Path script = dir.resolve("script");
    Files.writeString(script, "echo \"script ran with $1\"\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));

    Run run = run(underHelper(script.toString(), "an argument"));

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).isEqualTo("script ran with an argument\n");
  }

  @Test
  void aProgramThatCannotBeExecutedIsNamedWithItsErrno(@TempDir Path dir) throws Exception {
    Path script = dir.resolve("script");
    Files.writeString(script, "#!/no/such/interpreter\necho never\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));

    Run missingInterpreter = run(underHelper(script.toString()));
    Run noArguments = run(List.of(helper));

    assertThat(missingInterpreter.exitCode()).isEqualTo(127);
    assertThat(missingInterpreter.err())
        .isEqualTo("ovrseer-setsid: cannot execute " + script + ": errno 2\n");
    assertThat(noArguments.exitCode()).isEqualTo(2);
    assertThat(noArguments.err()).startsWith("usage: ovrseer-setsid PROGRAM");
  }

  @Test
  void whereTheProgramCannotRunSetsidFromPathTakesOver(@TempDir Path tmp) throws Exception {
    // Another JVM whose temporary directory already holds the program, but not executable: its
    // first spawn fails, gives the program up, and is made again under setsid from PATH.
    Path bin = tmp.resolve(SessionLeader.directory().getParent().getFileName()).resolve("bin");
    Files.createDirectories(bin);
    Files.setPosixFilePermissions(bin.getParent(), PosixFilePermissions.fromString("rwx------"));
    Files.setPosixFilePermissions(bin, PosixFilePermissions.fromString("rwx------"));
    Path planted = bin.resolve(Path.of(helper).getFileName());
    Files.write(planted, SessionLeader.HELPER);
    Files.setPosixFilePermissions(planted, PosixFilePermissions.fromString("rw-------"));
    String java = ProcessHandle.current().info().command().orElseThrow();

    Run run =
        run(
            List.of(
                java,
                "-Djava.io.tmpdir=" + tmp,
                "-Dovrseer.watchdog.disabled=true",
                "-cp",
                System.getProperty("java.class.path"),
                StartOne.class.getName()));

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("(own session)");
    assertThat(run.out()).containsPattern("prefix /.*/setsid\\n");
    assertThat(run.err()).contains(planted + " cannot be run here");
  }
}
