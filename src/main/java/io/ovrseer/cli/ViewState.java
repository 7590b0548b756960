package io.ovrseer.cli;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What the terminal UI shows, apart from the processes themselves: the selected process, the log
 * position, open panels, the line being typed and the status line. Changed by the key handler and
 * by events; read by the renderer as an immutable {@link View}. Thread-safe.
 */
final class ViewState {

  /** What typed characters go to. */
  enum Mode {
    NORMAL,
    STDIN,
    SEARCH
  }

  /**
   * An immutable copy of the state for one frame.
   *
   * @param anchor the sequence of the last log line shown when not following
   * @param currentMatch the sequence of the search match shown, or -1
   */
  record View(
      List<String> ids,
      int selected,
      boolean follow,
      long anchor,
      boolean flagsShown,
      boolean helpShown,
      Mode mode,
      String input,
      Pattern search,
      String searchText,
      long currentMatch,
      String status,
      boolean statusIsError,
      Instant statusTime,
      String phase,
      Map<String, Integer> restarts) {

    /** The selected process id, or null if there is none. */
    String selectedId() {
      return ids.isEmpty() ? null : ids.get(selected);
    }
  }

  private final List<String> ids;
  private int selected;
  private boolean follow = true;
  private long anchor = -1;
  private boolean flagsShown;
  private boolean helpShown;
  private Mode mode = Mode.NORMAL;
  private final StringBuilder input = new StringBuilder();
  private Pattern search;
  private String searchText;
  private long currentMatch = -1;
  private String status = "";
  private boolean statusIsError;
  private Instant statusTime = Instant.now();
  private String phase = "starting";
  private final Map<String, Integer> restarts = new HashMap<>();
  private int logHeight = 10;

  ViewState(List<String> ids, boolean flagsShown) {
    this.ids = List.copyOf(ids);
    this.flagsShown = flagsShown;
  }

  synchronized View view() {
    return new View(
        ids,
        selected,
        follow,
        anchor,
        flagsShown,
        helpShown,
        mode,
        input.toString(),
        search,
        searchText,
        currentMatch,
        status,
        statusIsError,
        statusTime,
        phase,
        Map.copyOf(restarts));
  }

  synchronized String selectedId() {
    return ids.isEmpty() ? null : ids.get(selected);
  }

  /** Moves the selection by {@code delta}, staying in range; the log follows the new process. */
  synchronized void moveSelection(int delta) {
    if (ids.isEmpty()) {
      return;
    }
    int next = Math.max(0, Math.min(ids.size() - 1, selected + delta));
    if (next != selected) {
      selected = next;
      follow = true;
      currentMatch = -1;
    }
  }

  /** Selects the process {@code id}, if there is one. */
  synchronized void select(String id) {
    int index = ids.indexOf(id);
    if (index >= 0 && index != selected) {
      selected = index;
      follow = true;
      currentMatch = -1;
    }
  }

  synchronized void follow() {
    follow = true;
    currentMatch = -1;
  }

  /** Stops following and shows the log up to the line with sequence {@code sequence}. */
  synchronized void anchorAt(long sequence) {
    follow = false;
    anchor = sequence;
  }

  synchronized boolean isFollowing() {
    return follow;
  }

  synchronized long anchor() {
    return anchor;
  }

  synchronized void toggleFlags() {
    flagsShown = !flagsShown;
  }

  synchronized void toggleHelp() {
    helpShown = !helpShown;
  }

  synchronized boolean closeHelp() {
    boolean was = helpShown;
    helpShown = false;
    return was;
  }

  synchronized Mode mode() {
    return mode;
  }

  /** Starts typing a line for {@code mode}. */
  synchronized void beginInput(Mode mode) {
    this.mode = mode;
    input.setLength(0);
  }

  synchronized void type(String text) {
    input.append(text);
  }

  synchronized void backspace() {
    if (input.length() > 0) {
      input.setLength(input.offsetByCodePoints(input.length(), -1));
    }
  }

  /** Ends typing and returns the line typed. */
  synchronized String endInput() {
    mode = Mode.NORMAL;
    String line = input.toString();
    input.setLength(0);
    return line;
  }

  synchronized void search(String text, Pattern pattern) {
    searchText = text;
    search = pattern;
    currentMatch = -1;
  }

  synchronized Pattern searchPattern() {
    return search;
  }

  synchronized void showMatch(long sequence) {
    currentMatch = sequence;
  }

  synchronized long currentMatch() {
    return currentMatch;
  }

  synchronized void clearSearch() {
    search = null;
    searchText = null;
    currentMatch = -1;
  }

  /** Clears the search if it is still {@code pattern} (not one typed since); whether it did. */
  synchronized boolean clearSearch(Pattern pattern) {
    if (search != pattern) {
      return false;
    }
    clearSearch();
    return true;
  }

  synchronized void status(String text, boolean error) {
    status = text;
    statusIsError = error;
    statusTime = Instant.now();
  }

  synchronized void phase(String phase) {
    this.phase = phase;
  }

  synchronized void countRestart(String id) {
    restarts.merge(id, 1, Integer::sum);
  }

  /** The log area's height in the last frame, for paging. */
  synchronized int logHeight() {
    return logHeight;
  }

  synchronized void logHeight(int height) {
    logHeight = Math.max(1, height);
  }
}
