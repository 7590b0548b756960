package io.ovrseer.process;

import java.util.List;
import java.util.Optional;

/**
 * Why a run of a process did not become ready: a check timed out, a check failed, or the process
 * exited (or was stopped) first. The message names the command; for a check that timed out, the
 * check, how long it waited and how its last attempt failed (for the TCP, HTTP and command checks);
 * for a check that failed, the check and why; for a process that exited first, its exit status (not
 * the checks: whatever they awaited, the exit decided); and then the last log lines.
 */
public class ReadinessException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String reason;
  private final transient ExitStatus exitStatus;
  private final List<String> lastLogs;

  /**
   * Creates the exception, whose {@link #getReason() reason} is the whole message; {@code
   * exitStatus} is null if the process did not exit.
   */
  public ReadinessException(
      String message, ExitStatus exitStatus, List<String> lastLogs, Throwable cause) {
    this(message, message, exitStatus, lastLogs, cause);
  }

  /** Creates the exception; {@code reason} is the part of the message that says what went wrong. */
  public ReadinessException(
      String message,
      String reason,
      ExitStatus exitStatus,
      List<String> lastLogs,
      Throwable cause) {
    super(message, cause);
    this.reason = reason;
    this.exitStatus = exitStatus;
    this.lastLogs = List.copyOf(lastLogs);
  }

  /**
   * What went wrong, without the command line and the log lines, for messages that show those
   * elsewhere (a crash report): {@code did not become ready within 10 s: waited for log line
   * matching /Ready/}.
   */
  public String getReason() {
    return reason;
  }

  /** How the process ended, if it exited before being ready. */
  public Optional<ExitStatus> getExitStatus() {
    return Optional.ofNullable(exitStatus);
  }

  /** The last log lines when readiness failed, oldest first. */
  public List<String> getLastLogs() {
    return lastLogs;
  }
}
