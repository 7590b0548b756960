package io.ovrseer.cli;

import org.jline.utils.Signals;

/**
 * Turns SIGINT and SIGTERM into a quit request, so that the command line stops its environment
 * (with the cleanup phase) and exits 0 instead of being ended by the JVM's default handler. Where
 * signals cannot be handled, the JVM's default stays, and Ovrseer's shutdown hook still stops
 * everything.
 */
final class QuitSignals implements AutoCloseable {
  private final Object interrupt;
  private final Object terminate;

  private QuitSignals(Runnable onQuit) {
    this.interrupt = Signals.register("INT", onQuit);
    this.terminate = Signals.register("TERM", onQuit);
  }

  /** Calls {@code onQuit} (on a signal thread) for each SIGINT or SIGTERM until closed. */
  static QuitSignals install(Runnable onQuit) {
    return new QuitSignals(onQuit);
  }

  @Override
  public void close() {
    Signals.unregister("INT", interrupt);
    Signals.unregister("TERM", terminate);
  }
}
