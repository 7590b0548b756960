package io.ovrseer.process;

import io.ovrseer.internal.OsName;

/**
 * How one run of a process ended: an exit code, or the signal that killed it.
 *
 * <p>On Unix the JDK reports a process killed by signal N as exit value 128+N; such values are read
 * as that signal, named as this system numbers them (Linux's and the BSDs' and macOS's numbers
 * differ past 15: 10 is {@code SIGUSR1} on Linux, {@code SIGBUS} on macOS), so a process that calls
 * {@code exit(143)} is reported as killed by {@code SIGTERM} too. On other Unixes only the numbers
 * all share are read (1 to 15 but 7, 10, 12). Windows has no signals: every value is an exit code.
 *
 * @param exitCode the exit code, or null when killed by a signal
 * @param signal the signal's name, such as {@code "SIGKILL"}, or null when it exited
 */
public record ExitStatus(Integer exitCode, String signal) {

  // Signals 1 to 31 in order, as kill -l lists them: signal n is the n-th name; "-" is none.
  private static final String[] LINUX =
      names(
          "HUP INT QUIT ILL TRAP ABRT BUS FPE KILL USR1 SEGV USR2 PIPE ALRM TERM STKFLT CHLD CONT"
              + " STOP TSTP TTIN TTOU URG XCPU XFSZ VTALRM PROF WINCH IO PWR SYS");
  private static final String[] BSD =
      names(
          "HUP INT QUIT ILL TRAP ABRT EMT FPE KILL BUS SEGV SYS PIPE ALRM TERM URG STOP TSTP CONT"
              + " CHLD TTIN TTOU IO XCPU XFSZ VTALRM PROF WINCH INFO USR1 USR2");
  private static final String[] POSIX =
      names("HUP INT QUIT ILL TRAP ABRT - FPE KILL - SEGV - PIPE ALRM TERM");
  private static final String[] SIGNALS = signalsOf(OsName.CURRENT);

  /** Exactly one of the two is set. */
  public ExitStatus {
    if ((exitCode == null) == (signal == null)) {
      throw new IllegalArgumentException(
          "exactly one of exitCode and signal must be set: " + exitCode + ", " + signal);
    }
  }

  /** The status for a JDK exit value of this system, reading 128+N as signal N on Unix. */
  public static ExitStatus fromExitValue(int exitValue) {
    return fromExitValue(exitValue, SIGNALS);
  }

  /** As {@link #fromExitValue(int)} with the names of the signals, by number from 1. */
  static ExitStatus fromExitValue(int exitValue, String[] signals) {
    int signal = exitValue - 128;
    return signal >= 1 && signal <= signals.length && signals[signal - 1] != null
        ? new ExitStatus(null, signals[signal - 1])
        : new ExitStatus(exitValue, null);
  }

  /** The signal names of the system {@code osName} (as {@code os.name} says). */
  static String[] signalsOf(String osName) {
    return osName.startsWith("Windows")
        ? new String[0]
        : osName.equals("Linux")
            ? LINUX
            : osName.startsWith("Mac") || osName.endsWith("BSD") ? BSD : POSIX;
  }

  private static String[] names(String numbered) {
    return java.util.Arrays.stream(numbered.split(" "))
        .map(name -> name.equals("-") ? null : "SIG" + name)
        .toArray(String[]::new);
  }

  /** Whether the process exited with code 0. */
  public boolean isSuccess() {
    return exitCode != null && exitCode == 0;
  }

  /** "exit code 3" or "signal SIGKILL". */
  @Override
  public String toString() {
    return signal != null ? "signal " + signal : "exit code " + exitCode;
  }
}
