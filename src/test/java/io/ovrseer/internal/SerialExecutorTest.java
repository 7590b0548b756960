package io.ovrseer.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SerialExecutorTest {
  private final ThreadPoolExecutor pool = (ThreadPoolExecutor) Executors.newCachedThreadPool();

  @AfterEach
  void shutDown() throws InterruptedException {
    pool.shutdownNow();
    assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void tasksFromManyThreadsRunInOrderPerThreadAndNeverTwoAtATime() throws Exception {
    SerialExecutor serial = new SerialExecutor(pool);
    AtomicInteger running = new AtomicInteger();
    AtomicInteger overlaps = new AtomicInteger();
    List<List<Integer>> seen = new ArrayList<>();
    int submitters = 4;
    int perSubmitter = 2_000;
    for (int s = 0; s < submitters; s++) {
      seen.add(new ArrayList<>());
    }
    CountDownLatch done = new CountDownLatch(submitters * perSubmitter);
    ExecutorService submitting = Executors.newFixedThreadPool(submitters);
    for (int s = 0; s < submitters; s++) {
      int submitter = s;
      submitting.execute(
          () -> {
            for (int i = 0; i < perSubmitter; i++) {
              int value = i;
              serial.execute(
                  () -> {
                    if (running.incrementAndGet() > 1) {
                      overlaps.incrementAndGet();
                    }
                    seen.get(submitter).add(value); // unsynchronised: only safe one at a time
                    running.decrementAndGet();
                    done.countDown();
                  });
            }
          });
    }
    assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
    submitting.shutdown();

    assertThat(overlaps).hasValue(0);
    for (List<Integer> values : seen) {
      assertThat(values).hasSize(perSubmitter).isSorted();
    }
  }

  @Test
  void anIdleExecutorHoldsNoThreadAndALaterTaskStillRuns() throws Exception {
    SerialExecutor serial = new SerialExecutor(pool);
    CountDownLatch first = new CountDownLatch(1);
    serial.execute(first::countDown);
    assertThat(first.await(10, TimeUnit.SECONDS)).isTrue();
    await().atMost(Duration.ofSeconds(10)).until(() -> pool.getActiveCount() == 0);

    CountDownLatch second = new CountDownLatch(1);
    serial.execute(second::countDown);

    assertThat(second.await(10, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void itIsIdleOnlyWhenNothingIsQueuedOrRunning() throws Exception {
    SerialExecutor serial = new SerialExecutor(pool);
    assertThat(serial.isIdle()).isTrue();
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch started = new CountDownLatch(1);
    serial.execute(
        () -> {
          started.countDown();
          awaitQuietly(release);
        });
    serial.execute(() -> {});

    assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(serial.isIdle()).as("while a task runs and another waits").isFalse();
    release.countDown();
    await().atMost(Duration.ofSeconds(10)).until(serial::isIdle);
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void aTaskKnowsItRunsOnTheExecutorAndOtherThreadsDoNot() throws Exception {
    SerialExecutor serial = new SerialExecutor(pool);
    AtomicInteger inside = new AtomicInteger(-1);
    CountDownLatch ran = new CountDownLatch(1);
    serial.execute(
        () -> {
          inside.set(serial.isRunningTask() ? 1 : 0);
          ran.countDown();
        });
    assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();

    assertThat(inside).hasValue(1);
    assertThat(serial.isRunningTask()).isFalse();
  }
}
