package io.ovrseer.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrivateFilesTest {
  @TempDir Path dir;

  private static byte[] text(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private List<String> entries() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(f -> f.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void aWrittenFileHasItsContentModeOwnerOnlyAndNoTemporaryFileBeside() throws IOException {
    Path file = dir.resolve("record");

    PrivateFiles.write(file, text("one"));
    PrivateFiles.write(file, text("two"));

    assertThat(Files.readString(file)).isEqualTo("two");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    assertThat(entries()).containsExactly("record");
  }

  @Test
  void createNewMakesAnEmptyOwnerOnlyFileUnderAFreshNameEachTime() throws IOException {
    Path first = PrivateFiles.createNew(dir, "probe-", ".tmp");
    Path second = PrivateFiles.createNew(dir, "probe-", ".tmp");

    assertThat(first).isNotEqualTo(second).hasParent(dir);
    assertThat(first.getFileName().toString()).startsWith("probe-").endsWith(".tmp");
    assertThat(Files.size(first)).isZero();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(first)))
        .isEqualTo("rw-------");
  }

  @Test
  void writeNewRefusesAnExistingFileOrLinkAndLeavesItAlone() throws IOException {
    Path file = dir.resolve("report.json");
    PrivateFiles.writeNew(file, text("first"));
    Path link = Files.createSymbolicLink(dir.resolve("link.json"), dir.resolve("missing"));

    assertThatThrownBy(() -> PrivateFiles.writeNew(file, text("second")))
        .isInstanceOf(FileAlreadyExistsException.class);
    assertThatThrownBy(() -> PrivateFiles.writeNew(link, text("second")))
        .isInstanceOf(FileAlreadyExistsException.class);

    assertThat(Files.readString(file)).isEqualTo("first");
    assertThat(Files.exists(dir.resolve("missing"))).isFalse();
    assertThat(entries()).containsExactly("link.json", "report.json");
  }

  @Test
  void ofWritersRacingForOneNewNameExactlyOneSucceeds() throws Exception {
    for (int round = 0; round < 10; round++) {
      raceForOneName(dir.resolve("report-" + round + ".json"));
    }
  }

  private void raceForOneName(Path file) throws Exception {
    int writers = 16;
    CyclicBarrier together = new CyclicBarrier(writers);
    ExecutorService threads = Executors.newFixedThreadPool(writers);
    try {
      List<Future<String>> outcomes = new ArrayList<>();
      for (int i = 0; i < writers; i++) {
        String content = "writer " + i;
        outcomes.add(
            threads.submit(
                () -> {
                  together.await();
                  try {
                    PrivateFiles.writeNew(file, text(content));
                    return content;
                  } catch (FileAlreadyExistsException taken) {
                    return null;
                  }
                }));
      }
      List<String> winners = new ArrayList<>();
      for (Future<String> outcome : outcomes) {
        String won = outcome.get(30, TimeUnit.SECONDS);
        if (won != null) {
          winners.add(won);
        }
      }

      assertThat(winners).as(file.toString()).hasSize(1);
      assertThat(Files.readString(file)).isEqualTo(winners.get(0));
      assertThat(entries())
          .contains(file.getFileName().toString())
          .allMatch(f -> !f.endsWith(".tmp"));
    } finally {
      threads.shutdownNow();
    }
  }

  @Test
  void aFailedRenameLeavesTheTargetAsItWasAndNoTemporaryFile() throws IOException {
    // A non-empty directory cannot be replaced by a file: the rename fails after the content
    // was written.
    Path target = Files.createDirectory(dir.resolve("target"));
    Files.writeString(target.resolve("inside"), "kept");

    assertThatThrownBy(() -> PrivateFiles.write(target, text("content")))
        .isInstanceOf(IOException.class);

    assertThat(entries()).containsExactly("target");
    assertThat(Files.readString(target.resolve("inside"))).isEqualTo("kept");
  }
}
