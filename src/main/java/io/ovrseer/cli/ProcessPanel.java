package io.ovrseer.cli;

import io.ovrseer.Ovrseer;
import io.ovrseer.ProcessType;
import io.ovrseer.RegisteredProcess;
import io.ovrseer.log.FlagState;
import io.ovrseer.process.ProcessUnit;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStringBuilder;

/**
 * The panel of the terminal UI that lists the processes: one row per process, grouped by
 * dependencies, main and cleanup, with state, pid, uptime, restarts and flag counts.
 */
final class ProcessPanel {
  /** The widest the id column gets, in terminal columns; longer ids are cut with {@code …}. */
  private static final int MAX_ID_WIDTH = 24;

  private final Ovrseer ovrseer;

  ProcessPanel(Ovrseer ovrseer) {
    this.ovrseer = ovrseer;
  }

  /** The table, at most {@code maxRows} lines, scrolled so that the selected row shows. */
  List<AttributedString> render(
      ViewState.View view, Map<String, RegisteredProcess> processes, int cols, int maxRows) {
    int idWidth = 7;
    for (String id : processes.keySet()) {
      idWidth = Math.max(idWidth, Math.min(MAX_ID_WIDTH, Text.columns(Text.clean(id))));
    }
    List<AttributedString> rows = new ArrayList<>();
    int selectedRow = 0;
    rows.add(
        Text.fit(
            new AttributedString(
                String.format(
                    "  %-" + idWidth + "s  %-9s  %-8s  %-8s  %-8s  %s",
                    "PROCESS",
                    "STATE",
                    "PID",
                    "UPTIME",
                    "RESTARTS",
                    "FLAGS"),
                Styles.DIM),
            cols));
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
        rows.add(
            Text.fit(
                processRow(entry.getKey(), entry.getValue().process(), idWidth, selected, view),
                cols));
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
      case SETUP -> "SETUP";
      case DEPENDENCY -> "DEPENDENCIES";
      case MAIN -> "MAIN";
      case CLEANUP -> "CLEANUP";
    };
  }

  private AttributedString processRow(
      String id, ProcessUnit unit, int idWidth, boolean selected, ViewState.View view) {
    AttributedStringBuilder row = new AttributedStringBuilder();
    boolean running = unit.isRunning();
    String pid =
        running && unit.getPid().isPresent() ? Long.toString(unit.getPid().getAsLong()) : "-";
    String uptime =
        running
            ? unit.getStartTime().map(t -> uptime(Duration.between(t, Instant.now()))).orElse("-")
            : "-";
    int retries = safeRetryCount(id);
    String restarts =
        view.restarts().getOrDefault(id, 0)
            + (retries > 0 ? " (" + retries + "/" + ovrseer.getOptions().retries() + ")" : "");
    row.style(selected ? Styles.SELECTED : Styles.PLAIN);
    // Measured and padded as shown: the frame drops an escape sequence, which would pull the rest
    // of the row left of its column.
    row.append(selected ? "> " : "  ").append(Text.column(Text.clean(id), idWidth)).append("  ");
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
}
