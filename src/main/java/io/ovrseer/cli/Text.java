package io.ovrseer.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.AttributedStyle;

/** Small helpers to lay text out in a fixed number of columns. */
final class Text {
  /** Terminal escape sequences (ECMA-48): CSI, OSC (up to BEL or ST), and the short ESC forms. */
  private static final Pattern ANSI =
      Pattern.compile(
          "\u001B\\[[0-?]*[ -/]*[@-~]|\u001B\\][^\u0007\u001B]*(?:\u0007|\u001B\\\\)?|\u001B[ -/]*[0-~]");

  private Text() {}

  static AttributedString bar(String left, String right, int cols, AttributedStyle style) {
    int gap = Math.max(1, cols - left.length() - right.length());
    return fit(new AttributedString(left + " ".repeat(gap) + right, style), cols);
  }

  static String pad(String text, int cols, char fill) {
    StringBuilder out = new StringBuilder(text);
    while (out.length() < cols) {
      out.append(fill);
    }
    return out.toString();
  }

  /**
   * How many terminal columns {@code text} takes: two for a wide character (CJK, emoji), none for a
   * combining one.
   */
  static int columns(String text) {
    return new AttributedString(text).columnLength();
  }

  /**
   * {@code text} in exactly {@code width} terminal columns: cut with {@code …} when wider, padded
   * with spaces when narrower.
   */
  static String column(String text, int width) {
    String shown =
        columns(text) <= width
            ? text
            : new AttributedString(text).columnSubSequence(0, width - 1) + "\u2026";
    return shown + " ".repeat(Math.max(0, width - columns(shown)));
  }

  /**
   * {@code text} word-wrapped into at most {@code maxLines} lines of at most {@code cols} terminal
   * columns: broken at the last space that fits, or within a word longer than a line; the last line
   * ends with {@code …} if text is left over. Spaces at a break are dropped. At least one line.
   */
  static List<String> wrap(String text, int cols, int maxLines) {
    List<String> lines = new ArrayList<>();
    String rest = text.strip();
    while (!rest.isEmpty()) {
      if (columns(rest) <= cols) {
        lines.add(rest);
        break;
      }
      if (lines.size() == maxLines - 1) {
        lines.add(column(rest, cols).stripTrailing());
        break;
      }
      String head = new AttributedString(rest).columnSubSequence(0, cols).toString();
      if (head.isEmpty()) {
        head = rest.substring(0, rest.offsetByCodePoints(0, 1)); // a character wider than a line
      }
      int space = rest.charAt(head.length()) == ' ' ? head.length() : head.lastIndexOf(' ');
      String line = space > 0 ? rest.substring(0, space) : head;
      lines.add(line.stripTrailing());
      rest = rest.substring(line.length()).stripLeading();
    }
    return lines.isEmpty() ? List.of("") : lines;
  }

  static AttributedString fit(AttributedString line, int cols) {
    return line.columnLength() <= cols ? line : line.columnSubSequence(0, cols);
  }

  /**
   * {@code line} made safe to send to a terminal: escape sequences removed, other control
   * characters (C0 and C1, line breaks and tabs too) shown as spaces, styles kept, then cut to
   * {@code cols}. Every frame of the terminal UI passes here, so that no text from outside (log
   * lines, statuses, ids, the file name, flag names and patterns, service connections) can move the
   * cursor, clear the screen or break a row in two.
   */
  static AttributedString safe(AttributedString line, int cols) {
    if (line.toString().chars().noneMatch(Character::isISOControl)) {
      return line;
    }
    String text = line.toString();
    Matcher escape = ANSI.matcher(text);
    AttributedStringBuilder out = new AttributedStringBuilder(text.length());
    int at = 0;
    while (at < text.length()) {
      if (escape.region(at, text.length()).lookingAt()) {
        at = escape.end();
        continue;
      }
      char c = text.charAt(at);
      out.style(line.styleAt(at)).append(Character.isISOControl(c) ? ' ' : c);
      at++;
    }
    return fit(out.toAttributedString(), cols);
  }

  /** {@code text} without terminal escapes, tabs expanded, other control characters as spaces. */
  static String clean(String text) {
    return clean(text, Integer.MAX_VALUE);
  }

  /**
   * The first {@code maxLength} characters of {@link #clean(String) clean(text)} (one more where
   * the last would split a surrogate pair); no more of {@code text} is read than they need.
   */
  static String clean(String text, int maxLength) {
    Matcher escape = null;
    StringBuilder out = new StringBuilder(Math.min(text.length(), maxLength));
    int at = 0;
    while (at < text.length() && out.length() < maxLength) {
      char c = text.charAt(at);
      if (c == '\u001B') {
        escape = escape == null ? ANSI.matcher(text) : escape;
        if (escape.region(at, text.length()).lookingAt()) {
          at = escape.end();
          continue;
        }
      }
      if (c == '\t') {
        do {
          out.append(' ');
        } while (out.length() % 4 != 0);
      } else {
        out.append(Character.isISOControl(c) ? ' ' : c);
      }
      at++;
    }
    if (out.length() > maxLength) {
      out.setLength(maxLength); // the spaces of a tab
    } else if (at < text.length()
        && out.length() > 0
        && Character.isHighSurrogate(out.charAt(out.length() - 1))) {
      out.append(text.charAt(at));
    }
    return out.toString();
  }
}
