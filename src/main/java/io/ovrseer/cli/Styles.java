package io.ovrseer.cli;

import io.ovrseer.log.FlagColor;
import io.ovrseer.process.ProcessState;
import org.jline.utils.AttributedStyle;

/** The colours and emphasis of the terminal UI. */
final class Styles {
  static final AttributedStyle PLAIN = AttributedStyle.DEFAULT;
  static final AttributedStyle BAR = AttributedStyle.DEFAULT.inverse().bold();
  static final AttributedStyle TITLE = AttributedStyle.DEFAULT.bold();
  static final AttributedStyle DIM =
      AttributedStyle.DEFAULT.foreground(AttributedStyle.BRIGHT | AttributedStyle.BLACK);
  static final AttributedStyle SELECTED = AttributedStyle.DEFAULT.inverse();
  static final AttributedStyle ERROR = AttributedStyle.DEFAULT.foreground(AttributedStyle.RED);
  static final AttributedStyle STDERR = AttributedStyle.DEFAULT.foreground(AttributedStyle.RED);
  static final AttributedStyle MATCH =
      AttributedStyle.DEFAULT.background(AttributedStyle.YELLOW).foreground(AttributedStyle.BLACK);

  private Styles() {}

  static AttributedStyle of(ProcessState state) {
    return switch (state) {
      case READY -> AttributedStyle.DEFAULT.foreground(AttributedStyle.GREEN);
      case STARTING, STOPPING -> AttributedStyle.DEFAULT.foreground(AttributedStyle.YELLOW);
      case CRASHED -> AttributedStyle.DEFAULT.foreground(AttributedStyle.RED);
      case FAILED -> AttributedStyle.DEFAULT.foreground(AttributedStyle.RED).bold();
      case COMPLETED -> AttributedStyle.DEFAULT.foreground(AttributedStyle.BLUE);
      case STOPPED -> DIM;
      case CREATED -> PLAIN;
    };
  }

  static AttributedStyle of(FlagColor color) {
    AttributedStyle base = AttributedStyle.DEFAULT;
    return switch (color) {
      case GREEN -> base.foreground(AttributedStyle.GREEN);
      case BLUE -> base.foreground(AttributedStyle.BLUE);
      case RED -> base.foreground(AttributedStyle.RED);
      case YELLOW -> base.foreground(AttributedStyle.YELLOW);
      case TEAL -> base.foreground(AttributedStyle.CYAN);
      case PURPLE -> base.foreground(AttributedStyle.MAGENTA);
      case ORANGE -> base.foreground(208);
    };
  }
}
