package io.ovrseer.cli;

import org.jline.keymap.BindingReader;

/**
 * A whole escape sequence as a terminal sends it for a special key or around a paste: CSI ({@code
 * ESC [}) or SS3 ({@code ESC O}), then parameter bytes ({@code 0-9:;<=>?}), intermediate bytes
 * (space to {@code /}) and one final byte ({@code @} to {@code ~}), as ECMA-48 lays them out. Read
 * by its structure rather than from a list of known keys, so that a key nobody listed (Delete, F5,
 * Ctrl+Right) is still one key, never Esc followed by text.
 *
 * @param text the sequence from its ESC to its final byte (no final byte if the input broke off)
 */
record EscapeSequence(String text) {
  /** What a terminal in bracketed-paste mode sends before pasted text. */
  static final String PASTE_START = "\033[200~";

  /** What a terminal in bracketed-paste mode sends after pasted text. */
  static final String PASTE_END = "\033[201~";

  /** Longer than any key's sequence: input that goes on is not one. */
  private static final int MAX_LENGTH = 32;

  /**
   * Reads the rest of the sequence that {@code start} ({@code ESC [} or {@code ESC O}) began, up to
   * and with its final byte. A character that cannot belong to it (a control character, say) ends
   * it early and is left to be read as a key of its own.
   */
  static EscapeSequence readRest(BindingReader in, String start) {
    StringBuilder text = new StringBuilder(start);
    while (text.length() < MAX_LENGTH) {
      int c = in.readCharacter();
      if (c < 0x20 || c > 0x7E) {
        if (c >= 0) {
          in.runMacro(Character.toString(c));
        }
        break;
      }
      text.append((char) c);
      if (c >= 0x40) {
        break;
      }
    }
    return new EscapeSequence(text.toString());
  }

  /**
   * Reads pasted text after {@link #PASTE_START} up to {@link #PASTE_END}, which is dropped; at the
   * end of the input, what came so far.
   */
  static String readPaste(BindingReader in) {
    StringBuilder text = new StringBuilder();
    while (!endsWithPasteEnd(text)) {
      int c = in.readCharacter();
      if (c < 0) {
        return text.toString();
      }
      text.appendCodePoint(c);
    }
    return text.substring(0, text.length() - PASTE_END.length());
  }

  /** Whether this sequence starts a paste. */
  boolean isPasteStart() {
    return text.equals(PASTE_START);
  }

  /** The final byte, which names the key (or function); 0 if the sequence broke off before it. */
  char finalChar() {
    char last = text.charAt(text.length() - 1);
    return text.length() > 2 && last >= 0x40 && last <= 0x7E ? last : 0;
  }

  /** The first numeric parameter ({@code 3} in {@code ESC [3;5~}), or -1 if there is none. */
  int firstParameter() {
    int value = -1;
    for (int i = 2; i < text.length() && Character.isDigit(text.charAt(i)); i++) {
      value = Math.max(0, value) * 10 + (text.charAt(i) - '0');
    }
    return value;
  }

  private static boolean endsWithPasteEnd(StringBuilder text) {
    int from = text.length() - PASTE_END.length();
    return from >= 0 && text.indexOf(PASTE_END, from) == from;
  }
}
