package io.ovrseer.event;

import io.ovrseer.log.LogLine;
import java.time.Instant;

/**
 * A process wrote a line on {@code stream}. Delivered only while someone listens for it. Event name
 * {@value #NAME}.
 */
public record ProcessLog(String name, String line, LogLine.Stream stream, Instant timestamp)
    implements OvrseerEvent {
  /** The seed name of this event. */
  public static final String NAME = "process:log";

  @Override
  public String eventName() {
    return NAME;
  }
}
