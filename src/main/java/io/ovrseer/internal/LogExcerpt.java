package io.ovrseer.internal;

import java.util.List;

/** The last log lines of a process appended to a message, the same way in every message. */
public final class LogExcerpt {
  private LogExcerpt() {}

  /**
   * {@code message}, then "; last log lines:" and each line on its own line as {@code " | line"},
   * or "; it logged nothing".
   */
  public static String append(String message, List<String> lines) {
    StringBuilder text = new StringBuilder(message);
    if (lines.isEmpty()) {
      text.append("; it logged nothing");
    } else {
      text.append("; last log lines:");
      lines.forEach(line -> text.append("\n  | ").append(line));
    }
    return text.toString();
  }
}
