package io.ovrseer.cli;

import java.util.List;
import org.jline.keymap.KeyMap;
import org.jline.terminal.Terminal;
import org.jline.utils.InfoCmp.Capability;

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
    NONE
  }

  /** What a key does while typing a line (stdin or search). */
  enum Edit {
    INSERT,
    BACKSPACE,
    SUBMIT,
    CANCEL,
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
          new String[] {"(typing) Enter / Esc", "send or search / cancel"});

  private static final long AMBIGUOUS_TIMEOUT_MS = 100;

  private KeyBindings() {}

  /** The key map while browsing. */
  static KeyMap<Action> browsing(Terminal terminal) {
    KeyMap<Action> keys = new KeyMap<>();
    bind(keys, Action.UP, "k", key(terminal, Capability.key_up), "\033[A", "\033OA");
    bind(keys, Action.DOWN, "j", key(terminal, Capability.key_down), "\033[B", "\033OB");
    bind(keys, Action.PAGE_UP, "b", key(terminal, Capability.key_ppage), "\033[5~");
    bind(keys, Action.PAGE_DOWN, " ", key(terminal, Capability.key_npage), "\033[6~");
    bind(keys, Action.TOP, "g", key(terminal, Capability.key_home), "\033[H", "\033OH", "\033[1~");
    bind(
        keys, Action.FOLLOW, "G", key(terminal, Capability.key_end), "\033[F", "\033OF", "\033[4~");
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
    bind(keys, Action.QUIT, "q", KeyMap.ctrl('C'));
    keys.setUnicode(Action.NONE);
    keys.setNomatch(Action.NONE);
    keys.setAmbiguousTimeout(AMBIGUOUS_TIMEOUT_MS);
    return keys;
  }

  /** The key map while typing a line. */
  static KeyMap<Edit> typing(Terminal terminal) {
    KeyMap<Edit> keys = new KeyMap<>();
    for (char c = 32; c < 127; c++) {
      keys.bind(Edit.INSERT, Character.toString(c));
    }
    keys.setUnicode(Edit.INSERT);
    keys.setNomatch(Edit.NONE);
    bind(keys, Edit.SUBMIT, "\r", "\n");
    bind(keys, Edit.BACKSPACE, KeyMap.del(), KeyMap.ctrl('H'));
    bind(keys, Edit.CANCEL, KeyMap.esc(), KeyMap.ctrl('C'), KeyMap.ctrl('G'));
    bind(
        keys, Edit.NONE, "\033[A", "\033[B", "\033[C", "\033[D", "\033OA", "\033OB", "\033OC",
        "\033OD");
    keys.setAmbiguousTimeout(AMBIGUOUS_TIMEOUT_MS);
    return keys;
  }

  private static String key(Terminal terminal, Capability capability) {
    return KeyMap.key(terminal, capability);
  }

  private static <T> void bind(KeyMap<T> keys, T action, String... sequences) {
    for (String sequence : sequences) {
      if (sequence != null && !sequence.isEmpty()) {
        keys.bind(action, sequence);
      }
    }
  }
}
