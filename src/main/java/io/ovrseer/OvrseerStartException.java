package io.ovrseer;

import java.util.List;

/**
 * Thrown by {@link Ovrseer#start()} when the environment could not be brought up: a setup process
 * did not exit 0 within its timeout, a dependency failed its readiness (timeout, exit before ready
 * with retries used up), a process could not be spawned, or the {@code dependsOn} graph names an
 * unknown id, a group that starts later, or a cycle (then nothing was spawned).
 *
 * <p>By the time it is thrown every process that the start had spawned is stopped. The message
 * names the process, the reason and its last log lines; the cause, when there is one, is the
 * underlying failure.
 */
public class OvrseerStartException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String processId;
  private final List<String> lastLogs;

  /** Creates the exception for the process {@code processId} (may be null if no single one). */
  public OvrseerStartException(
      String message, String processId, List<String> lastLogs, Throwable cause) {
    super(message, cause);
    this.processId = processId;
    this.lastLogs = lastLogs == null ? List.of() : List.copyOf(lastLogs);
  }

  /** The id of the process that kept the environment from starting, or null. */
  public String getProcessId() {
    return processId;
  }

  /** The last log lines of that process, oldest first; empty if there were none. */
  public List<String> getLastLogs() {
    return lastLogs;
  }
}
