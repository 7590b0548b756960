package io.ovrseer.cli;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.jline.utils.Signals;

/**
 * Turns SIGINT and SIGTERM into a quit request, so that the command line stops its environment
 * (with the cleanup phase) and exits 0 instead of being ended by the JVM's default handler; a
 * SIGINT (a second Ctrl+C) once the quit has begun, whatever began it, forces instead: the
 * environment is killed at once, as {@code docker compose} does. Where signals cannot be handled,
 * the JVM's default stays, and Ovrseer's shutdown hook still stops everything.
 */
final class QuitSignals implements AutoCloseable {
  /** Asks to quit; true if this request began the quit, false if it had begun already. */
  private final BooleanSupplier quit;

  private final Runnable force;
  private final AtomicBoolean forced = new AtomicBoolean();
  private final Object interrupt;
  private final Object terminate;

  private QuitSignals(BooleanSupplier quit, Runnable force) {
    this.quit = quit;
    this.force = force;
    this.interrupt = Signals.register("INT", this::interrupt);
    this.terminate = Signals.register("TERM", quit::getAsBoolean);
  }

  /**
   * Until closed: completes {@code quit} with {@code value} on SIGINT or SIGTERM, and calls {@code
   * force} (on a signal thread, once) on a SIGINT that finds {@code quit} already completed, by a
   * signal or otherwise ({@code q}, the output closed, a failed start).
   */
  static <T> QuitSignals install(CompletableFuture<T> quit, T value, Runnable force) {
    return new QuitSignals(() -> quit.complete(value), force);
  }

  /**
   * A Ctrl+C: a quit request, or, once the quit has begun, the force. The terminal UI calls this
   * for the Ctrl+C key: in raw mode the key sends no signal.
   */
  void interrupt() {
    if (!quit.getAsBoolean() && forced.compareAndSet(false, true)) {
      force.run();
    }
  }

  @Override
  public void close() {
    Signals.unregister("INT", interrupt);
    Signals.unregister("TERM", terminate);
  }
}
