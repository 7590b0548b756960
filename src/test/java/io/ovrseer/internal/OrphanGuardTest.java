package io.ovrseer.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ovrseer.testing.NoLeftoverProcesses;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(NoLeftoverProcesses.class)
class OrphanGuardTest {

  @Test
  void theJournalHoldsWhatWasRecordedAndNotForgotten() throws Exception {
    OrphanGuard guard = OrphanGuard.get();
    Process process = new ProcessBuilder("sleep", "60").start();
    try {
      guard.register(process.pid());
      assertThat(guard.registered()).contains(process.pid());
      assertThat(
              Files.readString(
                  guard.directory().orElseThrow().resolve("processes"), StandardCharsets.US_ASCII))
          .contains(
              "+"
                  + process.pid()
                  + " "
                  + ProcessTable.startTicks(process.pid()).getAsLong()
                  + "\n");

      guard.unregister(process.pid());
      assertThat(guard.registered()).doesNotContain(process.pid());
    } finally {
      process.destroy();
      process.waitFor();
    }
  }

  @Test
  void aForgottenProcessReachesTheJournalSoonWithoutAnotherRecord() throws Exception {
    OrphanGuard guard = OrphanGuard.get();
    Path journal = guard.directory().orElseThrow().resolve("processes");
    Process process = new ProcessBuilder("sleep", "60").start();
    try {
      guard.register(process.pid());
      process.destroy();
      process.waitFor();

      guard.unregister(List.of(process.pid()));

      await()
          .atMost(OrphanGuard.FORGET_WITHIN.plusSeconds(2))
          .until(
              () ->
                  Files.readString(journal, StandardCharsets.US_ASCII)
                      .contains("\n-" + process.pid() + "\n"));
    } finally {
      process.destroy();
      process.waitFor();
    }
  }

  @Test
  void theJournalIsCompactedAndKeepsWhatIsStillRecorded() throws Exception {
    OrphanGuard guard = OrphanGuard.get();
    java.nio.file.Path journal = guard.directory().orElseThrow().resolve("processes");
    Process kept = new ProcessBuilder("sleep", "60").start();
    Process churned = new ProcessBuilder("sleep", "60").start();
    try {
      guard.register(kept.pid());
      // About 22 bytes a pair, 1.3 MB in all: past the 1 MiB at which the journal is rewritten.
      for (int i = 0; i < 60_000; i++) {
        guard.register(churned.pid());
        guard.unregister(churned.pid());
      }

      assertThat(Files.size(journal)).isLessThan(1024 * 1024);
      assertThat(guard.registered()).contains(kept.pid()).doesNotContain(churned.pid());
      guard.register(churned.pid());
      assertThat(guard.registered()).contains(kept.pid(), churned.pid());
    } finally {
      guard.unregister(kept.pid());
      guard.unregister(churned.pid());
      for (Process process : java.util.List.of(kept, churned)) {
        process.destroy();
        process.waitFor();
      }
    }
  }
}
