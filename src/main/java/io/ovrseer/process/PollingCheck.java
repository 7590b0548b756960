package io.ovrseer.process;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A readiness check that repeats a blocking attempt until it succeeds; attempts never overlap.
 * Checks are shared between runs (and units): what belongs to one run's wait is its {@link Poll}.
 */
abstract class PollingCheck implements ReadyCheck {
  private final Duration timeout;

  PollingCheck(Duration timeout) {
    this.timeout = timeout;
  }

  @Override
  public Duration timeout() {
    return timeout;
  }

  /**
   * One attempt of {@code poll}'s wait: true when the condition holds. Must return within about a
   * second, and never much later than the {@linkplain Poll#remaining() time left}; what it leaves
   * in flight (a connection, a command) it registers with {@link Poll#inFlight}.
   */
  abstract boolean attempt(Poll poll);

  /**
   * Why the check cannot tell this process from another one, if so: the port it asks is on this
   * machine and accepts connections already before the spawn, so another process holds it, and the
   * check would pass for that one. Empty by default: only the port checks know.
   */
  Optional<String> takenBeforeSpawn() {
    return Optional.empty();
  }

  @Override
  public CompletableFuture<Void> await(Context context) {
    Poll poll = new Poll(context, System.nanoTime() + timeout.toNanos());
    CompletableFuture<Void> done = new Waiting(poll);
    done.whenComplete((ok, error) -> poll.end());
    context.runBlocking(() -> poll(poll, context, done));
    return done;
  }

  private void poll(Poll poll, Context context, CompletableFuture<Void> done) {
    // With no time left the unit's timeout ends the wait: no attempt is begun for it.
    if (done.isDone() || poll.remaining().toNanos() <= 0) {
      return;
    }
    boolean ok;
    try {
      ok = attempt(poll);
    } catch (RuntimeException e) {
      done.completeExceptionally(e);
      return;
    } finally {
      poll.attemptEnded();
    }
    if (ok) {
      done.complete(null);
    } else if (!done.isDone()) {
      context
          .scheduler()
          .schedule(
              () -> context.runBlocking(() -> poll(poll, context, done)),
              DEFAULT_POLL_INTERVAL.toMillis(),
              TimeUnit.MILLISECONDS);
    }
  }

  /**
   * How the last failed attempt of the wait {@code future} (returned by {@link #await}) failed, as
   * {@link Poll#failed} told it; empty for other checks' futures or before a failure was told.
   */
  static Optional<String> lastFailureOf(CompletableFuture<?> future) {
    return future instanceof Waiting waiting
        ? Optional.ofNullable(waiting.poll.lastFailure)
        : Optional.empty();
  }

  /** The future of one run's wait, which knows its {@link Poll}. */
  private static final class Waiting extends CompletableFuture<Void> {
    private final Poll poll;

    Waiting(Poll poll) {
      this.poll = poll;
    }
  }

  /**
   * One run's wait: when it ends, how to end the attempt in flight once it is over (ready, failed
   * or stopped), so that no attempt outlives it, and how the last attempt failed.
   */
  static final class Poll {
    private final Context context;
    private final long deadline;
    private Runnable abortInFlight;
    private boolean over;
    private volatile String lastFailure;

    private Poll(Context context, long deadline) {
      this.context = context;
      this.deadline = deadline;
    }

    /** What the check can see of the run it waits for. */
    Context context() {
      return context;
    }

    /**
     * Tells how this attempt failed ({@code "answered HTTP 404"}), for the message of a timeout.
     */
    void failed(String how) {
      lastFailure = how;
    }

    /**
     * Tells {@code how} this attempt failed, unless {@code keepEarlier} and an earlier attempt told
     * how: an attempt that only ran out of time because the check's own deadline cut it short says
     * nothing new of the server, so an earlier failure ("answered HTTP 404") stays told.
     */
    void failed(String how, boolean keepEarlier) {
      if (!keepEarlier || lastFailure == null) {
        lastFailure = how;
      }
    }

    /** The time left until the check's timeout. */
    Duration remaining() {
      return Duration.ofNanos(deadline - System.nanoTime());
    }

    /**
     * The shorter of {@code limit} and the {@linkplain #remaining() time left}, in milliseconds, at
     * least 1 (0 means "no timeout" to the JDK's sockets).
     */
    int millisWithin(Duration limit) {
      return (int) Math.max(1, Math.min(limit.toMillis(), remaining().toMillis()));
    }

    /**
     * Keeps {@code abort} to end the attempt in flight when the wait ends; if it is already over,
     * runs it at once and returns false.
     */
    synchronized boolean inFlight(Runnable abort) {
      abortInFlight = abort;
      if (over) {
        abort.run();
      }
      return !over;
    }

    /** Forgets the abort of the attempt that just returned: there is nothing left to end. */
    private synchronized void attemptEnded() {
      abortInFlight = null;
    }

    private synchronized void end() {
      over = true;
      if (abortInFlight != null) {
        abortInFlight.run();
      }
    }
  }

  @Override
  public String toString() {
    return description();
  }
}
