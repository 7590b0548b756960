package io.ovrseer.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.ovrseer.fixtures.PrivateDirectoriesOfThisUser;
import io.ovrseer.testing.LinkSwapper;
import io.ovrseer.testing.LogCapture;
import io.ovrseer.testing.NoLeftoverProcesses;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(NoLeftoverProcesses.class)
class PrivateDirectoriesTest {
  @TempDir Path tmp;

  /** Stands in for java.io.tmpdir: world-writable and sticky, like /tmp. */
  Path shared;

  int uid;

  @BeforeEach
  void sharedTemporaryDirectory() throws IOException {
    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
    shared = Files.createDirectory(tmp.resolve("shared"));
    // Files.setPosixFilePermissions cannot set the sticky bit.
    run("chmod", "1777", shared.toString());
    uid = (Integer) Files.getAttribute(tmp, "unix:uid");
  }

  private PrivateDirectories.Resolver resolver(String runtimeEnv, String cacheEnv, String home) {
    return new PrivateDirectories.Resolver(runtimeEnv, cacheEnv, home, shared);
  }

  private static String mode(Path dir) throws IOException {
    return PosixFilePermissions.toString(
        Files.getPosixFilePermissions(dir, LinkOption.NOFOLLOW_LINKS));
  }

  private static Object owner(Path dir) throws IOException {
    return Files.getAttribute(dir, "unix:uid", LinkOption.NOFOLLOW_LINKS);
  }

  private static List<String> entries(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(f -> f.getFileName().toString()).sorted().toList();
    }
  }

  private static int run(String... command) {
    try {
      Process process = new ProcessBuilder(command).inheritIO().start();
      assertThat(process.waitFor(30, TimeUnit.SECONDS)).as(String.join(" ", command)).isTrue();
      return process.exitValue();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static void asNobody(String... command) {
    String[] full = new String[command.length + 4];
    full[0] = "setpriv";
    full[1] = "--reuid=nobody";
    full[2] = "--regid=nogroup";
    full[3] = "--clear-groups";
    System.arraycopy(command, 0, full, 4, command.length);
    assertThat(run(full)).as(String.join(" ", full)).isZero();
  }

  private void assumeRootWithSetpriv() {
    assumeTrue(uid == 0, "runs only as root: it lets user nobody plant directories");
    assumeTrue(
        SearchPath.find("setpriv", System.getenv("PATH")).isPresent(),
        "needs util-linux setpriv to act as user nobody");
  }

  @Test
  void theRuntimeDirectoryIsUnderAPrivateXdgRuntimeDir() throws IOException {
    Path xdg =
        Files.createDirectory(
            tmp.resolve("xdg"),
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));

    Path runtime = resolver(xdg.toString(), null, null).runtime();

    assertThat(runtime).isEqualTo(xdg.resolve("ovrseer"));
    assertThat(mode(runtime)).isEqualTo("rwx------");
    assertThat(owner(runtime)).isEqualTo(uid);
  }

  @Test
  void withoutXdgRuntimeDirItIsOvrseerUidInTheTemporaryDirectory() throws IOException {
    Path runtime = resolver(null, null, null).runtime();

    assertThat(runtime).isEqualTo(shared.resolve("ovrseer-" + uid));
    assertThat(mode(runtime)).isEqualTo("rwx------");
  }

  @Test
  void anXdgRuntimeDirThatOthersCanEnterIsNotUsed() throws IOException {
    Path xdg = Files.createDirectory(tmp.resolve("xdg"));
    Files.setPosixFilePermissions(xdg, PosixFilePermissions.fromString("rwxr-xr-x"));

    try (LogCapture log = LogCapture.warningsOf(PrivateDirectories.class)) {
      Path runtime = resolver(xdg.toString(), null, null).runtime();

      assertThat(runtime).isEqualTo(shared.resolve("ovrseer-" + uid));
      assertThat(log.warnings())
          .singleElement()
          .asString()
          .contains("XDG_RUNTIME_DIR " + xdg)
          .contains("its mode is rwxr-xr-x, not rwx------");
    }
    assertThat(entries(xdg)).isEmpty();
  }

  @Test
  void anExistingDirectoryWithAWideModeIsNotUsedAndAFreshPrivateOneIs() throws IOException {
    Path planted = Files.createDirectory(shared.resolve("ovrseer-" + uid));
    Files.setPosixFilePermissions(planted, PosixFilePermissions.fromString("rwxrwxrwx"));

    try (LogCapture log = LogCapture.warningsOf(PrivateDirectories.class)) {
      PrivateDirectories.Resolver resolver = resolver(null, null, null);
      Path runtime = resolver.runtime();

      assertThat(runtime).isNotEqualTo(planted).hasParent(shared);
      assertThat(runtime.getFileName().toString()).startsWith("ovrseer-" + uid + "-");
      assertThat(mode(runtime)).isEqualTo("rwx------");
      assertThat(owner(runtime)).isEqualTo(uid);
      assertThat(resolver.runtime()).as("resolved once").isEqualTo(runtime);
      assertThat(log.warnings())
          .singleElement()
          .asString()
          .contains(planted.toString())
          .contains("its mode is rwxrwxrwx, not rwx------")
          .contains(runtime.toString());
    }
    assertThat(entries(planted)).isEmpty();
  }

  @Test
  void aSymbolicLinkIsNeverFollowed() throws IOException {
    Path victim = Files.createDirectory(tmp.resolve("victim"));
    Files.writeString(victim.resolve("precious"), "data");
    Path link = Files.createSymbolicLink(shared.resolve("ovrseer-" + uid), victim);

    try (LogCapture log = LogCapture.warningsOf(PrivateDirectories.class)) {
      PrivateDirectories.Resolver resolver = resolver(null, null, null);
      Path runtime = resolver.runtime();
      Path cache = resolver.cache();

      assertThat(runtime).isNotEqualTo(link);
      assertThat(cache).isEqualTo(runtime.resolve("cache"));
      assertThat(log.warnings())
          .singleElement()
          .asString()
          .contains(link + ": it is a symbolic link");
    }
    assertThat(entries(victim)).containsExactly("precious");
    assertThat(Files.isSymbolicLink(link)).isTrue();
  }

  @Test
  void theCacheIsUnderXdgCacheHomeElseTheHomeElseTheTemporaryDirectory() throws IOException {
    Path cacheHome = Files.createDirectory(tmp.resolve("cache-home"));
    Path home = Files.createDirectory(tmp.resolve("home"));

    assertThat(resolver(null, cacheHome.toString(), home.toString()).cache())
        .isEqualTo(cacheHome.resolve("ovrseer"));
    Path inHome = resolver(null, null, home.toString()).cache();
    assertThat(inHome).isEqualTo(home.resolve(".cache/ovrseer"));
    assertThat(mode(home.resolve(".cache"))).isEqualTo("rwx------");
    assertThat(mode(inHome)).isEqualTo("rwx------");
    assertThat(resolver(null, "relative/cache", tmp.resolve("no-home").toString()).cache())
        .isEqualTo(shared.resolve("ovrseer-" + uid).resolve("cache"));
  }

  @Test
  void aTemporaryDirectoryWhereNothingCanBeCreatedDoesNotStopTheXdgRuntimeDirOrTheCacheHome()
      throws IOException {
    // A read-only or missing java.io.tmpdir (root writes through a read-only mode, so: missing).
    Path noTmp = tmp.resolve("no-tmp");
    Path xdg =
        Files.createDirectory(
            tmp.resolve("xdg"),
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    Path home = Files.createDirectory(tmp.resolve("home"));
    var resolver = new PrivateDirectories.Resolver(xdg.toString(), null, home.toString(), noTmp);

    assertThat(resolver.runtime()).isEqualTo(xdg.resolve("ovrseer"));
    assertThat(resolver.cache()).isEqualTo(home.resolve(".cache/ovrseer"));
    assertThat(owner(resolver.runtime())).isEqualTo(uid);
    assertThat(entries(xdg)).containsExactly("ovrseer");
    assertThat(entries(home)).containsExactly(".cache");
    assertThat(noTmp).doesNotExist();
  }

  @Test
  void withoutAnyDirectoryToCreateAFileInTheErrorNamesTheTemporaryDirectory() {
    Path noTmp = tmp.resolve("no-tmp");
    var resolver = new PrivateDirectories.Resolver(null, null, null, noTmp);

    assertThatThrownBy(resolver::runtime)
        .isInstanceOf(java.io.UncheckedIOException.class)
        .hasMessageContaining("could not find out which user this JVM runs as")
        .hasMessageContaining(noTmp.toString());
  }

  @Test
  void aCacheHomeThatIsASymbolicLinkIsNotUsed() throws IOException {
    Path elsewhere = Files.createDirectory(tmp.resolve("elsewhere"));
    Path home = Files.createDirectory(tmp.resolve("home"));
    Files.createSymbolicLink(home.resolve(".cache"), elsewhere);

    try (LogCapture log = LogCapture.warningsOf(PrivateDirectories.class)) {
      Path cache = resolver(null, null, home.toString()).cache();

      assertThat(cache).isEqualTo(shared.resolve("ovrseer-" + uid).resolve("cache"));
      assertThat(log.warnings())
          .singleElement()
          .asString()
          .contains(home.resolve(".cache") + ": it is a symbolic link");
    }
    assertThat(entries(elsewhere)).isEmpty();
  }

  @Test
  void aSubdirectoryIsCreatedPrivateAndCheckedLikeTheRest() throws IOException {
    Path runtime = resolver(null, null, null).runtime();
    Path dir = runtime.resolve("registry");

    Path sub = PrivateDirectories.subdirectory(runtime, "registry");

    assertThat(sub).isEqualTo(dir);
    assertThat(mode(sub)).isEqualTo("rwx------");
    assertThat(PrivateDirectories.problemWith(sub)).isEmpty();
    Files.setPosixFilePermissions(sub, PosixFilePermissions.fromString("rwxr-x---"));
    assertThat(PrivateDirectories.problemWith(sub))
        .contains("its mode is rwxr-x---, not rwx------");
  }

  @Test
  void aSubdirectoryThatFailsTheChecksIsReplacedOnceNotAtEachCall() throws IOException {
    Path runtime = resolver(null, null, null).runtime();
    Path planted = Files.createDirectory(runtime.resolve("crash-reports"));
    Files.setPosixFilePermissions(planted, PosixFilePermissions.fromString("rwxr-xr-x"));

    try (LogCapture log = LogCapture.warningsOf(PrivateDirectories.class)) {
      Path first = PrivateDirectories.subdirectory(runtime, "crash-reports");
      Path second = PrivateDirectories.subdirectory(runtime, "crash-reports");
      try {
        // Else each crash report, each look at the registry, went to a new directory of its own.
        assertThat(first).isNotEqualTo(planted);
        assertThat(second).isEqualTo(first);
        assertThat(log.warnings()).singleElement().asString().contains(planted.toString());
      } finally {
        Files.deleteIfExists(first);
        Files.deleteIfExists(second);
      }
    }
    // A good subdirectory removed meanwhile is still created again.
    Path good = PrivateDirectories.subdirectory(runtime, "good");
    Files.delete(good);
    assertThat(PrivateDirectories.subdirectory(runtime, "good")).isEqualTo(good).isDirectory();
  }

  @Test
  void asRootADirectoryThatUserNobodyCreatedFirstIsNotUsed() throws IOException {
    assumeRootWithSetpriv();
    Path planted = shared.resolve("ovrseer-" + uid);
    asNobody("mkdir", "-m", "0700", planted.toString());

    try (LogCapture log = LogCapture.warningsOf(PrivateDirectories.class)) {
      PrivateDirectories.Resolver resolver = resolver(null, null, null);
      Path runtime = resolver.runtime();
      Path cache = resolver.cache();

      assertThat(runtime).isNotEqualTo(planted);
      assertThat(owner(runtime)).isEqualTo(0);
      assertThat(mode(runtime)).isEqualTo("rwx------");
      assertThat(cache).isEqualTo(runtime.resolve("cache"));
      assertThat(log.warnings())
          .singleElement()
          .asString()
          .contains(planted + ": it is owned by uid 65534, not uid 0");
    }
    assertThat(entries(planted)).isEmpty();
    assertThat(owner(planted)).isEqualTo(65534);
  }

  @Test
  void asRootASymbolicLinkThatUserNobodyPlantedIsNotFollowed() throws IOException {
    assumeRootWithSetpriv();
    Path victim = Files.createDirectory(tmp.resolve("victim"));
    Files.writeString(victim.resolve("precious"), "data");
    Path planted = shared.resolve("ovrseer-" + uid);
    asNobody("ln", "-s", victim.toString(), planted.toString());

    try (LogCapture log = LogCapture.warningsOf(PrivateDirectories.class)) {
      PrivateDirectories.Resolver resolver = resolver(null, null, null);
      Path runtime = resolver.runtime();
      resolver.cache();
      PrivateFiles.write(runtime.resolve("record"), new byte[] {1});

      assertThat(runtime).isNotEqualTo(planted);
      assertThat(log.warnings())
          .singleElement()
          .asString()
          .contains(planted + ": it is a symbolic link");
    }
    assertThat(entries(victim)).containsExactly("precious");
    assertThat(Files.readString(victim.resolve("precious"))).isEqualTo("data");
  }

  @Test
  void asRootTheDirectoriesOfAnotherUserAreHandedToThatUser() throws IOException {
    assumeRootWithSetpriv();
    PrivateDirectories.Resolver resolver = resolver(null, null, null);

    Path runtime = resolver.runtimeOf("nobody");
    Path cache = resolver.cacheOf("nobody");

    assertThat(runtime).isEqualTo(shared.resolve("ovrseer-65534"));
    assertThat(cache).isEqualTo(runtime.resolve("cache"));
    for (Path dir : List.of(runtime, cache)) {
      assertThat(owner(dir)).isEqualTo(65534);
      assertThat(Files.getAttribute(dir, "unix:gid", LinkOption.NOFOLLOW_LINKS))
          .isEqualTo(gidOfNobody());
      assertThat(mode(dir)).isEqualTo("rwx------");
    }
    asNobody("touch", cache.resolve("written-by-nobody").toString());
    assertThat(resolver.runtimeOf("root")).isEqualTo(resolver.runtime());
  }

  /**
   * User nobody owns its runtime directory, so it can rename the cache directory that root has just
   * made there and put a symbolic link in its place, before root has set the directory's mode and
   * owner. Root must not change what the link points to (here: make a file of its own mode 0700). A
   * race, so the attacker gets many chances; before the fix it won within a few.
   */
  @Test
  void asRootTheCacheOfAnotherUserIsNotSwappedForALinkUnderRoot() throws Exception {
    assumeRootWithSetpriv();
    LinkSwapper.assumeUsable();
    Path victim = Files.writeString(tmp.resolve("victim"), "root's");
    Files.setPosixFilePermissions(victim, PosixFilePermissions.fromString("rw-r--r--"));
    try (LinkSwapper attacker = LinkSwapper.start(LinkSwapper.Link.SYMBOLIC, victim);
        LogCapture log = LogCapture.warningsOf(PrivateDirectories.class)) {
      for (int attempt = 0; attempt < 100; attempt++) {
        Path tmpdir = Files.createDirectory(tmp.resolve("tmpdir-" + attempt));
        PrivateDirectories.Resolver resolver =
            new PrivateDirectories.Resolver(null, null, null, tmpdir);
        attacker.arm(resolver.runtimeOf("nobody").resolve("cache"));

        resolver.cacheOf("nobody");

        attacker.awaitSwap();
        assertThat(mode(victim)).as("after attempt %d", attempt).isEqualTo("rw-r--r--");
      }
    }
    assertThat(Files.readString(victim)).isEqualTo("root's");
  }

  @Test
  void asRootTheCacheOfAnotherUserIsMadeByThatUserNotWithRootsRights() throws IOException {
    assumeRootWithSetpriv();
    PrivateDirectories.Resolver resolver = resolver(null, null, null);
    Path runtime = resolver.runtimeOf("nobody");
    asNobody("chmod", "0500", runtime.toString());

    try (LogCapture log = LogCapture.warningsOf(PrivateDirectories.class)) {
      Path cache = resolver.cacheOf("nobody");

      assertThat(cache.getParent()).isEqualTo(shared);
      assertThat(owner(cache)).isEqualTo(65534);
      assertThat(log.warnings())
          .singleElement()
          .asString()
          .contains(runtime.resolve("cache") + ": uid 65534 could not create it: [")
          .contains("mkdir, -m, 0700, --, " + runtime.resolve("cache") + "] failed");
    }
    assertThat(entries(runtime)).isEmpty();
  }

  /**
   * Two root JVMs preparing nobody's directories at once: one creates a directory, and before it
   * hands it over the other finds it there, still root's. The second must take it (as nobody's),
   * not turn to a fresh directory of its own, where it would unpack and make templates again.
   */
  @Test
  void asRootAnEmptyDirectoryThatAnotherJvmCreatedButHasNotHandedOverYetIsTaken()
      throws IOException {
    assumeRootWithSetpriv();
    Path beingMade =
        Files.createDirectory(
            shared.resolve("ovrseer-65534"),
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));

    Path cache = resolver(null, null, null).cacheOf("nobody");

    assertThat(cache).isEqualTo(beingMade.resolve("cache"));
    assertThat(owner(beingMade)).isEqualTo(65534);
  }

  @Test
  void asRootANonEmptyDirectoryOfRootIsNotHandedToAnotherUser() throws IOException {
    assumeRootWithSetpriv();
    Path roots =
        Files.createDirectory(
            shared.resolve("ovrseer-65534"),
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    Files.writeString(roots.resolve("root's"), "not for nobody");

    Path runtime = resolver(null, null, null).runtimeOf("nobody");

    assertThat(runtime).isNotEqualTo(roots);
    assertThat(owner(roots)).isEqualTo(0);
  }

  @Test
  void aJvmRunAsAnotherUserGetsThatUsersDirectoriesAndCannotPrepareOthers() throws Exception {
    assumeRootWithSetpriv();
    String classPath =
        Path.of(
                PrivateDirectories.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI())
            + File.pathSeparator
            + Path.of(
                PrivateDirectoriesOfThisUser.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
    ProcessBuilder builder =
        new ProcessBuilder(
                "setpriv",
                "--reuid=nobody",
                "--regid=nogroup",
                "--clear-groups",
                ProcessHandle.current().info().command().orElseThrow(),
                "-Djava.io.tmpdir=" + shared,
                "-Duser.home=" + tmp.resolve("no-home"),
                "-cp",
                classPath,
                PrivateDirectoriesOfThisUser.class.getName(),
                "root")
            .redirectErrorStream(true);
    builder.environment().remove("XDG_RUNTIME_DIR");
    builder.environment().remove("XDG_CACHE_HOME");
    Process run = builder.start();
    String output = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(run.waitFor()).as(output).isZero();

    Path runtime = shared.resolve("ovrseer-65534");
    assertThat(output.lines())
        .containsExactly(
            runtime.toString(),
            runtime.resolve("cache").toString(),
            "the private directories of user [root] can only be prepared by a JVM run as root;"
                + " this one runs as uid 65534");
    assertThat(owner(runtime)).isEqualTo(65534);
    assertThat(mode(runtime)).isEqualTo("rwx------");
  }

  @Test
  void theDirectoriesOfThisJvmsOwnUserNeedNoUserLookup() throws Exception {
    // No getent on PATH (as on macOS): a process run as "oneself" is no switch at all.
    ProcessBuilder builder =
        new ProcessBuilder(
                ProcessHandle.current().info().command().orElseThrow(),
                "-Djava.io.tmpdir=" + tmp,
                "-cp",
                System.getProperty("java.class.path"),
                PrivateDirectoriesOfThisUser.class.getName(),
                System.getProperty("user.name"))
            .redirectErrorStream(true);
    builder.environment().put("PATH", tmp.resolve("no-programs").toString());
    builder.environment().remove("XDG_RUNTIME_DIR");
    Process run = builder.start();
    String output = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(run.waitFor()).as(output).isZero();

    List<String> lines = output.lines().toList();
    assertThat(lines).hasSize(3);
    assertThat(lines.get(2)).isEqualTo(lines.get(0));
  }

  private static int gidOfNobody() {
    try {
      Process id = new ProcessBuilder("id", "-g", "nobody").start();
      String out = new String(id.getInputStream().readAllBytes()).trim();
      assertThat(id.waitFor(30, TimeUnit.SECONDS)).isTrue();
      return Integer.parseInt(out);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Test
  void anUnknownUserIsAnError() {
    assumeTrue(uid == 0, "as another user the root check comes first");
    assertThatThrownBy(() -> resolver(null, null, null).runtimeOf("no-such-user-ovrseer"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no OS user [no-such-user-ovrseer]");
  }
}
