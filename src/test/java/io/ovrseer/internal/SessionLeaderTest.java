package io.ovrseer.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.ovrseer.fixtures.StartOne;
import io.ovrseer.testing.NoLeftoverProcesses;
import io.ovrseer.testing.ProcFiles;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * ovrseer-setsid, both builds: the embedded bytes against their sources, and the program's
 * behaviour, natively for this machine's build and under qemu-aarch64 (Debian: qemu-user) for the
 * AArch64 one on other machines.
 */
@ExtendWith(NoLeftoverProcesses.class)
class SessionLeaderTest {
  private static final String PATH = System.getenv("PATH");
  private static final boolean ON_AARCH64 = SessionLeader.HELPER == SessionLeader.HELPER_AARCH64;

  /** One way to run ovrseer-setsid: the program line that comes before its arguments. */
  private record Launcher(String name, List<String> prefix) {
    List<String> with(String... command) {
      List<String> line = new ArrayList<>(prefix);
      line.addAll(List.of(command));
      return line;
    }

    @Override
    public String toString() {
      return name;
    }
  }

  private static final List<Launcher> LAUNCHERS = new ArrayList<>();

  @TempDir static Path programs;

  @BeforeAll
  static void findLaunchers() throws Exception {
    SessionLeader.prefix()
        .filter(prefix -> prefix.contains("ovrseer-setsid-"))
        .ifPresent(installed -> LAUNCHERS.add(new Launcher("this machine's", List.of(installed))));
    Optional<Path> qemu = SearchPath.find("qemu-aarch64", PATH);
    if (!ON_AARCH64 && qemu.isPresent()) {
      Path arm = programs.resolve("ovrseer-setsid-aarch64");
      Files.write(arm, SessionLeader.HELPER_AARCH64);
      Files.setPosixFilePermissions(arm, PosixFilePermissions.fromString("rwx------"));
      LAUNCHERS.add(
          new Launcher("AArch64 under qemu", List.of(qemu.get().toString(), arm.toString())));
    }
  }

  static List<Launcher> launchers() {
    assumeTrue(
        !LAUNCHERS.isEmpty(),
        "no ovrseer-setsid for this machine, and no qemu-aarch64 to run the AArch64 one");
    return LAUNCHERS;
  }

  /** The program installed for this machine; the test is skipped where there is none. */
  private static String installed() {
    String arch = System.getProperty("os.arch");
    assumeTrue(
        SessionLeader.HELPER != null,
        "ovrseer-setsid is built for x86-64 and AArch64; on " + arch + " setsid from PATH is used");
    String helper = SessionLeader.prefix().orElseThrow();
    assertThat(helper).contains("ovrseer-setsid-");
    return helper;
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

  @ParameterizedTest
  @ValueSource(strings = {"x86_64", "aarch64"})
  void theEmbeddedProgramIsBuiltFromItsSource(String arch, @TempDir Path dir) throws Exception {
    Path source = Path.of("src/main/native/ovrseer-setsid-" + arch + ".S").toAbsolutePath();
    assumeTrue(Files.isRegularFile(source), "run from the project directory");
    boolean onThatArchitecture = SessionLeader.HELPER == SessionLeader.helperFor(arch);
    // Native binutils on a machine of that architecture, the cross ones (Debian: binutils-<arch>-
    // linux-gnu) elsewhere.
    String tools = onThatArchitecture ? "" : arch + "-linux-gnu-";
    assumeTrue(
        SearchPath.find(tools + "as", PATH).isPresent()
            && SearchPath.find(tools + "ld", PATH).isPresent(),
        tools + "as and " + tools + "ld (binutils) are needed to build it from its source");
    Path object = dir.resolve("setsid.o");
    Path built = dir.resolve("ovrseer-setsid");
    assertThat(run(List.of(tools + "as", "-o", object.toString(), source.toString())).exitCode())
        .isZero();
    assertThat(
            run(List.of(
                    tools + "ld",
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

    assertThat(Files.readAllBytes(built)).isEqualTo(SessionLeader.helperFor(arch));
  }

  /** A file {@code dir/script} holding {@code text}, executable by its owner only. */
  private static Path executableScript(Path dir, String text) throws Exception {
    Path script = dir.resolve("script");
    Files.writeString(script, text);
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
    return script;
  }

  @ParameterizedTest
  @MethodSource("launchers")
  void theProgramLeadsANewSessionWithItsArgumentsAndEnvironmentIntact(Launcher helper)
      throws Exception {
    Run run =
        run(
            helper.with(
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

  @ParameterizedTest
  @MethodSource("launchers")
  void aScriptWithoutAnInterpreterLineRunsUnderSh(Launcher helper, @TempDir Path dir)
      throws Exception {
    Path script = executableScript(dir, "echo \"script ran with $1\"\n");

    Run run = run(helper.with(script.toString(), "an argument"));

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).isEqualTo("script ran with an argument\n");
  }

  @ParameterizedTest
  @MethodSource("launchers")
  void aProgramThatCannotBeExecutedIsNamedWithItsErrno(Launcher helper, @TempDir Path dir)
      throws Exception {
    Path script = executableScript(dir, "#!/no/such/interpreter\necho never\n");

    Run missingInterpreter = run(helper.with(script.toString()));
    Run noArguments = run(helper.with());

    assertThat(missingInterpreter.exitCode()).isEqualTo(127);
    assertThat(missingInterpreter.err())
        .isEqualTo("ovrseer-setsid: cannot execute " + script + ": errno 2\n");
    assertThat(noArguments.exitCode()).isEqualTo(2);
    assertThat(noArguments.err()).startsWith("usage: ovrseer-setsid [--wait] PROGRAM");
  }

  @ParameterizedTest
  @MethodSource("launchers")
  void waitingItLeadsItsSessionAtOnceAndExecutesOnlyOnceReleased(Launcher helper) throws Exception {
    Process process =
        new ProcessBuilder(
                helper.with(
                    "--wait", "/bin/sh", "-c", "echo \"ran as $0 with $1\"; cat", "sh", "x"))
            .start();
    try {
      long pid = process.pid();
      // Before the release: still the helper, already the leader of its own session.
      await()
          .atMost(Duration.ofSeconds(20))
          .untilAsserted(() -> assertThat(ProcFiles.sessionOf(pid)).isEqualTo(pid));
      assertThat(ProcFiles.commandLine(pid)).contains("--wait");

      OutputStream stdin = process.getOutputStream();
      stdin.write("\nthe rest of its input\n".getBytes(StandardCharsets.UTF_8));
      stdin.close();
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

      assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
      assertThat(process.exitValue()).isZero();
      assertThat(out).isEqualTo("ran as sh with x\nthe rest of its input\n");
    } finally {
      process.destroyForcibly().waitFor();
    }
  }

  @ParameterizedTest
  @MethodSource("launchers")
  void waitingItExitsWithoutExecutingWhenItsInputEndsFirst(Launcher helper, @TempDir Path dir)
      throws Exception {
    Path marker = dir.resolve("ran");

    Run run = run(helper.with("--wait", "/usr/bin/touch", marker.toString()));
    Run nothingToRun = run(helper.with("--wait"));

    assertThat(run.exitCode()).isZero();
    assertThat(run.err()).isEmpty();
    assertThat(marker).doesNotExist();
    assertThat(nothingToRun.exitCode()).isEqualTo(2);
    assertThat(nothingToRun.err()).startsWith("usage: ovrseer-setsid [--wait] PROGRAM");
  }

  @Test
  void whereTheProgramCannotRunSetsidFromPathTakesOver(@TempDir Path tmp) throws Exception {
    String helper = installed();
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
