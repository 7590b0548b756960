package io.ovrseer.cli;

import java.util.regex.Pattern;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStyle;

/** Small helpers to lay text out in a fixed number of columns. */
final class Text {
  private static final Pattern ANSI =
      Pattern.compile("\u001B\\[[0-9;?]*[ -/]*[@-~]|\u001B[@-Z\\\\-_]");

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

  static AttributedString fit(AttributedString line, int cols) {
    return line.columnLength() <= cols ? line : line.columnSubSequence(0, cols);
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
}
