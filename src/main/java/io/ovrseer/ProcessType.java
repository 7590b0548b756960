package io.ovrseer;

/** The group a process belongs to in an {@link Ovrseer}, which decides when it runs. */
public enum ProcessType {
  /**
   * Run once at the start, before the main processes, in parallel with the dependencies; must exit
   * 0 (within its timeout) or {@link Ovrseer#start()} fails; never restarted.
   */
  SETUP,
  /** Started first, in parallel; must pass readiness before main processes start; stopped last. */
  DEPENDENCY,
  /** The workload: started once every dependency is ready, supervised and restarted on crash. */
  MAIN,
  /** Run in parallel during {@link Ovrseer#stop()}, after the mains stopped; never restarted. */
  CLEANUP
}
