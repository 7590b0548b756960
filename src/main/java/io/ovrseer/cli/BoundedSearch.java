package io.ovrseer.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The search regex of the terminal UI run within a time budget. It runs on the thread that reads
 * keys ({@code /}, {@code n}, {@code N}) and on the one that draws (highlighting): a regex that
 * backtracks for ages ({@code (.*a){12}x} on a line of a's) or recurses past the stack ({@code
 * (a|b)+} on a line of 64 KiB) would otherwise stop the keys, {@code q} included, or the screen.
 * Each line is read by the regex through a {@link CharSequence} that looks at the clock, so that a
 * match that overruns the budget ends with {@link TooSlow}. Not thread-safe: one per search or
 * frame.
 */
final class BoundedSearch {
  /** How long a search, {@code n} or {@code N} may take over the buffered lines. */
  static final Duration KEY_BUDGET = Duration.ofSeconds(1);

  /** How long highlighting the matches of one frame may take. */
  static final Duration FRAME_BUDGET = Duration.ofMillis(50);

  /** Reads between two looks at the clock. */
  private static final int READS_PER_CHECK = 1024;

  private final Pattern pattern;
  private final long deadline;
  private int reads;

  BoundedSearch(Pattern pattern, Duration budget) {
    this.pattern = pattern;
    this.deadline = System.nanoTime() + budget.toNanos();
  }

  /** The search's regex: {@code text} as a case-insensitive regex, literally if it is not one. */
  static Pattern compile(String text) {
    try {
      return Pattern.compile(text, Pattern.CASE_INSENSITIVE);
    } catch (java.util.regex.PatternSyntaxException e) {
      return Pattern.compile(Pattern.quote(text), Pattern.CASE_INSENSITIVE);
    }
  }

  /** What the status line says when the search {@code text} was given up. */
  static String gaveUp(String text) {
    return "search /"
        + text
        + "/ cleared: matching it took too long (a regex that backtracks a lot, or recurses deeply"
        + " on a long line)";
  }

  /**
   * Whether the regex is found in {@code line}.
   *
   * @throws TooSlow if the budget is spent
   */
  boolean find(String line) {
    try {
      return pattern.matcher(new Clocked(line)).find();
    } catch (StackOverflowError e) {
      throw new TooSlow();
    }
  }

  /**
   * The non-empty matches in {@code line}, each as {@code {start, end}}.
   *
   * @throws TooSlow if the budget is spent
   */
  List<int[]> matches(String line) {
    List<int[]> matches = new ArrayList<>();
    try {
      Matcher m = pattern.matcher(new Clocked(line));
      while (m.find()) {
        if (m.end() > m.start()) {
          matches.add(new int[] {m.start(), m.end()});
        }
      }
    } catch (StackOverflowError e) {
      throw new TooSlow();
    }
    return matches;
  }

  /** The search regex ran out of its budget; the search is given up. */
  static final class TooSlow extends RuntimeException {
    TooSlow() {
      super("the search regex ran out of time", null, false, false);
    }
  }

  /** A line as the regex reads it, one char at a time; the clock is looked at now and then. */
  private final class Clocked implements CharSequence {
    private final String text;

    Clocked(String text) {
      this.text = text;
    }

    @Override
    public char charAt(int index) {
      if (++reads % READS_PER_CHECK == 0 && System.nanoTime() - deadline > 0) {
        throw new TooSlow();
      }
      return text.charAt(index);
    }

    @Override
    public int length() {
      return text.length();
    }

    @Override
    public CharSequence subSequence(int start, int end) {
      return text.substring(start, end);
    }

    @Override
    public String toString() {
      return text;
    }
  }
}
