package io.ovrseer.spec;

import io.ovrseer.log.Flag;
import io.ovrseer.log.FlagColor;

/**
 * A log flag of a declared process: the declaration form of a {@link Flag}.
 *
 * @param name the name it is read by, unique per process
 * @param pattern the regex searched in each line
 * @param color how it is shown
 * @param targetCount the count it is expected to reach, or null for none
 * @param contextWindowSize lines kept before and after each match
 */
public record FlagSpec(
    String name, String pattern, FlagColor color, Integer targetCount, int contextWindowSize) {

  /** The flag. */
  public Flag toFlag() {
    Flag.Builder flag = Flag.builder(pattern).color(color).contextWindowSize(contextWindowSize);
    if (targetCount != null) {
      flag.targetCount(targetCount);
    }
    return flag.build();
  }
}
