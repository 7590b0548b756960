package io.ovrseer.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * Collects the messages a class logs through {@link System.Logger} (whose default backend is
 * java.util.logging) while open, formatted with their parameters.
 */
public final class LogCapture implements AutoCloseable {
  private final Logger logger;
  private final List<String> messages = new ArrayList<>();
  private final List<String> sources = new ArrayList<>();
  private final Handler handler =
      new Handler() {
        private final SimpleFormatter formatter = new SimpleFormatter();

        @Override
        public void publish(LogRecord record) {
          if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
            synchronized (messages) {
              messages.add(formatter.formatMessage(record));
              sources.add(record.getSourceClassName());
            }
          }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };

  private LogCapture(Class<?> owner) {
    logger = Logger.getLogger(owner.getName());
    logger.addHandler(handler);
  }

  /** Starts collecting the warnings (and worse) that {@code owner} logs. */
  public static LogCapture warningsOf(Class<?> owner) {
    return new LogCapture(owner);
  }

  /** The warnings so far, oldest first. */
  public List<String> warnings() {
    synchronized (messages) {
      return List.copyOf(messages);
    }
  }

  /**
   * The class each warning so far names as its source (what java.util.logging's console output
   * shows in its header), oldest first.
   */
  public List<String> sources() {
    synchronized (messages) {
      return List.copyOf(sources);
    }
  }

  @Override
  public void close() {
    logger.removeHandler(handler);
  }
}
