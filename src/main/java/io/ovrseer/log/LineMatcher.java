package io.ovrseer.log;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Tests lines against one flag pattern as cheaply as its shape allows, always with the result of
 * {@code pattern.matcher(line).find()}:
 *
 * <ul>
 *   <li>a pattern that is a literal or an alternation of literals ({@code ERROR|Exception}) is
 *       answered with {@link String#contains} alone;
 *   <li>a pattern that requires a literal run of at least two characters ({@code \bFAILED\b},
 *       {@code timeout after \d+ ms}) runs the regex only on lines that contain that run;
 *   <li>anything else (case-insensitive, groups, classes only) runs the regex on every line.
 * </ul>
 *
 * {@code contains} costs a small fraction of a regex {@code find()} on a log line.
 */
abstract class LineMatcher {
  private static final String META = "\\^$.|?*+()[]{}";

  /** Escapes of one letter that stand for a class or a boundary and take no argument. */
  private static final String SIMPLE_ESCAPES = "dDsSwWbBAGZzhHvVRXtnrfae";

  abstract boolean matches(String line);

  static LineMatcher of(Pattern pattern) {
    String regex = pattern.pattern();
    if (pattern.flags() == 0) {
      List<String> literals = literalAlternatives(regex);
      if (literals != null) {
        return new Literals(literals);
      }
      String required = requiredLiteral(regex);
      if (required != null && required.length() >= 2) {
        return new Prefiltered(required, pattern);
      }
    }
    return new Full(pattern);
  }

  /** The alternatives if {@code regex} is {@code lit|lit|...} of plain literals, else null. */
  static List<String> literalAlternatives(String regex) {
    List<String> literals = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (int i = 0; i < regex.length(); i++) {
      char c = regex.charAt(i);
      if (c == '\\') {
        if (i + 1 >= regex.length()) {
          return null;
        }
        char escaped = regex.charAt(++i);
        if (Character.isLetterOrDigit(escaped)) {
          return null;
        }
        current.append(escaped);
      } else if (c == '|') {
        literals.add(current.toString());
        current.setLength(0);
      } else if (META.indexOf(c) >= 0) {
        return null;
      } else {
        current.append(c);
      }
    }
    literals.add(current.toString());
    return literals.stream().anyMatch(String::isEmpty) ? null : literals;
  }

  /**
   * The longest run of literal characters every match must contain, or null when the pattern's
   * shape is not simple enough to tell (alternation, groups, inline flags, quoting, escapes that
   * take arguments such as {@code \x41} or {@code \p{Upper}}, nested or escaped character classes).
   */
  static String requiredLiteral(String regex) {
    if (regex.indexOf('|') >= 0 || regex.indexOf('(') >= 0) {
      return null;
    }
    String best = "";
    StringBuilder run = new StringBuilder();
    int i = 0;
    while (i < regex.length()) {
      char c = regex.charAt(i);
      // A code point, not a char: a quantifier after a character beyond the BMP applies to both
      // of its surrogates.
      String literal = null;
      int next = i + Character.charCount(regex.codePointAt(i));
      if (c == '\\' && i + 1 < regex.length()) {
        char escaped = regex.charAt(i + 1);
        next = i + 1 + Character.charCount(regex.codePointAt(i + 1));
        if (!Character.isLetterOrDigit(escaped)) {
          literal = regex.substring(i + 1, next);
        } else if (SIMPLE_ESCAPES.indexOf(escaped) < 0) {
          return null;
        }
      } else if (c == '[') {
        next = classEnd(regex, i);
        if (next < 0) {
          return null;
        }
      } else if (c == '{') {
        // A quantifier's bounds, not text.
        next = regex.indexOf('}', i) + 1;
        if (next == 0) {
          return null;
        }
      } else if (META.indexOf(c) < 0) {
        literal = regex.substring(i, next);
      }
      char after = next < regex.length() ? regex.charAt(next) : 0;
      boolean optional = after == '?' || after == '*' || after == '{';
      if (literal != null && !optional) {
        run.append(literal);
      }
      if (literal == null || optional || after == '+') {
        if (run.length() > best.length()) {
          best = run.toString();
        }
        run.setLength(0);
      }
      i = next;
    }
    if (run.length() > best.length()) {
      best = run.toString();
    }
    return best.isEmpty() ? null : best;
  }

  /**
   * Where the character class that opens at {@code open} ends (the index after its {@code ]}), or
   * -1 for a class this parser does not follow: one with an escape or a nested class.
   */
  private static int classEnd(String regex, int open) {
    int j = open + 1;
    if (j < regex.length() && regex.charAt(j) == '^') {
      j++;
    }
    // A ']' first in the class is one of its characters.
    if (j < regex.length() && regex.charAt(j) == ']') {
      j++;
    }
    for (; j < regex.length(); j++) {
      char c = regex.charAt(j);
      if (c == ']') {
        return j + 1;
      }
      if (c == '\\' || c == '[') {
        return -1;
      }
    }
    return -1;
  }

  private static final class Literals extends LineMatcher {
    private final String[] literals;

    Literals(List<String> literals) {
      this.literals = literals.toArray(String[]::new);
    }

    @Override
    boolean matches(String line) {
      for (String literal : literals) {
        if (line.contains(literal)) {
          return true;
        }
      }
      return false;
    }
  }

  private static final class Prefiltered extends LineMatcher {
    private final String required;
    private final Pattern pattern;

    Prefiltered(String required, Pattern pattern) {
      this.required = required;
      this.pattern = pattern;
    }

    @Override
    boolean matches(String line) {
      return line.contains(required) && pattern.matcher(line).find();
    }
  }

  private static final class Full extends LineMatcher {
    private final Pattern pattern;

    Full(Pattern pattern) {
      this.pattern = pattern;
    }

    @Override
    boolean matches(String line) {
      return pattern.matcher(line).find();
    }
  }
}
