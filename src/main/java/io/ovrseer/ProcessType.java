package io.ovrseer;

/** The group a process belongs to in an {@link Ovrseer}, which decides when it runs. */
public enum ProcessType {
  /** Started first, in parallel; must pass readiness before main processes start; stopped last. */
  DEPENDENCY,
  /** The workload: started once every dependency is ready, supervised and restarted on crash. */
  MAIN,
  /** Run in parallel during {@link Ovrseer#stop()}, after the mains stopped; never restarted. */
  CLEANUP
}
