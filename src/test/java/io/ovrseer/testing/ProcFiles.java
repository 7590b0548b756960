package io.ovrseer.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** What tests read of a process in {@code /proc}. */
public final class ProcFiles {
  private ProcFiles() {}

  /** The process's arguments, its program first; empty once it is gone. */
  public static List<String> commandLine(long pid) {
    try {
      return List.of(Files.readString(Path.of("/proc/" + pid + "/cmdline")).split("\0"));
    } catch (IOException gone) {
      return List.of();
    }
  }

  /** The id of the process's session. */
  public static long sessionOf(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      // After the command name in parentheses: state, parent, group, session.
      return Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[3]);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read /proc/" + pid + "/stat", e);
    }
  }

  /**
   * Whether the process is gone or a zombie, whatever the backend: an orphan that died waits as a
   * zombie until init reaps it, and {@link ProcessHandle#isAlive()} counts a zombie as alive.
   */
  public static boolean isDead(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      char state = stat.charAt(stat.lastIndexOf(')') + 2);
      return state == 'Z' || state == 'X';
    } catch (IOException gone) {
      return ProcessHandle.of(pid).map(handle -> !handle.isAlive()).orElse(true);
    }
  }
}
