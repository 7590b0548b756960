package io.ovrseer.internal;

/**
 * A {@link System.Logger} that is looked up on its first message. Looking one up starts the JDK's
 * logging backend (hundreds of classes in a fresh JVM, on the first spawn), which a run that logs
 * nothing need not pay.
 */
public final class LazyLogger {
  private final String name;
  private volatile System.Logger logger;

  /** The logger named after {@code owner}. */
  public LazyLogger(Class<?> owner) {
    this.name = owner.getName();
  }

  /** As {@link System.Logger#log(System.Logger.Level, String, Object...)}. */
  public void log(System.Logger.Level level, String format, Object... params) {
    System.Logger current = logger;
    if (current == null) {
      current = System.getLogger(name);
      logger = current;
    }
    current.log(level, format, params);
  }
}
