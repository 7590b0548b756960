package io.ovrseer.log;

import java.util.List;
import java.util.Objects;

/**
 * A snapshot of a {@link Flag} in a {@link ProcessLogger}: how often it matched, and the matches.
 *
 * @param name the name the flag was added under
 * @param flag the flag
 * @param count matches since the flag was added (never capped)
 * @param matches the most recent matches, oldest first (at most the logger's {@code maxBufferSize})
 * @param targetReached whether the flag has a target count and {@code count >= targetCount}
 */
public record FlagState(
    String name, Flag flag, int count, List<FlagMatch> matches, boolean targetReached) {
  /** Copies the matches. */
  public FlagState {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(flag, "flag");
    matches = List.copyOf(matches);
  }
}
