package io.ovrseer.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.util.ArrayList;
import java.util.List;

/**
 * The lifecycle a user writes by hand to get what Ovrseer guarantees, the baseline of the
 * orchestration and JUnit benchmarks: each process under util-linux {@code setsid} (a session of
 * its own, so that what it forks stays findable), ready at its first line, phases started in order
 * and stopped in reverse; a phase is stopped by taking each process's tree (itself and its {@link
 * ProcessHandle#descendants()}, before the first signal), SIGTERM to every member, then waiting for
 * the exit of every member. Only the JDK: what one writes without a library.
 */
final class HandWritten {
  private HandWritten() {}

  /** Spawns {@code command} (without waiting for anything) as the leader of a new session. */
  static Process startInOwnSession(List<String> command) throws IOException {
    List<String> line = new ArrayList<>(command.size() + 1);
    line.add("setsid");
    line.addAll(command);
    return new ProcessBuilder(line).start();
  }

  /** Waits for the first line of each process, in order: the processes are ready then. */
  static void awaitFirstLines(List<Process> processes) throws IOException {
    for (Process process : processes) {
      new BufferedReader(new InputStreamReader(process.getInputStream())).readLine();
    }
  }

  /**
   * Stops the processes and their trees together: the members are taken first (a parent that dies
   * first would leave its children where its descendants are no longer looked for), all are sent
   * SIGTERM, and the call returns once every member has exited.
   */
  static void stopTrees(List<Process> processes) throws InterruptedException {
    List<ProcessHandle> descendants = new ArrayList<>();
    for (Process process : processes) {
      process.descendants().forEach(descendants::add);
    }
    processes.forEach(Process::destroy);
    descendants.forEach(ProcessHandle::destroy);
    for (Process process : processes) {
      process.waitFor();
    }
    for (ProcessHandle descendant : descendants) {
      descendant.onExit().join();
    }
  }
}
