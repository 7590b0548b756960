package io.ovrseer.cli;

/** The exit codes of {@code ovrseer up}, as docs/cli.md lists them. */
enum ExitCode {
  /**
   * Stopped on request ({@code q}, Ctrl+C, SIGINT, SIGTERM), with no dependency or main process
   * {@code FAILED}.
   */
  STOPPED(0),
  /**
   * The environment could not start (in the terminal UI: its last start, {@code U} or {@code R}).
   */
  START_FAILED(1),
  /** A wrong command line or environment description; nothing was started. */
  USAGE(2),
  /**
   * Stopped on request, but a dependency or main process had ended {@code FAILED}: it crashed after
   * its retries were used up, or could not be spawned.
   */
  PROCESS_FAILED(3),
  /**
   * The stop went wrong: a process could not be stopped and is left running (recorded for the
   * orphan guard), or a listener threw while stopping; a stop on request, the stop of what a failed
   * start had started, when it wins over {@link #START_FAILED}, or a stop of one process earlier in
   * the run ({@code s} in the terminal UI, and the stop that {@code r}, {@code R}, {@code u} or
   * {@code U} makes first).
   */
  STOP_FAILED(4),
  /**
   * Stopped hard: a second Ctrl+C (SIGINT) came while stopping, so every process tree was killed at
   * once (SIGKILL), without waiting out stop timeouts or running the cleanup phase: 130, the status
   * of a program ended by Ctrl+C.
   */
  KILLED(130),
  /**
   * Standard output was closed ({@code up --no-tui env.yml | head}): 141, the status of a program
   * ended by SIGPIPE, so that a shell (and {@code pipefail}) takes it as it takes any such program.
   */
  OUTPUT_CLOSED(141);

  private final int code;

  ExitCode(int code) {
    this.code = code;
  }

  /** The number the process exits with. */
  int code() {
    return code;
  }
}
