package io.ovrseer.crash;

/** Why a {@link CrashReport} was written. */
public enum CrashType {
  /** The process exited on its own with a non-zero code or by a signal; it will be restarted. */
  CRASH,
  /** The process did not pass its readiness checks (timeout, or exit before ready). */
  READY_CHECK_FAILED,
  /** The process could not be spawned (command not found, not executable, ...). */
  SPAWN_FAILED,
  /** The process crashed again after its retries were used up; it is now {@code FAILED}. */
  RETRIES_EXHAUSTED,
  /** A cleanup process exited non-zero, was killed at the cleanup timeout, or could not run. */
  CLEANUP_FAILED
}
