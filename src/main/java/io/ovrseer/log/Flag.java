package io.ovrseer.log;

import io.ovrseer.internal.Regexes;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.regex.Pattern;

/**
 * A regular expression a {@link ProcessLogger} counts in every log line, keeping the matches.
 *
 * <p>A line matches when {@link java.util.regex.Matcher#find()} finds the pattern in it. Defaults:
 * colour {@link FlagColor#RED}, no target count, {@code contextWindowSize} 0 (no context lines).
 *
 * @param pattern the pattern searched in each line
 * @param color how the flag is shown
 * @param targetCount the count the flag is expected to reach, or null for none
 * @param contextWindowSize lines kept before and after each match, 0 to {@link
 *     #MAX_CONTEXT_WINDOW_SIZE}
 */
public record Flag(Pattern pattern, FlagColor color, Integer targetCount, int contextWindowSize) {

  /**
   * The largest {@code contextWindowSize}: {@value}. Each match copies the lines before it and,
   * until its window is full, collects every line after it, so memory and time grow with the square
   * of the window on a log whose lines match often.
   */
  public static final int MAX_CONTEXT_WINDOW_SIZE = 1_000;

  /** Validates the settings. */
  public Flag {
    Objects.requireNonNull(pattern, "pattern");
    Objects.requireNonNull(color, "color");
    if (targetCount != null && targetCount < 0) {
      throw new IllegalArgumentException(
          "targetCount of flag /" + pattern + "/ must be 0 or more but was " + targetCount);
    }
    if (contextWindowSize < 0) {
      throw new IllegalArgumentException(
          "contextWindowSize of flag /"
              + pattern
              + "/ must be 0 or more but was "
              + contextWindowSize);
    }
    if (contextWindowSize > MAX_CONTEXT_WINDOW_SIZE) {
      throw new IllegalArgumentException(
          "contextWindowSize of flag /"
              + pattern
              + "/ must be at most "
              + MAX_CONTEXT_WINDOW_SIZE
              + " but was "
              + contextWindowSize);
    }
  }

  /** A flag with the defaults. Throws {@link IllegalArgumentException} for an invalid regex. */
  public static Flag of(String regex) {
    return builder(regex).build();
  }

  /** A builder for a flag on {@code regex}; throws {@link IllegalArgumentException} if invalid. */
  public static Builder builder(String regex) {
    return new Builder(Regexes.compile("flag", regex));
  }

  /** A builder for a flag on {@code pattern}. */
  public static Builder builder(Pattern pattern) {
    return new Builder(Objects.requireNonNull(pattern, "pattern"));
  }

  /** The target count, if there is one. */
  public OptionalInt target() {
    return targetCount == null ? OptionalInt.empty() : OptionalInt.of(targetCount);
  }

  /** Whether {@code line} matches this flag. */
  public boolean matches(CharSequence line) {
    return pattern.matcher(line).find();
  }

  /** Two flags are equal when their pattern text, pattern flags and settings are equal. */
  @Override
  public boolean equals(Object o) {
    return o instanceof Flag other
        && pattern.pattern().equals(other.pattern.pattern())
        && pattern.flags() == other.pattern.flags()
        && color == other.color
        && Objects.equals(targetCount, other.targetCount)
        && contextWindowSize == other.contextWindowSize;
  }

  @Override
  public int hashCode() {
    return Objects.hash(pattern.pattern(), pattern.flags(), color, targetCount, contextWindowSize);
  }

  /** Fluent builder of a {@link Flag}; every setter returns this builder. */
  public static final class Builder {
    private final Pattern pattern;
    private FlagColor color = FlagColor.RED;
    private Integer targetCount;
    private int contextWindowSize;

    private Builder(Pattern pattern) {
      this.pattern = pattern;
    }

    /** How the flag is shown; default {@link FlagColor#RED}. */
    public Builder color(FlagColor color) {
      this.color = Objects.requireNonNull(color, "color");
      return this;
    }

    /** The count the flag is expected to reach; default none. */
    public Builder targetCount(int targetCount) {
      this.targetCount = targetCount;
      return this;
    }

    /**
     * Lines kept before and after each match, at most {@value #MAX_CONTEXT_WINDOW_SIZE}; default 0.
     */
    public Builder contextWindowSize(int contextWindowSize) {
      this.contextWindowSize = contextWindowSize;
      return this;
    }

    /** Builds the flag. */
    public Flag build() {
      return new Flag(pattern, color, targetCount, contextWindowSize);
    }
  }
}
