package io.ovrseer.cli;

import io.ovrseer.log.FlagMatch;
import io.ovrseer.log.FlagState;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStyle;

/**
 * The flags panel of the terminal UI: each flag of the selected process with its count and target,
 * then its latest matches, newest first, between their context lines.
 */
final class FlagsPanel {
  private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

  private FlagsPanel() {}

  /** Exactly {@code height} lines about the flags of the process {@code id}. */
  static List<AttributedString> render(
      String id, Map<String, FlagState> flags, int height, int cols) {
    List<AttributedString> lines = new ArrayList<>(height);
    lines.add(
        Text.fit(
            new AttributedString(
                Text.pad("-- flags: " + id + " (f hides) ", cols, '-'), Styles.TITLE),
            cols));
    int perFlag = Math.max(1, (height - 1) / Math.max(1, flags.size()));
    for (FlagState flag : flags.values()) {
      List<AttributedString> block = new ArrayList<>();
      AttributedStyle color = Styles.of(flag.flag().color());
      String target = target(flag);
      block.add(
          new AttributedString(
              flag.name()
                  + " /"
                  + flag.flag().pattern()
                  + "/: "
                  + flag.count()
                  + (flag.count() == 1 ? " match" : " matches")
                  + target,
              color.bold()));
      List<FlagMatch> matches = flag.matches();
      int window = flag.flag().contextWindowSize();
      for (int i = matches.size() - 1; i >= 0 && block.size() < perFlag; i--) {
        FlagMatch match = matches.get(i);
        int before = (int) Math.min(window, Math.min(match.sequence(), match.context().size()));
        for (int c = 0; c < before; c++) {
          block.add(
              new AttributedString("    | " + Text.clean(match.context().get(c)), Styles.DIM));
        }
        String time = LocalTime.ofInstant(match.timestamp(), ZoneId.systemDefault()).format(CLOCK);
        block.add(new AttributedString("  > " + time + " " + Text.clean(match.line()), color));
        for (int c = before; c < match.context().size(); c++) {
          block.add(
              new AttributedString("    | " + Text.clean(match.context().get(c)), Styles.DIM));
        }
      }
      for (int i = 0; i < Math.min(perFlag, block.size()) && lines.size() < height; i++) {
        lines.add(Text.fit(block.get(i), cols));
      }
    }
    while (lines.size() < height) {
      lines.add(AttributedString.EMPTY);
    }
    return lines;
  }

  private static String target(FlagState flag) {
    Integer target = flag.flag().targetCount();
    if (target == null) {
      return "";
    }
    if (flag.count() > target) {
      return " (over its target of " + target + ")";
    }
    return flag.targetReached()
        ? " (target " + target + " reached)"
        : " (target " + target + " not reached yet)";
  }
}
