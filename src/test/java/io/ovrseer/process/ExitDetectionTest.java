package io.ovrseer.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ovrseer.testing.NoLeftoverProcesses;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** An exit is handled whatever the rest of the JVM does with the common ForkJoinPool. */
@ExtendWith(NoLeftoverProcesses.class)
class ExitDetectionTest {

  @Test
  void anExitIsHandledAndAStopReturnsWhileTheCommonPoolsWorkersAreBlocked() throws Exception {
    // As a test does that stops an environment from a runAsync task while another waits for the
    // same lock: a lock does not make the pool add a worker. The JDK completes Process.onExit()
    // on this pool (on Java 25 also where it has a single worker).
    ReentrantLock held = new ReentrantLock();
    held.lock();
    List<CompletableFuture<Void>> blocked = new ArrayList<>();
    try {
      for (int i = 0; i < ForkJoinPool.getCommonPoolParallelism(); i++) {
        blocked.add(
            CompletableFuture.runAsync(
                () -> {
                  held.lock();
                  held.unlock();
                },
                ForkJoinPool.commonPool()));
      }
      ProcessUnit crashing = ProcessUnit.builder("sh", "-c", "echo started; exit 3").build();
      ProcessUnit running =
          ProcessUnit.builder("sh", "-c", "echo READY; exec sleep 600")
              .readyCheck(ReadyCheck.logPattern("READY", Duration.ofSeconds(20)))
              .build();
      crashing.start();
      running.start();
      running.ready().get(20, TimeUnit.SECONDS);

      assertThat(crashing.exit().get(20, TimeUnit.SECONDS)).isEqualTo(ExitStatus.fromExitValue(3));
      running.stop();
      assertThat(running.getState()).isEqualTo(ProcessState.STOPPED);
    } finally {
      held.unlock();
    }
    for (CompletableFuture<Void> holder : blocked) {
      holder.get(20, TimeUnit.SECONDS);
    }
  }

  @Test
  void aStopWhileACrashIsHandledLeavesTheUnitCrashed() throws Exception {
    ProcessUnit unit =
        ProcessUnit.builder("sh", "-c", "read line; exit 3")
            .readyCheck(ReadyCheck.logPattern("never printed", Duration.ofMinutes(1)))
            .build();
    unit.start();
    CompletableFuture<Void> stopped = new CompletableFuture<>();
    // The exit handler fails the readiness after the unit went CRASHED and before exit()
    // completes: a stop from another thread in between waits for that exit.
    unit.ready()
        .whenComplete(
            (ok, error) -> {
              Thread stopper =
                  new Thread(
                      () -> {
                        try {
                          unit.stop();
                          stopped.complete(null);
                        } catch (RuntimeException e) {
                          stopped.completeExceptionally(e);
                        }
                      });
              stopper.start();
              await()
                  .until(
                      () -> stopper.getState() == Thread.State.TIMED_WAITING || stopped.isDone());
            });
    unit.sendStdin("exit now");

    stopped.get(30, TimeUnit.SECONDS);
    assertThat(unit.exit().get(20, TimeUnit.SECONDS)).isEqualTo(ExitStatus.fromExitValue(3));
    assertThat(unit.getState()).isEqualTo(ProcessState.CRASHED);
  }
}
