package io.ovrseer.process;

import java.util.Map;

/**
 * How one run of a process ended: an exit code, or the signal that killed it.
 *
 * <p>The JDK reports a process killed by signal N as exit value 128+N; such values (129 to 159,
 * when N names a signal) are read as that signal, so a process that calls {@code exit(143)} is
 * reported as killed by {@code SIGTERM} too.
 *
 * @param exitCode the exit code, or null when killed by a signal
 * @param signal the signal's name, such as {@code "SIGKILL"}, or null when it exited
 */
public record ExitStatus(Integer exitCode, String signal) {

  private static final Map<Integer, String> SIGNALS =
      Map.ofEntries(
          Map.entry(1, "SIGHUP"),
          Map.entry(2, "SIGINT"),
          Map.entry(3, "SIGQUIT"),
          Map.entry(4, "SIGILL"),
          Map.entry(5, "SIGTRAP"),
          Map.entry(6, "SIGABRT"),
          Map.entry(7, "SIGBUS"),
          Map.entry(8, "SIGFPE"),
          Map.entry(9, "SIGKILL"),
          Map.entry(10, "SIGUSR1"),
          Map.entry(11, "SIGSEGV"),
          Map.entry(12, "SIGUSR2"),
          Map.entry(13, "SIGPIPE"),
          Map.entry(14, "SIGALRM"),
          Map.entry(15, "SIGTERM"),
          Map.entry(16, "SIGSTKFLT"),
          Map.entry(17, "SIGCHLD"),
          Map.entry(18, "SIGCONT"),
          Map.entry(19, "SIGSTOP"),
          Map.entry(20, "SIGTSTP"),
          Map.entry(21, "SIGTTIN"),
          Map.entry(22, "SIGTTOU"),
          Map.entry(23, "SIGURG"),
          Map.entry(24, "SIGXCPU"),
          Map.entry(25, "SIGXFSZ"),
          Map.entry(26, "SIGVTALRM"),
          Map.entry(27, "SIGPROF"),
          Map.entry(28, "SIGWINCH"),
          Map.entry(29, "SIGIO"),
          Map.entry(30, "SIGPWR"),
          Map.entry(31, "SIGSYS"));

  /** Exactly one of the two is set. */
  public ExitStatus {
    if ((exitCode == null) == (signal == null)) {
      throw new IllegalArgumentException(
          "exactly one of exitCode and signal must be set: " + exitCode + ", " + signal);
    }
  }

  /** The status for a JDK exit value, reading 128+N as signal N. */
  public static ExitStatus fromExitValue(int exitValue) {
    String signal = exitValue > 128 ? SIGNALS.get(exitValue - 128) : null;
    return signal != null ? new ExitStatus(null, signal) : new ExitStatus(exitValue, null);
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
