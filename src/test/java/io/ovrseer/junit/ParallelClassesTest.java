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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
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

  @Test
  void aNestedEnvironmentReadsTheSysPortOfItsOwnEnclosingEnvironmentNotOfAParallelClass() {
    TestKit.assertSucceeded(
        TestKit.run(CLASSES_CONCURRENT, EnclosingLeft.class, EnclosingRight.class));
  }

  /** Holds each enclosing class in its {@code @BeforeAll} until both environments are up. */
  static final CountDownLatch BOTH_ENCLOSING_UP = new CountDownLatch(2);

  static void awaitBothEnclosingUp() throws InterruptedException {
    BOTH_ENCLOSING_UP.countDown();
    assertThat(BOTH_ENCLOSING_UP.await(60, TimeUnit.SECONDS)).isTrue();
  }

  @OnlyInTestKit
  @OvrseerEnvironment
  @Dependency(
      id = "api",
      command = {"sh", "-c", "exec sleep 600", "api", "${port:api}"})
  static class EnclosingLeft {
    static int apiPort;

    @BeforeAll
    static void bothUp(@Port("api") int port) throws InterruptedException {
      apiPort = port;
      awaitBothEnclosingUp();
    }

    @Nested
    @OvrseerEnvironment
    @Dependency(
        id = "client",
        command = {"sh", "-c", "exec sleep 600", "client", "${sys:ovrseer.port.api}"})
    class Client {
      @Test
      void reachesItsEnclosingApi(@ProcessId("client") ProcessUnit client) {
        assertThat(client.args()).last().isEqualTo(String.valueOf(apiPort));
      }
    }
  }

  @OnlyInTestKit
  @OvrseerEnvironment
  @Dependency(
      id = "api",
      command = {"sh", "-c", "exec sleep 600", "api", "${port:api}"})
  static class EnclosingRight {
    static int apiPort;

    @BeforeAll
    static void bothUp(@Port("api") int port) throws InterruptedException {
      apiPort = port;
      awaitBothEnclosingUp();
    }

    @Nested
    @OvrseerEnvironment
    @Dependency(
        id = "client",
        command = {"sh", "-c", "exec sleep 600", "client", "${sys:ovrseer.port.api}"})
    class Client {
      @Test
      void reachesItsEnclosingApi(@ProcessId("client") ProcessUnit client) {
        assertThat(client.args()).last().isEqualTo(String.valueOf(apiPort));
      }
    }
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
