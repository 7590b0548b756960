package io.ovrseer.internal;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;

/** How Ovrseer handles failures of several steps and of futures, in one place. */
public final class Failures {
  private Failures() {}

  /**
   * Runs {@code action} on each of {@code items}, every one even after a failure, then throws the
   * first failure with the others attached as suppressed.
   */
  public static <T> void runEach(Iterable<T> items, Consumer<? super T> action) {
    RuntimeException failure = null;
    for (T item : items) {
      try {
        action.accept(item);
      } catch (RuntimeException e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  /**
   * The message of {@code error}, or the name of its class when it has none (a {@code
   * TimeoutException} of {@code Future.get}): never {@code "null"} in a message.
   */
  public static String messageOf(Throwable error) {
    return error.getMessage() != null ? error.getMessage() : error.getClass().getName();
  }

  /**
   * What {@code error} wraps, through any {@link CompletionException} or {@link
   * ExecutionException}.
   */
  public static Throwable unwrap(Throwable error) {
    Throwable cause = error;
    while ((cause instanceof CompletionException || cause instanceof ExecutionException)
        && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }
}
