package io.ovrseer.internal;

/** The system this JVM runs on, as its {@code os.name} property names it; one place to ask. */
public final class OsName {
  /**
   * The {@code os.name} of this JVM, such as {@code "Linux"}, {@code "Mac OS X"}, {@code "Windows
   * 11"}.
   */
  public static final String CURRENT = System.getProperty("os.name", "");

  private OsName() {}

  /** Whether this is Windows (no signals, no uids, {@code ;} between PATH entries). */
  public static boolean isWindows() {
    return CURRENT.startsWith("Windows");
  }

  /** Whether this is Linux. */
  public static boolean isLinux() {
    return CURRENT.equals("Linux");
  }
}
