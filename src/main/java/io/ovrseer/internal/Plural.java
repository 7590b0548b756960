package io.ovrseer.internal;

/** A count with its noun in messages: "1 process", "2 processes", "0 processes". */
public final class Plural {
  private Plural() {}

  /** {@code count}, a space, then {@code one} if the count is 1, else {@code many}. */
  public static String of(long count, String one, String many) {
    return count + " " + (count == 1 ? one : many);
  }
}
