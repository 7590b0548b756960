package io.ovrseer.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The same log-reading behaviour with the fallback readers: two threads per process, used where the
 * selectable pipes cannot be made or when {@code ovrseer.output.threads} is true.
 */
class LogReadingWithReaderThreadsTest extends LogReadingTest {

  @BeforeAll
  static void useReaderThreads() {
    System.setProperty(OsProcessUnit.THREADS_PROPERTY, "true");
  }

  @Test
  void eachProcessHasTwoReaderThreads() {
    ProcessUnit unit =
        ProcessUnit.builder("sh", "-c", "echo READY; exec sleep 600")
            .readyCheck(ReadyCheck.logPattern("READY", Duration.ofSeconds(30)))
            .build();
    unit.start();
    try {
      unit.ready().join();
      String prefix = "ovrseer-sh-" + unit.getPid().getAsLong();
      assertThat(Thread.getAllStackTraces().keySet())
          .extracting(Thread::getName)
          .contains(prefix + "-stdout", prefix + "-stderr");
    } finally {
      unit.stop();
    }
  }

  @AfterAll
  static void useTheSelectorAgain() {
    System.clearProperty(OsProcessUnit.THREADS_PROPERTY);
  }
}
