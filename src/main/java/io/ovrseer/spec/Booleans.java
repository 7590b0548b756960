package io.ovrseer.spec;

import java.util.Locale;
import java.util.Optional;

/**
 * The one reader of yes-or-no values in declarations, for the common keys ({@code passIfNotFound})
 * and service options ({@code keepDataDirectory}) alike: {@code true}, {@code yes}, {@code on} and
 * {@code false}, {@code no}, {@code off}, in any case, surrounding blanks ignored.
 */
public final class Booleans {
  private Booleans() {}

  /** The value {@code text} stands for, or empty if it is none of the words above. */
  public static Optional<Boolean> parse(String text) {
    return switch (text.trim().toLowerCase(Locale.ROOT)) {
      case "true", "yes", "on" -> Optional.of(true);
      case "false", "no", "off" -> Optional.of(false);
      default -> Optional.empty();
    };
  }
}
