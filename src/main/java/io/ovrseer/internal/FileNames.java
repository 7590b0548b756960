package io.ovrseer.internal;

/** Names given by users (process ids, user names) as parts of the names of files Ovrseer writes. */
public final class FileNames {
  /** The longest part: with Ovrseer's prefixes and suffixes, well within 255 bytes. */
  private static final int MAX_LENGTH = 100;

  private FileNames() {}

  /**
   * {@code name} with every character other than ASCII letters, digits, '.', '-' and '_' as '_',
   * cut to 100 characters, never empty and never only dots (so never "." or "..").
   */
  public static String part(String name) {
    String safe = name.replaceAll("[^A-Za-z0-9._-]", "_");
    if (safe.isEmpty() || safe.chars().allMatch(c -> c == '.')) {
      safe = "_" + safe;
    }
    return safe.length() > MAX_LENGTH ? safe.substring(0, MAX_LENGTH) : safe;
  }
}
