package io.ovrseer.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.ovrseer.log.ProcessLogger;
import io.ovrseer.testing.NoLeftoverProcesses;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(NoLeftoverProcesses.class)
class PollingCheckTest {

  private static final ReadyCheck.Context CONTEXT =
      new OsProcessUnit.RunContext(
          new ProcessLogger(),
          ProcessHandle.current().pid(),
          java.util.Optional.empty(),
          java.util.Map.of());

  @Test
  void theAbortOfAnAttemptThatReturnedIsNotRunWhenTheWaitEnds() {
    // A command check's abort kills what it started: run after the attempt returned, it would act
    // on a process that is gone, whose pid may be another's by then.
    AtomicInteger aborts = new AtomicInteger();
    AtomicInteger attempts = new AtomicInteger();
    PollingCheck check =
        checkAttempting(
            poll -> {
              poll.inFlight(aborts::incrementAndGet);
              return attempts.incrementAndGet() == 3;
            });

    check.await(CONTEXT).join();

    assertThat(attempts).hasValue(3);
    assertThat(aborts).hasValue(0);
  }

  @Test
  void theAbortOfTheAttemptInFlightRunsWhenTheWaitEnds() throws Exception {
    CountDownLatch inFlight = new CountDownLatch(1);
    CountDownLatch aborted = new CountDownLatch(1);
    PollingCheck check =
        checkAttempting(
            poll -> {
              poll.inFlight(aborted::countDown);
              inFlight.countDown();
              try {
                return aborted.await(30, TimeUnit.SECONDS) && false;
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
              }
            });
    CompletableFuture<Void> waiting = check.await(CONTEXT);
    assertThat(inFlight.await(10, TimeUnit.SECONDS)).isTrue();

    // What the unit does when it gives up (a timeout, a stop, the process's exit).
    waiting.cancel(false);

    assertThat(aborted.await(10, TimeUnit.SECONDS)).isTrue();
  }

  private static PollingCheck checkAttempting(Predicate<PollingCheck.Poll> attempt) {
    return new PollingCheck(Duration.ofSeconds(30)) {
      @Override
      boolean attempt(Poll poll) {
        return attempt.test(poll);
      }

      @Override
      public String description() {
        return "a test condition";
      }
    };
  }
}
