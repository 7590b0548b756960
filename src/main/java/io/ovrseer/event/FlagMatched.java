package io.ovrseer.event;

import java.time.Instant;
import java.util.List;

/**
 * A line of a process matched one of its logger's flags. {@code matchCount} counts matches so far,
 * {@code targetCount} is null without a target, {@code context} holds the lines before the match
 * (up to the flag's context window). Event name {@value #NAME}.
 */
public record FlagMatched(
    String processName,
    String flagName,
    String line,
    int matchCount,
    Integer targetCount,
    List<String> context,
    Instant timestamp)
    implements OvrseerEvent {
  /** The seed name of this event. */
  public static final String NAME = "flag:matched";

  /** Copies {@code context}. */
  public FlagMatched {
    context = List.copyOf(context);
  }

  @Override
  public String eventName() {
    return NAME;
  }
}
