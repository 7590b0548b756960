package io.ovrseer.cli;

import io.ovrseer.OvrseerStartException;
import java.util.ArrayList;
import java.util.List;

/** How a failed start is told: the reason, then the failing process's last log lines. */
final class StartFailure {
  private StartFailure() {}

  /** The lines telling why {@code e} happened. */
  static List<String> lines(OvrseerStartException e) {
    List<String> lines = new ArrayList<>();
    String message = String.valueOf(e.getMessage()).replaceFirst("^Ovrseer could not start: ", "");
    message.lines().forEach(line -> lines.add(lines.isEmpty() ? "could not start: " + line : line));
    List<String> logs = e.getLastLogs();
    if (!logs.isEmpty() && !message.contains(logs.get(logs.size() - 1))) {
      lines.add("last log lines of " + e.getProcessId() + ":");
      logs.forEach(line -> lines.add("  " + line));
    }
    return lines;
  }
}
