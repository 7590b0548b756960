package io.ovrseer.process;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** A readiness check that repeats a blocking attempt until it succeeds; attempts never overlap. */
abstract class PollingCheck implements ReadyCheck {
  private final Duration timeout;

  PollingCheck(Duration timeout) {
    this.timeout = ReadyCheck.requirePositive(timeout);
  }

  @Override
  public Duration timeout() {
    return timeout;
  }

  /** One attempt: true when the condition holds. Must return within about a second. */
  abstract boolean attempt();

  @Override
  public CompletableFuture<Void> await(Context context) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    context.runBlocking(() -> poll(context, done));
    return done;
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
