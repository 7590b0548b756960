package io.ovrseer.event;

import java.time.Instant;

/**
 * A process exited, for any reason. {@code exitCode} is null when it was killed by a signal, {@code
 * signal} (such as {@code "SIGKILL"}) is null when it exited. Event name {@value #NAME}.
 */
public record ProcessExit(String name, Integer exitCode, String signal, Instant timestamp)
    implements OvrseerEvent {
  /** The seed name of this event. */
  public static final String NAME = "process:exit";

  @Override
  public String eventName() {
    return NAME;
  }
}
