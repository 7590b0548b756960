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
}
