package io.ovrseer.process;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** A readiness check that repeats a blocking attempt until it succeeds; attempts never overlap. */
abstract class PollingCheck implements ReadyCheck {
  private final Duration timeout;

  PollingCheck(Duration timeout) {
    this.timeout = ReadinessTimeouts.requirePositive(timeout);
  }

  @Override
  public Duration timeout() {
    return timeout;
  }

  /** One attempt: true when the condition holds. Must return within about a second. */
  abstract boolean attempt();

  /** Ends an attempt in flight once the wait is over; the default has nothing to end. */
  void abort() {}

  @Override
  public CompletableFuture<Void> await(Context context) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    PollingCheck run = forRun();
    done.whenComplete((ok, error) -> run.abort());
    context.runBlocking(() -> run.poll(context, done));
    return done;
  }

  /**
   * The instance that polls for one run of a process. Checks are shared between runs (and units),
   * so one with state per attempt returns a fresh copy; stateless ones return this.
   */
  PollingCheck forRun() {
    return this;
  }

  private void poll(Context context, CompletableFuture<Void> done) {
    if (done.isDone()) {
      return;
    }
    boolean ok;
    try {
      ok = attempt();
    } catch (RuntimeException e) {
      done.completeExceptionally(e);
      return;
    }
    if (ok) {
      done.complete(null);
    } else if (!done.isDone()) {
      context
          .scheduler()
          .schedule(
              () -> context.runBlocking(() -> poll(context, done)),
              DEFAULT_POLL_INTERVAL.toMillis(),
              TimeUnit.MILLISECONDS);
    }
  }

  @Override
  public String toString() {
    return description();
  }
}
