package io.ovrseer.spec;

import java.util.Objects;

/**
 * One mistake in an environment declaration: where it is and what is wrong, in the bracket style of
 * JUnit's own messages. The same mistake has the same {@link #message()} whichever front end
 * (annotations, YAML, the builder) it was written in; only {@link #where()} differs.
 *
 * @param where the location: {@code @Dependency(id="db").ready.timeout}, or {@code env.yml:7:
 *     dependencies.db.ready.timeout}
 * @param message what is wrong, starting with the offending value in brackets: {@code [5 sec] is
 *     not a duration; use 500ms, 30s, 2m, 1h or ISO-8601 such as PT5S}
 */
public record Problem(String where, String message) {
  public Problem {
    Objects.requireNonNull(where, "where");
    Objects.requireNonNull(message, "message");
  }

  /** The location followed by the message. */
  @Override
  public String toString() {
    return where.isEmpty() ? message : where + " " + message;
  }
}
