package io.ovrseer.process;

/**
 * Thrown by {@link ProcessUnit#start()} when the process cannot be spawned: command not found or
 * not executable, working directory missing, or the operating system refused. The message names the
 * command, the working directory and the cause.
 */
public class ProcessSpawnException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception. */
  public ProcessSpawnException(String message, Throwable cause) {
    super(message, cause);
  }
}
