package io.ovrseer.cli;

import java.util.List;
import org.jline.keymap.KeyMap;

/** The keys of the terminal UI: one key map while browsing, one while typing a line. */
final class KeyBindings {
  /** What a key does while browsing. */
  enum Action {
    UP,
    DOWN,
    PAGE_UP,
    PAGE_DOWN,
    TOP,
    FOLLOW,
    RESTART,
    RESTART_ALL,
    STOP,
    START,
    START_ALL,
    STDIN,
    SEARCH,
    OLDER_MATCH,
    NEWER_MATCH,
    FLAGS,
    HELP,
    ESCAPE,
    REDRAW,
    QUIT,
    /** Ctrl+C: quit, or, once quitting, kill everything at once. */
    INTERRUPT,
    /** The start of a special key's escape sequence; its rest is still to read. */
    SEQUENCE,
    NONE
  }

  /** What a key does while typing a line (stdin or search). */
  enum Edit {
    INSERT,
    BACKSPACE,
    SUBMIT,
    CANCEL,
    /** Ctrl+C: cancel the line, and {@link Action#INTERRUPT} as while browsing. */
    INTERRUPT,
    /** The start of a special key's escape sequence; its rest is still to read. */
    SEQUENCE,
    NONE
  }

  /** Every key and what it does, for the help overlay and the docs. */
  static final List<String[]> HELP =
      List.of(
          new String[] {"Up / Down, k / j", "select the previous / next process"},
          new String[] {"PgUp / PgDn, b / Space", "scroll the log one page up / down"},
          new String[] {"Home, g", "go to the oldest buffered log line"},
          new String[] {"End, G", "follow the log (show new lines as they arrive)"},
          new String[] {"r", "restart the selected process"},
          new String[] {"R", "restart all (stop without cleanup, start again)"},
          new String[] {"s", "stop the selected process"},
          new String[] {"u", "start the selected process"},
          new String[] {"U", "start all processes that are not running"},
          new String[] {"i", "type a line for the selected process's stdin"},
          new String[] {"/", "search the log (regex, case-insensitive)"},
          new String[] {"n / N", "older / newer search match"},
          new String[] {"f", "show / hide the flags panel"},
          new String[] {"?", "show / hide this help"},
          new String[] {"Esc", "close help, clear the search"},
          new String[] {"Ctrl+L", "redraw the screen"},
          new String[] {"q, Ctrl+C", "quit: stop everything (with cleanup)"},
          new String[] {"Ctrl+C (stopping)", "kill everything at once, without cleanup"},
          new String[] {"(typing) Enter / Esc", "send or search / cancel"});

  /** The two ways an escape sequence of a special key starts: CSI ({@code ESC [}) and SS3. */
  private static final String[] SEQUENCE_STARTS = {"\033[", "\033O"};

  private static final long AMBIGUOUS_TIMEOUT_MS = 100;

  private KeyBindings() {}

  /**
   * The key map while browsing. Special keys (arrows, PgUp, Home, ...) are not in it: each starts
   * with {@link Action#SEQUENCE}, read whole by {@link EscapeSequence#readRest} and told apart by
   * {@link #special}, so that a key no map knows (Delete, F5, Ctrl+Right) is one unknown key rather
   * than Esc followed by letters.
   */
  static KeyMap<Action> browsing() {
    KeyMap<Action> keys = new KeyMap<>();
    bind(keys, Action.UP, "k");
    bind(keys, Action.DOWN, "j");
    bind(keys, Action.PAGE_UP, "b");
    bind(keys, Action.PAGE_DOWN, " ");
    bind(keys, Action.TOP, "g");
    bind(keys, Action.FOLLOW, "G");
    bind(keys, Action.RESTART, "r");
    bind(keys, Action.RESTART_ALL, "R");
    bind(keys, Action.STOP, "s");
    bind(keys, Action.START, "u");
    bind(keys, Action.START_ALL, "U");
    bind(keys, Action.STDIN, "i");
    bind(keys, Action.SEARCH, "/");
    bind(keys, Action.OLDER_MATCH, "n");
    bind(keys, Action.NEWER_MATCH, "N");
    bind(keys, Action.FLAGS, "f");
    bind(keys, Action.HELP, "?", "h");
    bind(keys, Action.ESCAPE, KeyMap.esc());
    bind(keys, Action.REDRAW, KeyMap.ctrl('L'));
    bind(keys, Action.QUIT, "q");
    bind(keys, Action.INTERRUPT, KeyMap.ctrl('C'));
    bind(keys, Action.SEQUENCE, SEQUENCE_STARTS);
    keys.setUnicode(Action.NONE);
    keys.setNomatch(Action.NONE);
    keys.setAmbiguousTimeout(AMBIGUOUS_TIMEOUT_MS);
    return keys;
  }

  /**
   * The key map while typing a line. Special keys start with {@link Edit#SEQUENCE}, to be read
   * whole and dropped: none of them types anything.
   */
  static KeyMap<Edit> typing() {
    KeyMap<Edit> keys = new KeyMap<>();
    for (char c = 32; c < 127; c++) {
      keys.bind(Edit.INSERT, Character.toString(c));
    }
    keys.setUnicode(Edit.INSERT);
    keys.setNomatch(Edit.NONE);
    bind(keys, Edit.SUBMIT, "\r", "\n");
    bind(keys, Edit.BACKSPACE, KeyMap.del(), KeyMap.ctrl('H'));
    bind(keys, Edit.CANCEL, KeyMap.esc(), KeyMap.ctrl('G'));
    bind(keys, Edit.INTERRUPT, KeyMap.ctrl('C'));
    bind(keys, Edit.SEQUENCE, SEQUENCE_STARTS);
    keys.setAmbiguousTimeout(AMBIGUOUS_TIMEOUT_MS);
    return keys;
  }

  /**
   * What the special key {@code sequence} (a whole CSI or SS3 sequence, as xterm, tmux, screen and
   * the Linux console send them, with or without modifiers) does while browsing: {@link
   * Action#NONE} for a key without a use.
   */
  static Action special(EscapeSequence sequence) {
    return switch (sequence.finalChar()) {
      case 'A' -> Action.UP;
      case 'B' -> Action.DOWN;
      case 'H' -> Action.TOP;
      case 'F' -> Action.FOLLOW;
      case '~' ->
          switch (sequence.firstParameter()) {
            case 1, 7 -> Action.TOP;
            case 4, 8 -> Action.FOLLOW;
            case 5 -> Action.PAGE_UP;
            case 6 -> Action.PAGE_DOWN;
            default -> Action.NONE;
          };
      default -> Action.NONE;
    };
  }

  private static <T> void bind(KeyMap<T> keys, T action, String... sequences) {
    for (String sequence : sequences) {
      keys.bind(action, sequence);
    }
  }
}
