package io.ovrseer.event;

import java.time.Instant;

/**
 * A process is being restarted: after a crash, attempt {@code retryCount} (1 or more) of {@code
 * maxRetries}; by {@code restartProcess}, with {@code retryCount} 0. {@code maxRetries} is the
 * {@code retries} option for a dependency or main process, and 0 for a setup or cleanup process,
 * which is never restarted automatically (as in its crash reports). Event name {@value #NAME}.
 */
public record ProcessRestart(String name, int retryCount, int maxRetries, Instant timestamp)
    implements OvrseerEvent {
  /** The seed name of this event. */
  public static final String NAME = "process:restart";

  @Override
  public String eventName() {
    return NAME;
  }
}
