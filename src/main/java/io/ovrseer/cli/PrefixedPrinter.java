package io.ovrseer.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.AttributedStyle;

/**
 * Prints log lines prefixed with their process id, like Foreman or Overmind: {@code api |
 * listening}, one colour per process (none when colours are off). Thread-safe; the lines go to a
 * {@link LineWriter}.
 */
final class PrefixedPrinter {
  /** The name lines of the command line itself are printed under. */
  static final String SELF = "ovrseer";

  private static final Pattern LINE_BREAK = Pattern.compile("\r\n|\r|\n");

  private static final int[] PALETTE = {
    AttributedStyle.CYAN,
    AttributedStyle.YELLOW,
    AttributedStyle.GREEN,
    AttributedStyle.MAGENTA,
    AttributedStyle.BLUE,
    AttributedStyle.RED
  };

  private final LineWriter out;
  private final boolean color;
  private final int width;
  private final Map<String, AttributedStyle> styles = new LinkedHashMap<>();

  /** A printer to {@code out} aligning the prefixes of {@code names}. */
  PrefixedPrinter(LineWriter out, List<String> names, boolean color) {
    this.out = out;
    this.color = color;
    int w = SELF.length();
    for (int i = 0; i < names.size(); i++) {
      w = Math.max(w, Text.columns(Text.clean(names.get(i))));
      styles.put(names.get(i), AttributedStyle.DEFAULT.foreground(PALETTE[i % PALETTE.length]));
    }
    styles.put(SELF, AttributedStyle.BOLD);
    this.width = w;
  }

  /**
   * Prints {@code text} under {@code name}, one prefixed line per line of it (a line break, or a
   * carriage return that would move back over the prefix, starts a new one); {@code error} lines
   * (stderr) are red in colour. The name is printed without escapes or control characters, so that
   * every printed line starts with its prefix.
   */
  void line(String name, String text, boolean error) {
    String prefix = pad(Text.clean(name)) + " | ";
    StringBuilder rendered = new StringBuilder();
    for (String part : LINE_BREAK.split(text, -1)) {
      if (color) {
        AttributedStringBuilder line = new AttributedStringBuilder();
        line.style(styles.getOrDefault(name, AttributedStyle.DEFAULT)).append(prefix);
        line.style(
            error
                ? AttributedStyle.DEFAULT.foreground(AttributedStyle.RED)
                : AttributedStyle.DEFAULT);
        line.append(part);
        rendered.append(line.toAnsi());
      } else {
        rendered.append(prefix).append(part);
      }
      rendered.append(System.lineSeparator());
    }
    out.write(rendered.toString());
  }

  /** Prints a line of the command line itself. */
  void self(String text) {
    line(SELF, text, false);
  }

  /** {@code name} padded to the width of the widest, in terminal columns (CJK takes two). */
  private String pad(String name) {
    return name + " ".repeat(Math.max(0, width - Text.columns(name)));
  }

  /**
   * Whether to colour: never with {@code NO_COLOR} set (non-empty) or when stdout is not a
   * terminal, unless forced.
   */
  static boolean useColor(ColorMode mode) {
    return useColor(mode, System.getenv("NO_COLOR"), System.console() != null);
  }

  /** {@link #useColor(ColorMode)} for the given {@code NO_COLOR} value and terminal. */
  static boolean useColor(ColorMode mode, String noColor, boolean terminal) {
    return switch (mode) {
      case ALWAYS -> true;
      case NEVER -> false;
      case AUTO -> (noColor == null || noColor.isEmpty()) && terminal;
    };
  }

  /** When to colour the output. */
  enum ColorMode {
    AUTO,
    ALWAYS,
    NEVER
  }
}
