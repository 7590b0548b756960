package io.ovrseer.cli;

import io.ovrseer.Ovrseer;
import io.ovrseer.internal.Plural;
import io.ovrseer.log.LogLine;
import io.ovrseer.process.ProcessUnit;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Carries out the keys of the terminal UI on its {@link ViewState} and through {@link
 * ProcessActions}.
 */
final class Controller {
  private final Ovrseer ovrseer;
  private final ViewState state;
  private final ProcessActions actions;
  private final Runnable quit;
  private final Runnable interrupt;

  /** {@code quit} for {@code q}, {@code interrupt} for Ctrl+C (see {@link QuitSignals}). */
  Controller(
      Ovrseer ovrseer, ViewState state, ProcessActions actions, Runnable quit, Runnable interrupt) {
    this.ovrseer = ovrseer;
    this.state = state;
    this.actions = actions;
    this.quit = quit;
    this.interrupt = interrupt;
  }

  /** Handles a key while browsing. */
  void handle(KeyBindings.Action action) {
    if (action != KeyBindings.Action.HELP
        && action != KeyBindings.Action.QUIT
        && action != KeyBindings.Action.INTERRUPT
        && state.closeHelp()) {
      return;
    }
    String id = state.selectedId();
    switch (action) {
      case UP -> state.moveSelection(-1);
      case DOWN -> state.moveSelection(1);
      case PAGE_UP -> scroll(-state.logHeight());
      case PAGE_DOWN -> scroll(state.logHeight());
      case TOP -> top();
      case FOLLOW -> state.follow();
      case RESTART -> ifSelected(id, () -> actions.restart(id));
      case RESTART_ALL -> actions.restartAll();
      case STOP -> ifSelected(id, () -> actions.stop(id));
      case START -> ifSelected(id, () -> actions.start(id));
      case START_ALL -> actions.startAll();
      case STDIN -> ifSelected(id, () -> beginStdin(id));
      case SEARCH -> state.beginInput(ViewState.Mode.SEARCH);
      case OLDER_MATCH -> nextMatch(true);
      case NEWER_MATCH -> nextMatch(false);
      case FLAGS -> state.toggleFlags();
      case HELP -> state.toggleHelp();
      case ESCAPE -> state.clearSearch();
      case QUIT -> quit.run();
      case INTERRUPT -> interrupt.run();
      case REDRAW, SEQUENCE, NONE -> {}
    }
  }

  /** Handles a key while typing; {@code text} is what the key typed. */
  void edit(KeyBindings.Edit edit, String text) {
    switch (edit) {
      case INSERT -> state.type(printable(text));
      case BACKSPACE -> state.backspace();
      case CANCEL -> state.endInput();
      case INTERRUPT -> {
        state.endInput();
        interrupt.run();
      }
      case SUBMIT -> submit();
      case SEQUENCE, NONE -> {}
    }
  }

  /**
   * Handles pasted text (a bracketed paste), which is never taken as keys. In the stdin line, each
   * line break ends a line as Enter does, so that every pasted line reaches the process's stdin;
   * text after the last line break stays typed. In the search line, the text is typed without its
   * line breaks. While browsing, a paste is ignored.
   */
  void paste(String text) {
    switch (state.mode()) {
      case STDIN -> pasteToStdin(text);
      case SEARCH -> state.type(printable(text));
      case NORMAL ->
          state.status(
              "paste ignored: press i first to send it to the selected process's stdin", false);
    }
  }

  private void pasteToStdin(String text) {
    String[] lines = text.split("\r\n|\r|\n", -1);
    state.type(printable(lines[0]));
    for (int i = 1; i < lines.length; i++) {
      submit();
      boolean last = i == lines.length - 1;
      if (!last || !lines[i].isEmpty()) {
        state.beginInput(ViewState.Mode.STDIN);
        state.type(printable(lines[i]));
      }
    }
  }

  private static String printable(String text) {
    return text.replaceAll("\\p{Cntrl}", "");
  }

  private void submit() {
    ViewState.Mode mode = state.mode();
    String line = state.endInput();
    String id = state.selectedId();
    if (mode == ViewState.Mode.STDIN && id != null) {
      actions.sendStdin(id, line);
    } else if (mode == ViewState.Mode.SEARCH) {
      search(line);
    }
  }

  private void beginStdin(String id) {
    if (unit(id).isRunning()) {
      state.beginInput(ViewState.Mode.STDIN);
    } else {
      state.status(id + " is not running; nothing to send stdin to", true);
    }
  }

  private void search(String text) {
    if (text.isBlank()) {
      state.clearSearch();
      state.follow();
      return;
    }
    Pattern pattern = BoundedSearch.compile(text);
    state.search(text, pattern);
    List<LogLine> entries = entries();
    BoundedSearch search = new BoundedSearch(pattern, BoundedSearch.KEY_BUDGET);
    long match;
    int count;
    try {
      // The newest match, wherever the view is: one below a scrolled view is a match too.
      match = LogWindow.findMatch(entries, search::find, Long.MAX_VALUE, true);
      count = match < 0 ? 0 : LogWindow.countMatches(entries, search::find);
    } catch (BoundedSearch.TooSlow e) {
      giveUp(text);
      return;
    }
    String id = state.selectedId();
    if (match < 0) {
      state.status("no line of " + id + " matches /" + text + "/", true);
      return;
    }
    show(entries, match);
    state.status(
        "/"
            + text
            + "/: "
            + Plural.of(count, "matching line", "matching lines")
            + " in "
            + id
            + "; n older, N newer, Esc clears",
        false);
  }

  private void nextMatch(boolean older) {
    Pattern pattern = state.searchPattern();
    if (pattern == null) {
      state.status("no search; press / to search the log", false);
      return;
    }
    List<LogLine> entries = entries();
    long current = state.currentMatch();
    long from = current >= 0 ? current : (older ? Long.MAX_VALUE : -1);
    long match;
    try {
      match =
          LogWindow.findMatch(
              entries, new BoundedSearch(pattern, BoundedSearch.KEY_BUDGET)::find, from, older);
    } catch (BoundedSearch.TooSlow e) {
      giveUp(state.view().searchText());
      return;
    }
    if (match < 0) {
      state.status("no " + (older ? "older" : "newer") + " match", true);
      return;
    }
    show(entries, match);
  }

  /** Drops a search whose regex took too long, so that the screen does not run it either. */
  private void giveUp(String text) {
    state.clearSearch();
    state.status(BoundedSearch.gaveUp(text), true);
  }

  private void show(List<LogLine> entries, long match) {
    state.showMatch(match);
    state.anchorAt(LogWindow.centerOn(entries, match, state.logHeight()));
  }

  private void scroll(int lines) {
    List<LogLine> entries = entries();
    int height = state.logHeight();
    int end = LogWindow.end(entries, state.isFollowing(), state.anchor(), height);
    long anchor = LogWindow.scroll(entries, end, lines, height);
    if (anchor < 0) {
      state.follow();
    } else {
      state.anchorAt(anchor);
    }
  }

  private void top() {
    List<LogLine> entries = entries();
    if (!entries.isEmpty()) {
      int last = Math.min(entries.size(), state.logHeight()) - 1;
      if (last >= entries.size() - 1) {
        state.follow();
      } else {
        state.anchorAt(entries.get(last).sequence());
      }
    }
  }

  private List<LogLine> entries() {
    String id = state.selectedId();
    return id == null ? List.of() : unit(id).logger().getEntries();
  }

  private ProcessUnit unit(String id) {
    return ovrseer.getProcess(id).orElseThrow(() -> new IllegalStateException("no process " + id));
  }

  private void ifSelected(String id, Runnable action) {
    if (id != null) {
      action.run();
    }
  }
}
