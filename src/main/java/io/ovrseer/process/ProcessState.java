package io.ovrseer.process;

/** Where a {@link ProcessUnit} is in its life. A new unit is {@link #CREATED}. */
public enum ProcessState {
  /** Never started. */
  CREATED,
  /** Spawned; its readiness checks have not all passed yet. */
  STARTING,
  /** Running and every readiness check passed. */
  READY,
  /** {@link ProcessUnit#stop()} was called and the process has not exited yet. */
  STOPPING,
  /** Exited after {@link ProcessUnit#stop()} or {@link ProcessUnit#kill()}. */
  STOPPED,
  /** Exited with code 0 on its own. */
  COMPLETED,
  /** Exited on its own with a non-zero code or by a signal, or failed its readiness checks. */
  CRASHED,
  /** Could not be spawned, or its orchestrator gave up restarting it after its retries. */
  FAILED;

  /**
   * Whether a process in this state may still be running ({@code STARTING}, {@code READY}, {@code
   * STOPPING}).
   */
  public boolean isAlive() {
    return this == STARTING || this == READY || this == STOPPING;
  }
}
