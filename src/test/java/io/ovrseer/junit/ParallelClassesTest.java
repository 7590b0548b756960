package io.ovrseer.junit;

import static io.ovrseer.junit.TestKit.STEPS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ovrseer.process.ProcessUnit;
import io.ovrseer.testing.NoLeftoverProcesses;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/** Environments of test classes that JUnit runs at the same time. */
@ExtendWith(NoLeftoverProcesses.class)
class ParallelClassesTest {
  private static final String PORT_PROPERTY = "ovrseer.port.db";

  private static final Map<String, String> CLASSES_CONCURRENT =
      Map.of(
          "junit.jupiter.execution.parallel.enabled", "true",
          "junit.jupiter.execution.parallel.mode.default", "same_thread",
          "junit.jupiter.execution.parallel.mode.classes.default", "concurrent",
          "junit.jupiter.execution.parallel.config.strategy", "fixed",
          "junit.jupiter.execution.parallel.config.fixed.parallelism", "2");

  @Test
  void environmentsThatStopInTheOrderTheyStartedLeaveNoPortPropertyBehind() {
    assertThat(System.getProperty(PORT_PROPERTY)).isNull();

    TestKit.assertSucceeded(TestKit.run(CLASSES_CONCURRENT, StartsFirst.class, StartsSecond.class));

    assertThat(StartsSecond.sawItsOwnPortAfterTheFirstStopped).isTrue();
    assertThat(System.getProperty(PORT_PROPERTY))
        .as("no stopped environment's port is left published")
        .isNull();
  }

  static final AtomicLong FIRST_PID = new AtomicLong();
  static final CountDownLatch SECOND_STARTED = new CountDownLatch(1);

  @OnlyInTestKit
  @OvrseerEnvironment
  @Dependency(
      id = "db",
      command = {"${java}", "-cp", "${classpath}", STEPS, "hang", "${port:db}"})
  static class StartsFirst {
    @Test
    void keepsItsEnvironmentUpUntilTheSecondStarted(@ProcessId("db") ProcessUnit db)
        throws InterruptedException {
      FIRST_PID.set(db.getPid().orElseThrow());
      assertThat(SECOND_STARTED.await(60, TimeUnit.SECONDS)).isTrue();
    }
  }

  /** Holds the second class back until the first one's environment is up. */
  static final class AfterTheFirstStarted implements BeforeAllCallback {
    @Override
    public void beforeAll(ExtensionContext context) {
      await().atMost(Duration.ofSeconds(60)).until(() -> FIRST_PID.get() != 0);
    }
  }

  @OnlyInTestKit
  @ExtendWith(AfterTheFirstStarted.class)
  @OvrseerEnvironment
  @Dependency(
      id = "db",
      command = {"${java}", "-cp", "${classpath}", STEPS, "hang", "${port:db}"})
  static class StartsSecond {
    static volatile boolean sawItsOwnPortAfterTheFirstStopped;

    @Test
    void outlivesTheFirst(@Port("db") int port) {
      SECOND_STARTED.countDown();
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> ProcessHandle.of(FIRST_PID.get()).map(p -> !p.isAlive()).orElse(true));
      sawItsOwnPortAfterTheFirstStopped =
          Integer.toString(port).equals(System.getProperty(PORT_PROPERTY));
    }
  }
}
