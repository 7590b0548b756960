package io.ovrseer.internal;

import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Compiles users' regular expressions with an error that says which one and why. */
public final class Regexes {
  private Regexes() {}

  /**
   * Compiles {@code regex}; an invalid one throws {@link IllegalArgumentException} reading "invalid
   * {@code what} regex [regex]: description".
   */
  public static Pattern compile(String what, String regex) {
    Objects.requireNonNull(regex, "regex");
    try {
      return Pattern.compile(regex);
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException(
          "invalid " + what + " regex [" + regex + "]: " + e.getDescription(), e);
    }
  }
}
