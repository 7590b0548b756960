package io.ovrseer.process;

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

  // The Linux signals 1 to 31 in order, as kill -l lists them: signal n is the n-th name.
  private static final String[] SIGNALS =
      ("SIGHUP SIGINT SIGQUIT SIGILL SIGTRAP SIGABRT SIGBUS SIGFPE SIGKILL SIGUSR1"
              + " SIGSEGV SIGUSR2 SIGPIPE SIGALRM SIGTERM SIGSTKFLT SIGCHLD SIGCONT SIGSTOP"
              + " SIGTSTP SIGTTIN SIGTTOU SIGURG SIGXCPU SIGXFSZ SIGVTALRM SIGPROF SIGWINCH SIGIO"
              + " SIGPWR SIGSYS")
          .split(" ");

  /** Exactly one of the two is set. */
  public ExitStatus {
    if ((exitCode == null) == (signal == null)) {
      throw new IllegalArgumentException(
          "exactly one of exitCode and signal must be set: " + exitCode + ", " + signal);
    }
  }

  /** The status for a JDK exit value, reading 128+N as signal N. */
  public static ExitStatus fromExitValue(int exitValue) {
    int signal = exitValue - 128;
    return signal >= 1 && signal <= SIGNALS.length
        ? new ExitStatus(null, SIGNALS[signal - 1])
        : new ExitStatus(exitValue, null);
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
