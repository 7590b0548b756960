package io.ovrseer.cli;

import io.ovrseer.log.LogLine;
import java.util.List;
import java.util.function.Predicate;

/**
 * Which part of a log is visible: lines are addressed by their sequence, so a scrolled view stays
 * on the same lines while new ones arrive, and follow mode shows the newest.
 */
final class LogWindow {
  private LogWindow() {}

  /**
   * The index one past the last line shown, in {@code entries}, for a view of {@code height} lines:
   * the end when following, else just after the anchor line (clamped to the first page when the
   * anchor was dropped from the buffer).
   */
  static int end(List<LogLine> entries, boolean follow, long anchor, int height) {
    if (follow || entries.isEmpty()) {
      return entries.size();
    }
    int index = indexAtOrBefore(entries, anchor);
    if (index < 0) {
      return Math.min(entries.size(), height);
    }
    return Math.max(Math.min(entries.size(), height), index + 1);
  }

  /** The index of the last line whose sequence is at most {@code sequence}, or -1. */
  static int indexAtOrBefore(List<LogLine> entries, long sequence) {
    int low = 0;
    int high = entries.size() - 1;
    int found = -1;
    while (low <= high) {
      int mid = (low + high) >>> 1;
      if (entries.get(mid).sequence() <= sequence) {
        found = mid;
        low = mid + 1;
      } else {
        high = mid - 1;
      }
    }
    return found;
  }

  /**
   * The anchor after scrolling by {@code lines} (negative: up, older) from the view ending at index
   * {@code end}; or -1 when the view reaches the newest line (follow again).
   */
  static long scroll(List<LogLine> entries, int end, int lines, int height) {
    if (entries.isEmpty()) {
      return -1;
    }
    int last = end - 1 + lines;
    last = Math.max(Math.min(height, entries.size()) - 1, last);
    if (last >= entries.size() - 1) {
      return -1;
    }
    return entries.get(last).sequence();
  }

  /**
   * The sequence of the nearest line whose text {@code matches} strictly before (older, {@code
   * older} true) or after {@code from}, or -1 if there is none.
   */
  static long findMatch(
      List<LogLine> entries, Predicate<String> matches, long from, boolean older) {
    if (older) {
      int start = indexAtOrBefore(entries, from - 1);
      for (int i = start; i >= 0; i--) {
        if (matches.test(entries.get(i).text())) {
          return entries.get(i).sequence();
        }
      }
    } else {
      int start = indexAtOrBefore(entries, from) + 1;
      for (int i = Math.max(0, start); i < entries.size(); i++) {
        if (matches.test(entries.get(i).text())) {
          return entries.get(i).sequence();
        }
      }
    }
    return -1;
  }

  /** How many buffered lines' texts {@code matches}. */
  static int countMatches(List<LogLine> entries, Predicate<String> matches) {
    int count = 0;
    for (LogLine line : entries) {
      if (matches.test(line.text())) {
        count++;
      }
    }
    return count;
  }

  /** The anchor that shows the line {@code sequence} in the middle of a view of {@code height}. */
  static long centerOn(List<LogLine> entries, long sequence, int height) {
    int index = indexAtOrBefore(entries, sequence);
    int last = Math.min(entries.size() - 1, Math.max(0, index) + height / 2);
    return entries.isEmpty() ? sequence : entries.get(last).sequence();
  }
}
