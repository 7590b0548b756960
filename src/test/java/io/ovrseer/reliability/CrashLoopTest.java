package io.ovrseer.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ovrseer.Ovrseer;
import io.ovrseer.OvrseerOptions;
import io.ovrseer.crash.CrashReport;
import io.ovrseer.crash.CrashReporter;
import io.ovrseer.crash.CrashType;
import io.ovrseer.event.ProcessSpawn;
import io.ovrseer.process.ProcessState;
import io.ovrseer.process.ProcessUnit;
import io.ovrseer.testing.NoLeftoverProcesses;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(NoLeftoverProcesses.class)
class CrashLoopTest {
  @TempDir Path reports;

  @Test
  void aProcessThatExitsAtOnceFiftyTimesIsBoundedByRetriesAndReportedEachTime() {
    Ovrseer ovrseer =
        new Ovrseer(
            OvrseerOptions.builder()
                .retries(49)
                .retryDelay(Duration.ZERO)
                .crashReporter(new CrashReporter(reports))
                .build());
    AtomicInteger spawns = new AtomicInteger();
    ovrseer.on(ProcessSpawn.class, e -> spawns.incrementAndGet());
    ProcessUnit loop = ProcessUnit.builder("sh", "-c", "echo crashing; exit 1").build();
    ovrseer.addMainProcess("loop", loop);

    ovrseer.start();
    await().atMost(Duration.ofSeconds(60)).until(() -> loop.getState() == ProcessState.FAILED);
    ovrseer.stop();

    assertThat(spawns).hasValue(50);
    List<CrashReport> saved = CrashReporter.readReports(reports);
    assertThat(saved).hasSize(50);
    assertThat(saved.subList(0, 49)).extracting(CrashReport::type).containsOnly(CrashType.CRASH);
    assertThat(saved.get(49).type()).isEqualTo(CrashType.RETRIES_EXHAUSTED);
    assertThat(saved)
        .extracting(CrashReport::retryCount)
        .containsExactlyElementsOf(java.util.stream.IntStream.range(0, 50).boxed().toList());
    assertThat(saved.get(49).lastLogs()).hasSize(50).containsOnly("crashing");
  }
}
