package com.example.notes;

import java.io.PrintStream;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;

/**
 * The service's log: one line per event, {@code HH:mm:ss.SSS LEVEL [thread] message}, INFO on
 * standard output and ERROR (with its stack trace) on standard error.
 */
public final class Log {

  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");

  private Log() {}

  /** Logs an informational line. */
  public static void info(String message) {
    print(System.out, "INFO ", message);
  }

  /** Logs a failure. */
  public static void error(String message) {
    print(System.err, "ERROR", message);
  }

  /** Logs a failure and its stack trace. */
  public static void error(String message, Throwable cause) {
    synchronized (System.err) {
      print(System.err, "ERROR", message);
      cause.printStackTrace(System.err);
    }
  }

  private static void print(PrintStream out, String level, String message) {
    out.println(
        TIME.format(LocalTime.now())
            + " "
            + level
            + " ["
            + Thread.currentThread().getName()
            + "] "
            + message);
  }
}
