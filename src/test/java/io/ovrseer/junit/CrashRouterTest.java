package io.ovrseer.junit;

import static org.assertj.core.api.Assertions.assertThat;

import io.ovrseer.event.ProcessCrash;
import io.ovrseer.fixtures.Fixtures;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class CrashRouterTest {

  @Test
  void aReportRoutedWhileATestsSinkClosesReachesThatSinkOrTheClassNeverNeither() {
    CrashRouter router = new CrashRouter();
    CrashSink classSink = new CrashSink(null, router);
    router.attachClass(classSink);
    List<CrashSink> testSinks = new ArrayList<>();
    AtomicBoolean routing = new AtomicBoolean(true);
    // Tests begin and end as fast as they can while crashes keep coming.
    CompletableFuture<Void> tests =
        CompletableFuture.runAsync(
            () -> {
              while (routing.get()) {
                CrashSink sink = new CrashSink(null, router);
                router.attachTest(sink);
                sink.close();
                synchronized (testSinks) {
                  testSinks.add(sink);
                }
              }
            });
    int crashes = 200_000;
    for (int i = 0; i < crashes; i++) {
      router.accept(crash("p" + i));
    }
    routing.set(false);
    tests.join();

    Set<String> seen = new HashSet<>();
    classSink.reports().forEach(report -> seen.add(report.processId()));
    synchronized (testSinks) {
      testSinks.forEach(sink -> sink.reports().forEach(report -> seen.add(report.processId())));
    }
    router.unclaimed().forEach(report -> seen.add(report.processId()));
    assertThat(seen).hasSize(crashes);
  }

  private static ProcessCrash crash(String id) {
    return new ProcessCrash(id, 1, null, Fixtures.crashReport(id), Instant.now());
  }
}
