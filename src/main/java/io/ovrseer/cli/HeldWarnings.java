package io.ovrseer.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * Holds what Ovrseer logs while the terminal UI owns the terminal. Ovrseer's warnings (a private
 * directory it does not use, a crash report it skipped, the fallback to the portable backend) go
 * through {@link System.Logger}, which the JDK backs with java.util.logging; its console handler
 * writes them to standard error, over the UI's screen. While held, the records of the loggers
 * {@code io.ovrseer.*} skip the parent handlers (the console's), are shown to the UI once it is
 * {@linkplain #showOn attached}, and are printed to standard error when {@linkplain #close closed},
 * once the terminal is restored. Another {@link System.LoggerFinder} than the JDK's is left alone.
 */
final class HeldWarnings implements AutoCloseable {
  /** The parent of every logger Ovrseer logs to (they are named after their classes). */
  private static final String LOGGER = "io.ovrseer";

  /** At most so many are held (and printed); the others are counted. */
  static final int MAX_HELD = 100;

  /** Held for as long as the handler is: java.util.logging keeps loggers weakly, and forgets. */
  private final Logger logger;

  private final boolean usedParentHandlers;
  private final Handler handler = new Holder();
  private final List<String> held = new ArrayList<>();
  private Consumer<String> shown = text -> {};
  private int dropped;
  private boolean closed;

  private HeldWarnings(Logger logger) {
    this.logger = logger;
    this.usedParentHandlers = logger.getUseParentHandlers();
  }

  /** Starts holding what the loggers {@code io.ovrseer.*} log, until {@link #close()}. */
  static HeldWarnings hold() {
    HeldWarnings warnings = new HeldWarnings(Logger.getLogger(LOGGER));
    warnings.logger.addHandler(warnings.handler);
    warnings.logger.setUseParentHandlers(false);
    return warnings;
  }

  /** From now on, each message (cleaned) also goes to {@code shown}; those held so far first. */
  synchronized void showOn(Consumer<String> shown) {
    this.shown = shown;
    held.forEach(shown);
  }

  /**
   * Stops holding (the console handler gets what is logged from now on) and prints each message
   * held to standard error as {@code ovrseer: warning: MESSAGE} (beyond {@value #MAX_HELD}, how
   * many more there were). Idempotent.
   */
  @Override
  public void close() {
    List<String> lines;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      shown = text -> {};
      lines = new ArrayList<>(held);
      if (dropped > 0) {
        lines.add(dropped + " more not kept");
      }
    }
    logger.removeHandler(handler);
    logger.setUseParentHandlers(usedParentHandlers);
    PrintStream err = System.err;
    lines.forEach(line -> err.println("ovrseer: warning: " + line));
    err.flush();
  }

  private synchronized void add(String text) {
    if (closed) {
      return;
    }
    if (held.size() < MAX_HELD) {
      held.add(text);
    } else {
      dropped++;
    }
    shown.accept(text);
  }

  private final class Holder extends Handler {
    // Only its formatMessage, which fills in the parameters of System.Logger's format.
    private final SimpleFormatter messages = new SimpleFormatter();

    @Override
    public void publish(LogRecord record) {
      if (!isLoggable(record)) {
        return;
      }
      String text = messages.formatMessage(record);
      if (record.getThrown() != null) {
        text += ": " + record.getThrown();
      }
      // A path or message may hold control characters that would move the cursor.
      add(Text.clean(text));
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  }
}
