package io.ovrseer.internal;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A fixture for {@code OrphanGuardTest}, meant to run inside a PID namespace of its own: plants the
 * registry directory of a dead JVM with records that name processes which are not provably ours,
 * and some that are, sweeps, and prints which processes are still alive: {@code NAME alive} or
 * {@code NAME gone}.
 */
public final class PlantedRecordsSweep {
  private PlantedRecordsSweep() {}

  public static void main(String[] args) throws Exception {
    List<Process> started = new ArrayList<>();
    try {
      // A process of someone else, which Ovrseer never started.
      Process victim = start(started, List.of("sleep", "300"), null);
      // A root of ours, in its own session, recorded with its true start time.
      Process ours = start(started, List.of("setsid", "sleep", "301"), "1-aa");
      // A dead root of ours whose session lives on: one member carries its mark, one does not.
      Process shell =
          start(
              started,
              List.of(
                  "setsid",
                  "sh",
                  "-c",
                  "sleep 302 & echo $!; env -u "
                      + ProcessBackend.MARK_VARIABLE
                      + " sleep 303 & echo $!"),
              "1-bb");
      // Spawned as the JVM died, before its pid was recorded: only its mark is ("?1-dd").
      Process expected = start(started, List.of("setsid", "sleep", "304"), "1-dd");
      long shellStart = OrphanGuard.startOf(shell.toHandle());
      BufferedReader out =
          new BufferedReader(
              new InputStreamReader(shell.getInputStream(), StandardCharsets.US_ASCII));
      long marked = Long.parseLong(out.readLine().trim());
      long unmarked = Long.parseLong(out.readLine().trim());
      shell.waitFor();
      // Until each has executed its sleep: before that, "unmarked" is a forked shell that still
      // carries the mark, and the sweep rightly takes it (1 run in some tens failed so).
      // (The fixture JVM's class path has no Awaitility: a bounded poll of the condition.)
      long deadline = System.nanoTime() + java.time.Duration.ofSeconds(10).toNanos();
      while (!executedSleep(marked) || !executedSleep(unmarked)) {
        if (System.nanoTime() - deadline > 0) {
          throw new IllegalStateException("the session members never executed their sleep");
        }
        Thread.onSpinWait();
      }

      ProcessHandle self = ProcessHandle.current();
      long parent = self.parent().orElseThrow().pid();
      Path dir = PrivateDirectories.subdirectory(OrphanGuard.registry(), "4190000-1");
      Files.writeString(
          dir.resolve("processes"),
          String.join(
              "\n",
              "+0 0",
              "+0 0 1-cc",
              "+-1 0 1-cc",
              "+1 " + OrphanGuard.startOf(ProcessHandle.of(1).orElseThrow()) + " 1-cc",
              "+" + self.pid() + " " + OrphanGuard.startOf(self) + " 1-cc",
              "+" + parent + " " + OrphanGuard.startOf(self.parent().orElseThrow()) + " 1-cc",
              // A reused pid: the process with that pid started at another time.
              "+" + victim.pid() + " " + (OrphanGuard.startOf(victim.toHandle()) - 5000) + " 1-cc",
              "+" + ours.pid() + " " + OrphanGuard.startOf(ours.toHandle()) + " 1-aa",
              "+" + shell.pid() + " " + shellStart + " 1-bb",
              "?1-dd",
              "?",
              "?1-bb-x",
              ""));

      // The dead JVM's watchdog died too, and "ours" was given its pid afterwards.
      Files.writeString(
          dir.resolve("watchdog.pid"),
          ours.pid() + " " + (OrphanGuard.startOf(ours.toHandle()) - 7000));

      OrphanGuard.sweepDeadJvms();

      report("victim", victim.pid());
      report("ours", ours.pid());
      report("marked", marked);
      report("unmarked", unmarked);
      report("expected", expected.pid());
      report("self", self.pid());
      report("parent", parent);
      System.out.println("registry directory " + (Files.exists(dir) ? "kept" : "removed"));
      ProcessHandle.of(unmarked).ifPresent(ProcessHandle::destroyForcibly);
    } finally {
      started.forEach(Process::destroyForcibly);
    }
  }

  private static boolean executedSleep(long pid) {
    return ProcessHandle.of(pid)
        .flatMap(p -> p.info().commandLine())
        .orElse("")
        .contains("sleep 30");
  }

  private static Process start(List<Process> started, List<String> command, String mark)
      throws Exception {
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
    if (mark != null) {
      builder.environment().put(ProcessBackend.MARK_VARIABLE, mark);
    }
    Process process = builder.start();
    started.add(process);
    return process;
  }

  private static void report(String name, long pid) {
    boolean gone = ProcessHandle.of(pid).map(ProcessTree::isGone).orElse(true);
    System.out.println(name + (gone ? " gone" : " alive"));
  }
}
