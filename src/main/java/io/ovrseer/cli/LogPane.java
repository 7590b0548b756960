package io.ovrseer.cli;

import io.ovrseer.internal.Plural;
import io.ovrseer.log.LogLine;
import java.util.ArrayList;
import java.util.List;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.AttributedStyle;

/**
 * The log pane of the terminal UI: the selected process's lines that fit, following or scrolled
 * (see {@link LogWindow}), stderr in red, search matches highlighted.
 */
final class LogPane {
  private LogPane() {}

  /** The title line: process, follow mode, line counts, search. */
  static AttributedString title(
      ViewState.View view, String id, List<LogLine> entries, long total, int cols) {
    String mode = view.follow() ? "following" : "scrolled, End follows";
    String search = view.searchText() == null ? "" : " | search /" + view.searchText() + "/";
    String left =
        "-- log: "
            + id
            + " ("
            + mode
            + ") | "
            + Plural.of(total, "line", "lines")
            + (total > entries.size() ? ", last " + entries.size() + " kept" : "")
            + search
            + " ";
    return Text.fit(new AttributedString(Text.pad(left, cols, '-'), Styles.TITLE), cols);
  }

  /**
   * Exactly {@code height} lines of {@code entries} for the view.
   *
   * @throws BoundedSearch.TooSlow if highlighting the search's matches took longer than {@link
   *     BoundedSearch#FRAME_BUDGET}
   */
  static List<AttributedString> render(
      ViewState.View view, List<LogLine> entries, int height, int cols) {
    List<AttributedString> lines = new ArrayList<>(height);
    if (height <= 0) {
      return lines;
    }
    int end = LogWindow.end(entries, view.follow(), view.anchor(), height);
    int start = Math.max(0, end - height);
    BoundedSearch search =
        view.search() == null ? null : new BoundedSearch(view.search(), BoundedSearch.FRAME_BUDGET);
    for (int i = start; i < end; i++) {
      LogLine line = entries.get(i);
      lines.add(Text.fit(logLine(line, view, search, cols), cols));
    }
    while (lines.size() < height) {
      lines.add(AttributedString.EMPTY);
    }
    return lines;
  }

  private static AttributedString logLine(
      LogLine line, ViewState.View view, BoundedSearch search, int cols) {
    // Only what can show is cleaned and searched (a character is at least one column wide, save
    // the rare zero-width one), so that a frame costs as much with lines of 64 KiB as with short
    // ones, and the search's frame budget is not spent on text off the screen.
    String text = Text.clean(line.text(), 2 * cols);
    AttributedStyle base = line.stream() == LogLine.Stream.STDERR ? Styles.STDERR : Styles.PLAIN;
    if (line.sequence() == view.currentMatch()) {
      base = base.bold().underline();
    }
    AttributedStringBuilder out = new AttributedStringBuilder();
    if (search == null) {
      return out.style(base).append(text).toAttributedString();
    }
    int at = 0;
    for (int[] match : search.matches(text)) {
      out.style(base).append(text, at, match[0]);
      out.style(Styles.MATCH).append(text, match[0], match[1]);
      at = match[1];
    }
    out.style(base).append(text, at, text.length());
    return out.toAttributedString();
  }
}
