package io.ovrseer.internal;

/**
 * A process unit that can be spawned ahead of its start, so that the spawn's cost is paid while
 * other processes start and {@code start()} then only releases it. Internal: {@code Ovrseer}
 * prepares its main processes this way while their dependencies start. A unit is either started
 * (taking the prepared spawn) or told to discard it; nothing prepared outlives that.
 */
public interface PreparedStart {
  /**
   * Spawns the process ahead of its start, held before it executes its command. Returns false when
   * that cannot be done here (no helper program, already running, a spawn failure): {@code start()}
   * then spawns as usual and reports any failure itself. Blocks while it spawns.
   */
  boolean prepareStart();

  /**
   * Ends the prepared spawn that {@code start()} did not take, and returns once it is gone; does
   * nothing when there is none.
   */
  void discardPreparedStart();
}
