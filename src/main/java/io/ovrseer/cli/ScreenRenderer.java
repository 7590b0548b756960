package io.ovrseer.cli;

import io.ovrseer.Ovrseer;
import io.ovrseer.RegisteredProcess;
import io.ovrseer.internal.Plural;
import io.ovrseer.log.FlagState;
import io.ovrseer.log.LogLine;
import io.ovrseer.process.ProcessUnit;
import io.ovrseer.services.ServiceUnit;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStringBuilder;

/**
 * Draws one frame of the terminal UI from a {@link ViewState.View} and snapshots of the processes:
 * header, process table grouped by dependencies / main / cleanup, the selected process's log, the
 * flags panel, the status line and the key line. Pure: it reads, never changes a process.
 */
final class ScreenRenderer {
  /** The fewest rows the UI is drawn in. */
  static final int MIN_ROWS = 5;

  /** The fewest columns the UI is drawn in. */
  static final int MIN_COLS = 20;

  private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

  private final Ovrseer ovrseer;
  private final String source;
  private final ProcessPanel processTable;

  ScreenRenderer(Ovrseer ovrseer, String source) {
    this.ovrseer = ovrseer;
    this.source = source;
    this.processTable = new ProcessPanel(ovrseer);
  }

  /**
   * Exactly {@code rows} lines, none wider than {@code cols} and none with a terminal escape or
   * control character ({@link Text#safe}); tells {@code state} the log height. A screen smaller
   * than {@value #MIN_COLS} x {@value #MIN_ROWS} shows only how large it must be.
   */
  /**
   * The notice {@code ovrseer: needs 20x5}, its words wrapped onto the rows there are (without
   * {@code ovrseer:} when they are too few for it): cut to the columns, a narrow screen showed
   * {@code ovrseer: n}, not the size it needs.
   */
  private static List<AttributedString> tooSmall(int rows, int cols) {
    String size = MIN_COLS + "x" + MIN_ROWS;
    List<String> text = wrap(List.of("ovrseer:", "needs", size), cols);
    if (text.size() > rows) {
      text = wrap(List.of("needs", size), cols);
    }
    List<AttributedString> lines =
        new ArrayList<>(Collections.nCopies(rows, AttributedString.EMPTY));
    for (int i = 0; i < Math.min(rows, text.size()); i++) {
      lines.set(i, Text.fit(new AttributedString(text.get(i)), cols));
    }
    return lines;
  }

  /** {@code words} as lines of at most {@code cols} columns where they fit, greedily. */
  private static List<String> wrap(List<String> words, int cols) {
    List<String> lines = new ArrayList<>();
    StringBuilder line = new StringBuilder();
    for (String word : words) {
      if (line.length() > 0 && line.length() + 1 + word.length() > cols) {
        lines.add(line.toString());
        line.setLength(0);
      }
      line.append(line.length() > 0 ? " " : "").append(word);
    }
    lines.add(line.toString());
    return lines;
  }

  List<AttributedString> render(ViewState.View view, ViewState state, int rows, int cols) {
    if (rows < MIN_ROWS || cols < MIN_COLS) {
      return tooSmall(rows, cols);
    }
    Map<String, RegisteredProcess> processes = ovrseer.getAllProcesses();
    // A long status (a crash and its cause) takes more rows, up to a third of those below the
    // header, rather than being cut at the edge of the screen.
    List<AttributedString> status = status(view, cols, Math.max(1, (rows - 3) / 3));
    // Whatever the table and panels would take, the header, status and key lines stay on screen.
    int body = Math.max(0, rows - 2 - status.size());
    List<AttributedString> lines = new ArrayList<>(rows);
    lines.add(header(view, processes, cols));
    List<AttributedString> table =
        body == 0
            ? List.of()
            : processTable.render(view, processes, cols, Math.min(body, Math.max(3, body / 2)));
    lines.addAll(table);
    int remaining = Math.max(0, body - table.size());
    String id = view.selectedId();
    ProcessUnit selected =
        id == null || !processes.containsKey(id) ? null : processes.get(id).process();
    if (view.helpShown()) {
      lines.addAll(help(remaining, cols));
    } else if (selected != null && remaining > 0) {
      List<LogLine> entries = selected.logger().getEntries();
      Map<String, FlagState> flags = view.flagsShown() ? selected.logger().getFlags() : Map.of();
      // A service shows how to reach it above its log: the details a user copies into a client.
      AttributedString connection =
          selected instanceof ServiceUnit service
              ? Text.fit(
                  new AttributedString(
                      " connection: " + PlainRunner.connection(service), Styles.PLAIN),
                  cols)
              : null;
      int above = 1 + (connection == null ? 0 : 1);
      int flagRows =
          flags.isEmpty() ? 0 : Math.min(remaining - above, Math.max(3, remaining * 2 / 5));
      int logRows = Math.max(0, remaining - above - Math.max(0, flagRows));
      state.logHeight(logRows);
      if (connection != null) {
        lines.add(connection);
      }
      lines.add(LogPane.title(view, id, entries, selected.logger().getLineCount(), cols));
      lines.addAll(LogPane.render(view, entries, logRows, cols));
      if (flagRows > 0) {
        lines.addAll(FlagsPanel.render(id, flags, flagRows, cols));
      }
    }
    // Cut to the rows there are: on a low screen, the panels give way to the status and the keys.
    lines = new ArrayList<>(lines.subList(0, Math.min(lines.size(), 1 + body)));
    while (lines.size() < 1 + body) {
      lines.add(AttributedString.EMPTY);
    }
    lines.addAll(status);
    lines.add(keys(view, cols));
    // The one place where text from outside is made harmless, whichever part of the frame shows it.
    List<AttributedString> frame = new ArrayList<>(rows);
    for (AttributedString line : lines.subList(0, Math.min(rows, lines.size()))) {
      frame.add(Text.safe(line, cols));
    }
    return frame;
  }

  // ---------------------------------------------------------------- header

  private AttributedString header(
      ViewState.View view, Map<String, RegisteredProcess> processes, int cols) {
    String left =
        " ovrseer | "
            + source
            + " | "
            + Plural.of(processes.size(), "process", "processes")
            + " | "
            + view.phase();
    String right = "? help  q quit ";
    return Text.bar(left, right, cols, Styles.BAR);
  }

  // ---------------------------------------------------------------- help, status, keys

  private static List<AttributedString> help(int height, int cols) {
    List<AttributedString> lines = new ArrayList<>();
    lines.add(
        Text.fit(
            new AttributedString(Text.pad("-- keys (any key closes) ", cols, '-'), Styles.TITLE),
            cols));
    for (String[] key : KeyBindings.HELP) {
      lines.add(
          Text.fit(
              new AttributedStringBuilder()
                  .style(Styles.TITLE)
                  .append(String.format("  %-24s", key[0]))
                  .style(Styles.PLAIN)
                  .append(key[1])
                  .toAttributedString(),
              cols));
    }
    while (lines.size() < height) {
      lines.add(AttributedString.EMPTY);
    }
    return lines.subList(0, Math.min(height, lines.size()));
  }

  /**
   * The status line: its time, then its text word-wrapped onto at most {@code maxRows} rows, each
   * continued under the text; a text longer still ends with {@code …}. One empty row for no status.
   */
  private static List<AttributedString> status(ViewState.View view, int cols, int maxRows) {
    if (view.status().isEmpty()) {
      return List.of(AttributedString.EMPTY);
    }
    String time =
        " " + LocalTime.ofInstant(view.statusTime(), ZoneId.systemDefault()).format(CLOCK) + "  ";
    // Cleaned before it is cut into rows, so that no escape sequence is split between two.
    String text = Text.clean(view.status(), maxRows * cols);
    List<String> wrapped = Text.wrap(text, cols - time.length(), maxRows);
    List<AttributedString> lines = new ArrayList<>(wrapped.size());
    for (int i = 0; i < wrapped.size(); i++) {
      lines.add(
          Text.fit(
              new AttributedStringBuilder()
                  .style(Styles.DIM)
                  .append(i == 0 ? time : " ".repeat(time.length()))
                  .style(view.statusIsError() ? Styles.ERROR : Styles.PLAIN)
                  .append(wrapped.get(i))
                  .toAttributedString(),
              cols));
    }
    return lines;
  }

  private static AttributedString keys(ViewState.View view, int cols) {
    return switch (view.mode()) {
      case STDIN ->
          Text.fit(
              new AttributedStringBuilder()
                  .style(Styles.TITLE)
                  .append(" stdin of " + view.selectedId() + "> ")
                  .style(Styles.PLAIN)
                  .append(view.input())
                  .append("_")
                  .style(Styles.DIM)
                  .append("   Enter sends, Esc cancels")
                  .toAttributedString(),
              cols);
      case SEARCH ->
          Text.fit(
              new AttributedStringBuilder()
                  .style(Styles.TITLE)
                  .append(" search /")
                  .style(Styles.PLAIN)
                  .append(view.input())
                  .append("_")
                  .style(Styles.DIM)
                  .append("   Enter searches, Esc cancels")
                  .toAttributedString(),
              cols);
      case NORMAL ->
          Text.bar(
              " up/down select  r restart  R all  s stop  u start  U all  i stdin  / search  f flags  ? help  q quit",
              "",
              cols,
              Styles.BAR);
    };
  }
}
