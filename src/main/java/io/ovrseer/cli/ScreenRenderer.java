package io.ovrseer.cli;

import io.ovrseer.Ovrseer;
import io.ovrseer.ProcessType;
import io.ovrseer.RegisteredProcess;
import io.ovrseer.log.FlagMatch;
import io.ovrseer.log.FlagState;
import io.ovrseer.log.LogLine;
import io.ovrseer.process.ProcessUnit;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.AttributedStyle;

/**
 * Draws one frame of the terminal UI from a {@link ViewState.View} and snapshots of the processes:
 * header, process table grouped by dependencies / main / cleanup, the selected process's log, the
 * flags panel, the status line and the key line. Pure: it reads, never changes a process.
 */
final class ScreenRenderer {
  private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");
  private static final Pattern ANSI = Pattern.compile("\u001B\\[[0-9;?]*[ -/]*[@-~]|\u001B[@-Z\\\\-_]");

  private final Ovrseer ovrseer;
  private final String source;

  ScreenRenderer(Ovrseer ovrseer, String source) {
    this.ovrseer = ovrseer;
    this.source = source;
  }

  /** Exactly {@code rows} lines, none wider than {@code cols}; tells {@code state} the log height. */
  List<AttributedString> render(ViewState.View view, ViewState state, int rows, int cols) {
    Map<String, RegisteredProcess> processes = ovrseer.getAllProcesses();
    List<AttributedString> lines = new ArrayList<>(rows);
    lines.add(header(view, processes, cols));
    int body = Math.max(0, rows - 3);
    List<AttributedString> table = table(view, processes, cols, Math.max(3, body / 2));
    lines.addAll(table);
    int remaining = Math.max(0, body - table.size());
    String id = view.selectedId();
    ProcessUnit selected = id == null || !processes.containsKey(id) ? null : processes.get(id).process();
    if (view.helpShown()) {
      lines.addAll(help(remaining, cols));
    } else if (selected != null && remaining > 0) {
      List<LogLine> entries = selected.logger().getEntries();
      Map<String, FlagState> flags = view.flagsShown() ? selected.logger().getFlags() : Map.of();
      int flagRows = flags.isEmpty() ? 0 : Math.max(3, remaining * 2 / 5);
      int logRows = Math.max(0, remaining - 1 - flagRows);
      state.logHeight(logRows);
      lines.add(logTitle(view, id, entries, selected.logger().getLineCount(), cols));
      lines.addAll(log(view, entries, logRows, cols));
      if (flagRows > 0) {
        lines.addAll(flags(id, flags, flagRows, cols));
      }
    }
    while (lines.size() < rows - 2) {
      lines.add(AttributedString.EMPTY);
    }
    lines.add(status(view, cols));
    lines.add(keys(view, cols));
    return lines.subList(0, Math.min(rows, lines.size()));
  }

  // ---------------------------------------------------------------- header and table

  private AttributedString header(ViewState.View view, Map<String, RegisteredProcess> processes, int cols) {
    String left = " ovrseer | " + source + " | " + processes.size() + " processes | " + view.phase();
    String right = "? help  q quit ";
    return bar(left, right, cols, Styles.BAR);
  }

  private List<AttributedString> table(
      ViewState.View view, Map<String, RegisteredProcess> processes, int cols, int maxRows) {
    int idWidth = 7;
    for (String id : processes.keySet()) {
      idWidth = Math.max(idWidth, Math.min(24, id.length()));
    }
    List<AttributedString> rows = new ArrayList<>();
    int selectedRow = 0;
    rows.add(fit(new AttributedString(
        String.format("  %-" + idWidth + "s  %-9s  %-8s  %-8s  %-8s  %s", "PROCESS", "STATE", "PID", "UPTIME", "RESTARTS", "FLAGS"),
        Styles.DIM), cols));
    for (ProcessType type : ProcessType.values()) {
      boolean titled = false;
      for (Map.Entry<String, RegisteredProcess> entry : processes.entrySet()) {
        if (entry.getValue().type() != type) {
          continue;
        }
        if (!titled) {
          rows.add(new AttributedString(groupTitle(type), Styles.TITLE));
          titled = true;
        }
        boolean selected = entry.getKey().equals(view.selectedId());
        if (selected) {
          selectedRow = rows.size();
        }
        rows.add(fit(processRow(entry.getKey(), entry.getValue().process(), idWidth, selected, view), cols));
      }
    }
    if (rows.size() <= maxRows) {
      return rows;
    }
    int start = Math.max(1, Math.min(selectedRow - maxRows / 2, rows.size() - maxRows + 1));
    List<AttributedString> window = new ArrayList<>();
    window.add(rows.get(0));
    window.addAll(rows.subList(start, Math.min(rows.size(), start + maxRows - 1)));
    return window;
  }

  private static String groupTitle(ProcessType type) {
    return switch (type) {
      case DEPENDENCY -> "DEPENDENCIES";
      case MAIN -> "MAIN";
      case CLEANUP -> "CLEANUP";
    };
  }

  private AttributedString processRow(
      String id, ProcessUnit unit, int idWidth, boolean selected, ViewState.View view) {
    AttributedStringBuilder row = new AttributedStringBuilder();
    boolean running = unit.isRunning();
    String pid = running && unit.getPid().isPresent() ? Long.toString(unit.getPid().getAsLong()) : "-";
    String uptime = running ? unit.getStartTime().map(t -> uptime(Duration.between(t, Instant.now()))).orElse("-") : "-";
    int retries = safeRetryCount(id);
    String restarts = view.restarts().getOrDefault(id, 0) + (retries > 0 ? " (" + retries + "/" + ovrseer.getOptions().retries() + ")" : "");
    row.style(selected ? Styles.SELECTED : Styles.PLAIN);
    row.append(selected ? "> " : "  ").append(String.format("%-" + idWidth + "s", id)).append("  ");
    row.style(selected ? Styles.SELECTED : Styles.of(unit.getState()));
    row.append(String.format("%-9s", unit.getState()));
    row.style(selected ? Styles.SELECTED : Styles.PLAIN);
    row.append(String.format("  %-8s  %-8s  %-8s  ", pid, uptime, restarts));
    for (FlagState flag : unit.logger().getFlags().values()) {
      row.style(selected ? Styles.SELECTED : Styles.of(flag.flag().color()));
      row.append(flag.name()).append(":").append(Integer.toString(flag.count()));
      if (flag.flag().targetCount() != null) {
        row.append("/").append(Integer.toString(flag.flag().targetCount()));
      }
      row.style(selected ? Styles.SELECTED : Styles.PLAIN).append(" ");
    }
    return row.toAttributedString();
  }

  private int safeRetryCount(String id) {
    try {
      return ovrseer.getRetryCount(id);
    } catch (IllegalArgumentException e) {
      return 0;
    }
  }

  static String uptime(Duration d) {
    long s = Math.max(0, d.getSeconds());
    return s >= 3600
        ? String.format("%d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60)
        : String.format("%d:%02d", s / 60, s % 60);
  }

  // ---------------------------------------------------------------- log

  private AttributedString logTitle(ViewState.View view, String id, List<LogLine> entries, long total, int cols) {
    String mode = view.follow() ? "following" : "scrolled, End follows";
    String search = view.searchText() == null ? "" : " | search /" + view.searchText() + "/";
    String left = "-- log: " + id + " (" + mode + ") | " + total + " lines" + (total > entries.size() ? ", last " + entries.size() + " kept" : "") + search + " ";
    return fit(new AttributedString(pad(left, cols, '-'), Styles.TITLE), cols);
  }

  private List<AttributedString> log(ViewState.View view, List<LogLine> entries, int height, int cols) {
    List<AttributedString> lines = new ArrayList<>(height);
    if (height <= 0) {
      return lines;
    }
    int end = LogWindow.end(entries, view.follow(), view.anchor(), height);
    int start = Math.max(0, end - height);
    for (int i = start; i < end; i++) {
      LogLine line = entries.get(i);
      lines.add(fit(logLine(line, view), cols));
    }
    while (lines.size() < height) {
      lines.add(AttributedString.EMPTY);
    }
    return lines;
  }

  private static AttributedString logLine(LogLine line, ViewState.View view) {
    String text = clean(line.text());
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

  /** {@code text} without terminal escapes, tabs expanded, other control characters as spaces. */
  static String clean(String text) {
    String plain = text.indexOf('\u001B') >= 0 ? ANSI.matcher(text).replaceAll("") : text;
    StringBuilder out = new StringBuilder(plain.length());
    for (int i = 0; i < plain.length(); i++) {
      char c = plain.charAt(i);
      if (c == '\t') {
        do {
          out.append(' ');
        } while (out.length() % 4 != 0);
      } else {
        out.append(Character.isISOControl(c) ? ' ' : c);
      }
    }
    return out.toString();
  }

  // ---------------------------------------------------------------- flags

  private List<AttributedString> flags(String id, Map<String, FlagState> flags, int height, int cols) {
    List<AttributedString> lines = new ArrayList<>(height);
    lines.add(fit(new AttributedString(pad("-- flags: " + id + " (f hides) ", cols, '-'), Styles.TITLE), cols));
    int perFlag = Math.max(1, (height - 1) / Math.max(1, flags.size()));
    for (FlagState flag : flags.values()) {
      List<AttributedString> block = new ArrayList<>();
      AttributedStyle color = Styles.of(flag.flag().color());
      String target = target(flag);
      block.add(new AttributedString(flag.name() + " /" + flag.flag().pattern() + "/: " + flag.count() + (flag.count() == 1 ? " match" : " matches") + target, color.bold()));
      List<FlagMatch> matches = flag.matches();
      int window = flag.flag().contextWindowSize();
      for (int i = matches.size() - 1; i >= 0 && block.size() < perFlag; i--) {
        FlagMatch match = matches.get(i);
        int before = (int) Math.min(window, Math.min(match.sequence(), match.context().size()));
        for (int c = 0; c < before; c++) {
          block.add(new AttributedString("    | " + clean(match.context().get(c)), Styles.DIM));
        }
        String time = LocalTime.ofInstant(match.timestamp(), ZoneId.systemDefault()).format(CLOCK);
        block.add(new AttributedString("  > " + time + " " + clean(match.line()), color));
        for (int c = before; c < match.context().size(); c++) {
          block.add(new AttributedString("    | " + clean(match.context().get(c)), Styles.DIM));
        }
      }
      for (int i = 0; i < Math.min(perFlag, block.size()) && lines.size() < height; i++) {
        lines.add(fit(block.get(i), cols));
      }
    }
    while (lines.size() < height) {
      lines.add(AttributedString.EMPTY);
    }
    return lines;
  }

  private static String target(FlagState flag) {
    Integer target = flag.flag().targetCount();
    if (target == null) {
      return "";
    }
    if (flag.count() > target) {
      return " (over its target of " + target + ")";
    }
    return flag.targetReached() ? " (target " + target + " reached)" : " (target " + target + " not reached yet)";
  }

  // ---------------------------------------------------------------- help, status, keys

  private static List<AttributedString> help(int height, int cols) {
    List<AttributedString> lines = new ArrayList<>();
    lines.add(fit(new AttributedString(pad("-- keys (any key closes) ", cols, '-'), Styles.TITLE), cols));
    for (String[] key : KeyBindings.HELP) {
      lines.add(fit(new AttributedStringBuilder()
          .style(Styles.TITLE).append(String.format("  %-24s", key[0]))
          .style(Styles.PLAIN).append(key[1]).toAttributedString(), cols));
    }
    while (lines.size() < height) {
      lines.add(AttributedString.EMPTY);
    }
    return lines.subList(0, Math.min(height, lines.size()));
  }

  private static AttributedString status(ViewState.View view, int cols) {
    if (view.status().isEmpty()) {
      return AttributedString.EMPTY;
    }
    String time = LocalTime.ofInstant(view.statusTime(), ZoneId.systemDefault()).format(CLOCK);
    return fit(new AttributedStringBuilder()
        .style(Styles.DIM).append(" " + time + "  ")
        .style(view.statusIsError() ? Styles.ERROR : Styles.PLAIN).append(view.status())
        .toAttributedString(), cols);
  }

  private static AttributedString keys(ViewState.View view, int cols) {
    return switch (view.mode()) {
      case STDIN -> fit(new AttributedStringBuilder()
          .style(Styles.TITLE).append(" stdin of " + view.selectedId() + "> ")
          .style(Styles.PLAIN).append(view.input()).append("_")
          .style(Styles.DIM).append("   Enter sends, Esc cancels").toAttributedString(), cols);
      case SEARCH -> fit(new AttributedStringBuilder()
          .style(Styles.TITLE).append(" search /")
          .style(Styles.PLAIN).append(view.input()).append("_")
          .style(Styles.DIM).append("   Enter searches, Esc cancels").toAttributedString(), cols);
      case NORMAL -> bar(" up/down select  r restart  R all  s stop  u start  U all  i stdin  / search  f flags  ? help  q quit", "", cols, Styles.BAR);
    };
  }

  private static AttributedString bar(String left, String right, int cols, AttributedStyle style) {
    int gap = Math.max(1, cols - left.length() - right.length());
    return fit(new AttributedString(left + " ".repeat(gap) + right, style), cols);
  }

  private static String pad(String text, int cols, char fill) {
    StringBuilder out = new StringBuilder(text);
    while (out.length() < cols) {
      out.append(fill);
    }
    return out.toString();
  }

  private static AttributedString fit(AttributedString line, int cols) {
    return line.columnLength() <= cols ? line : line.columnSubSequence(0, cols);
  }
}
