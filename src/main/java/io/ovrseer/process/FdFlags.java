package io.ovrseer.process;

import java.io.FileInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** The open-file flags of one of this JVM's fds, as {@code /proc/self/fdinfo} shows them. */
final class FdFlags {
  private static final int ACCESS_MODE = 3;
  private static final int WRITE_ONLY = 1;
  private static final int NON_BLOCKING = 04000;

  private FdFlags() {}

  /** The {@code flags:} field of {@code /proc/self/fdinfo/<fd>} (octal), or null if it is gone. */
  static Integer of(String fd) {
    byte[] buffer = new byte[512];
    int length;
    try (FileInputStream in = new FileInputStream("/proc/self/fdinfo/" + fd)) {
      length = in.read(buffer);
    } catch (IOException gone) {
      return null;
    }
    String text = new String(buffer, 0, Math.max(length, 0), StandardCharsets.US_ASCII);
    int field = text.indexOf("flags:");
    if (field < 0) {
      return null;
    }
    int end = text.indexOf('\n', field);
    try {
      return Integer.parseInt(text.substring(field + 6, end < 0 ? text.length() : end).trim(), 8);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  static boolean isWriteOnly(int flags) {
    return (flags & ACCESS_MODE) == WRITE_ONLY;
  }

  static boolean isNonBlocking(int flags) {
    return (flags & NON_BLOCKING) != 0;
  }
}
