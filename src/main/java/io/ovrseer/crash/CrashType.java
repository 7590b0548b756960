package io.ovrseer.crash;

/** Why a {@link CrashReport} was written. */
public enum CrashType {
  /**
   * The process exited on its own with a non-zero code or by a signal (also before it was ready); a
   * dependency or main process is restarted if retries remain and the orchestrator is running. Also
   * a setup process that did not exit 0, or was still running at its timeout (its tree was then
   * killed); setup processes are never restarted, and their failure fails the start.
   */
  CRASH,
  /** A readiness check timed out or failed while the process was running; it was then stopped. */
  READY_CHECK_FAILED,
  /** The process could not be spawned (command not found, not executable, ...). */
  SPAWN_FAILED,
  /** The process crashed again after its retries were used up; it is now {@code FAILED}. */
  RETRIES_EXHAUSTED,
  /** A cleanup process exited non-zero, was killed at the cleanup timeout, or could not run. */
  CLEANUP_FAILED
}
