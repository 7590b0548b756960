package io.ovrseer;

import static io.ovrseer.fixtures.Fixtures.steps;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ovrseer.crash.CrashReporter;
import io.ovrseer.event.ProcessExit;
import io.ovrseer.internal.Uninterruptible;
import io.ovrseer.testing.NoLeftoverProcesses;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * start(), stop() and restartAll() return after their events were delivered (docs/events.md,
 * "Delivery") on the paths off the usual one. A slow listener holds back each process:exit, so that
 * a call that does not wait for the delivery returns before they arrive.
 */
@ExtendWith(NoLeftoverProcesses.class)
class DeliveryOnReturnTest {
  @TempDir Path reports;
  private Ovrseer ovrseer;
  private final List<String> exits = new CopyOnWriteArrayList<>();
  private final CountDownLatch released = new CountDownLatch(1);

  @BeforeEach
  void orchestrator() {
    ovrseer =
        new Ovrseer(OvrseerOptions.builder().crashReporter(new CrashReporter(reports)).build());
    // Released by the test once the call returned; at most 1 s, which a call that waits sits out.
    ovrseer.on(ProcessExit.class, e -> Uninterruptible.await(released, Duration.ofSeconds(1)));
    ovrseer.on(ProcessExit.class, e -> exits.add(e.name()));
    ovrseer.addDependency("db", steps("hang").build());
    ovrseer.addMainProcess("api", steps("hang").build());
  }

  @AfterEach
  void stop() {
    released.countDown();
    ovrseer.stop();
  }

  /** What the listeners had heard when the call returned; then lets the slow listener go. */
  private List<String> exitsAtReturn() {
    List<String> atReturn = List.copyOf(exits);
    released.countDown();
    return atReturn;
  }

  @Test
  void stopOfAnInterruptedThreadReturnsAfterItsEventsWereDelivered() {
    ovrseer.start();
    boolean stillInterrupted;

    Thread.currentThread().interrupt();
    try {
      ovrseer.stop();
    } finally {
      stillInterrupted = Thread.interrupted();
    }

    assertThat(exitsAtReturn()).containsExactly("api", "db");
    assertThat(stillInterrupted).as("the interrupt is kept for the caller").isTrue();
  }

  @Test
  void restartAllThatFailsItsDependsOnCheckReturnsAfterTheEventsOfItsStop() {
    ovrseer.start();
    ovrseer.addMainProcess("late", steps("hang").dependsOn("nope").build());

    assertThatThrownBy(ovrseer::restartAll)
        .isInstanceOf(OvrseerStartException.class)
        .hasMessageContaining("depends on \"nope\", which is not registered");

    assertThat(exitsAtReturn()).containsExactly("api", "db");
  }

  @Test
  void startThatFailsItsDependsOnCheckReturnsAfterTheEventsOfWhatItStoppedFirst() {
    // Run by restartProcess while not started: start() stops it first, then checks the graph.
    ovrseer.restartProcess("api");
    ovrseer.addMainProcess("late", steps("hang").dependsOn("nope").build());

    assertThatThrownBy(ovrseer::start)
        .isInstanceOf(OvrseerStartException.class)
        .hasMessageContaining("depends on \"nope\", which is not registered");

    assertThat(exitsAtReturn()).containsExactly("api");
  }
}
