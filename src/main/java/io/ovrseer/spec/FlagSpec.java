package io.ovrseer.spec;

import io.ovrseer.log.Flag;
import io.ovrseer.log.FlagColor;
import java.util.Objects;

/**
 * A log flag of a declared process: the declaration form of a {@link Flag}. Only a valid one can be
 * made, so that building the environment cannot fail on a flag.
 *
 * @param name the name it is read by, unique per process
 * @param pattern the regex searched in each line, used as written (it has no placeholders)
 * @param color how it is shown
 * @param targetCount the count it is expected to reach, or null for none
 * @param contextWindowSize lines kept before and after each match
 */
public record FlagSpec(
    String name, String pattern, FlagColor color, Integer targetCount, int contextWindowSize) {

  /**
   * @throws IllegalArgumentException if {@code pattern} is no valid regex or a count is negative
   */
  public FlagSpec {
    Objects.requireNonNull(name, "name");
    flag(pattern, color, targetCount, contextWindowSize);
  }

  /** The flag. */
  public Flag toFlag() {
    return flag(pattern, color, targetCount, contextWindowSize);
  }

  private static Flag flag(
      String pattern, FlagColor color, Integer targetCount, int contextWindowSize) {
    Flag.Builder flag = Flag.builder(pattern).color(color).contextWindowSize(contextWindowSize);
    if (targetCount != null) {
      flag.targetCount(targetCount);
    }
    return flag.build();
  }
}
