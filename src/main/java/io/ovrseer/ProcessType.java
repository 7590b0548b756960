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
  CLEANUP;

  /**
   * Whether processes of this group are supervised: restarted after a crash, up to the retries, and
   * {@code FAILED} once those are used up. True for dependencies and main processes.
   */
  public boolean isSupervised() {
    return this == DEPENDENCY || this == MAIN;
  }

  /**
   * Whether a process of this group may name a process of {@code target}'s group in its {@link
   * io.ovrseer.process.ProcessUnit#dependsOn() dependsOn}: never a group that starts after it.
   * Setup processes, dependencies and cleanup processes may name setup processes and dependencies;
   * main processes also other main processes.
   */
  public boolean mayDependOn(ProcessType target) {
    return target == SETUP || target == DEPENDENCY || (this == MAIN && target == MAIN);
  }
}
