package io.ovrseer.crash;

import io.ovrseer.ProcessType;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What is known about one crash of a process, as saved by a {@link CrashReporter}.
 *
 * @param processId the id the process was registered under
 * @param processType its group
 * @param type why the report was written
 * @param command the command that was run
 * @param args its arguments
 * @param exitCode the exit code, or null if it was killed by a signal or never ran
 * @param signal the signal that killed it (such as {@code "SIGKILL"}), or null
 * @param timestamp when the crash was seen
 * @param lastLogs the last log lines before the crash, oldest first
 * @param retryCount restarts already made after crashes when this one happened (0 for setup and
 *     cleanup processes, which are never restarted)
 * @param maxRetries the restarts allowed (0 for setup and cleanup processes)
 * @param message a human-readable summary of what happened
 * @param flagCounts each flag's count at the time of the crash, in the order flags were added
 */
public record CrashReport(
    String processId,
    ProcessType processType,
    CrashType type,
    String command,
    List<String> args,
    Integer exitCode,
    String signal,
    Instant timestamp,
    List<String> lastLogs,
    int retryCount,
    int maxRetries,
    String message,
    Map<String, Integer> flagCounts) {

  /** Copies the lists and the map; null collections become empty. */
  public CrashReport {
    Objects.requireNonNull(processId, "processId");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(timestamp, "timestamp");
    args = args == null ? List.of() : List.copyOf(args);
    lastLogs = lastLogs == null ? List.of() : List.copyOf(lastLogs);
    flagCounts =
        flagCounts == null
            ? Map.of()
            : Collections.unmodifiableMap(new LinkedHashMap<>(flagCounts));
  }

  /** "exit code 3", "signal SIGKILL" or "no exit status". */
  public String describeExit() {
    if (signal != null) {
      return "signal " + signal;
    }
    return exitCode != null ? "exit code " + exitCode : "no exit status";
  }

  /**
   * A multi-line text for humans: id, type, exit, the retries used (for dependencies and main
   * processes; setup and cleanup processes are never retried), message and the last {@code
   * maxLines} log lines, such as:
   *
   * <pre>
   * process "api" (main) CRASH, exit code 3, retries used: 0 of 3: main process "api" exited ...
   *   last log lines:
   *   | Exception in thread "main" ...
   * </pre>
   *
   * <p>With {@code maxLines} 0, only the first line (also for a report without log lines);
   * otherwise "(no log lines)" stands for a report that has none.
   *
   * @throws IllegalArgumentException if {@code maxLines} is negative
   */
  public String toText(int maxLines) {
    if (maxLines < 0) {
      throw new IllegalArgumentException("maxLines must be 0 or more but was " + maxLines);
    }
    StringBuilder text = new StringBuilder();
    text.append("process \"")
        .append(processId)
        .append("\" (")
        .append(processType == null ? "?" : processType.name().toLowerCase(java.util.Locale.ROOT))
        .append(") ")
        .append(type)
        .append(", ")
        .append(describeExit());
    if (processType != null && processType.isSupervised()) {
      // The vocabulary of process:restart and of the messages: retries, not attempts.
      text.append(", retries used: ").append(retryCount).append(" of ").append(maxRetries);
    }
    if (message != null && !message.isEmpty()) {
      text.append(": ").append(message);
    }
    if (maxLines == 0) {
      return text.toString(); // the summary alone, whether the report has lines or not
    }
    if (lastLogs.isEmpty()) {
      text.append("\n  (no log lines)");
    } else {
      text.append("\n  last log lines:");
      for (String line :
          lastLogs.subList(Math.max(0, lastLogs.size() - maxLines), lastLogs.size())) {
        text.append("\n  | ").append(line);
      }
    }
    return text.toString();
  }
}
