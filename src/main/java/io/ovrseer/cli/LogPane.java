package io.ovrseer.cli;

import io.ovrseer.log.LogLine;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
            + total
            + " lines"
            + (total > entries.size() ? ", last " + entries.size() + " kept" : "")
            + search
            + " ";
    return Text.fit(new AttributedString(Text.pad(left, cols, '-'), Styles.TITLE), cols);
  }

  /** Exactly {@code height} lines of {@code entries} for the view. */
  static List<AttributedString> render(
      ViewState.View view, List<LogLine> entries, int height, int cols) {
    List<AttributedString> lines = new ArrayList<>(height);
    if (height <= 0) {
      return lines;
    }
    int end = LogWindow.end(entries, view.follow(), view.anchor(), height);
    int start = Math.max(0, end - height);
    for (int i = start; i < end; i++) {
      LogLine line = entries.get(i);
      lines.add(Text.fit(logLine(line, view), cols));
    }
    while (lines.size() < height) {
      lines.add(AttributedString.EMPTY);
    }
    return lines;
  }

  private static AttributedString logLine(LogLine line, ViewState.View view) {
    String text = Text.clean(line.text());
    AttributedStyle base = line.stream() == LogLine.Stream.STDERR ? Styles.STDERR : Styles.PLAIN;
    if (line.sequence() == view.currentMatch()) {
      base = base.bold().underline();
    }
    AttributedStringBuilder out = new AttributedStringBuilder();
    Pattern search = view.search();
    if (search == null) {
      return out.style(base).append(text).toAttributedString();
    }
    Matcher m = search.matcher(text);
    int at = 0;
    while (m.find() && m.end() > m.start()) {
      out.style(base).append(text, at, m.start());
      out.style(Styles.MATCH).append(text, m.start(), m.end());
      at = m.end();
    }
    out.style(base).append(text, at, text.length());
    return out.toAttributedString();
  }
}
