package io.ovrseer.services;

import io.ovrseer.log.ProcessLogger;
import io.ovrseer.process.ExitStatus;
import io.ovrseer.process.ProcessState;
import io.ovrseer.process.ProcessUnit;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * A {@link ProcessUnit} that runs another one (the server's operating-system process) and adds what
 * a service needs around it: {@link #beforeStart()} (prepare files) and {@link #afterStop()}
 * (remove them). A restart keeps the files.
 */
abstract class DelegatingUnit implements ProcessUnit {
  /** Every service listens on the IPv4 loopback address only. */
  static final String HOST = "127.0.0.1";

  private final ProcessUnit server;
  final int port;

  DelegatingUnit(ProcessUnit server, int port) {
    this.server = server;
    this.port = port;
  }

  /** The address the server listens on: {@code 127.0.0.1}. */
  public String host() {
    return HOST;
  }

  /** The server's TCP port, fixed when the unit is built. */
  public int port() {
    return port;
  }

  /** Runs before each start; the default does nothing. */
  void beforeStart() {}

  /**
   * Runs after each stop or kill, once the server is gone; the default does nothing. Not after a
   * stop that failed: what the server may still use is kept.
   */
  void afterStop() {}

  @Override
  public String command() {
    return server.command();
  }

  @Override
  public List<String> args() {
    return server.args();
  }

  @Override
  public ProcessLogger logger() {
    return server.logger();
  }

  @Override
  public Optional<String> user() {
    return server.user();
  }

  @Override
  public List<String> dependsOn() {
    return server.dependsOn();
  }

  @Override
  public ProcessState getState() {
    return server.getState();
  }

  @Override
  public OptionalLong getPid() {
    return server.getPid();
  }

  @Override
  public boolean isRunning() {
    return server.isRunning();
  }

  /**
   * Prepares the files, then starts the server; a server that cannot be spawned leaves no files
   * behind. A start of a server that is running fails as for any unit and leaves its files alone.
   */
  @Override
  public void start() {
    beforeStart();
    try {
      server.start();
    } catch (RuntimeException e) {
      // "already running": the files are the running server's.
      throw server.isRunning() ? e : cleanedUp(e, this::afterStop);
    }
  }

  /**
   * {@code failure}, after {@code cleanup} ran: a failure of the cleanup is attached to it as
   * suppressed, so that the first cause is the one thrown.
   */
  static RuntimeException cleanedUp(RuntimeException failure, Runnable cleanup) {
    try {
      cleanup.run();
    } catch (RuntimeException second) {
      failure.addSuppressed(second);
    }
    return failure;
  }

  @Override
  public CompletableFuture<Void> ready() {
    return server.ready();
  }

  @Override
  public CompletableFuture<ExitStatus> exit() {
    return server.exit();
  }

  @Override
  public void stop() {
    server.stop();
    afterStop();
  }

  @Override
  public void stop(Duration timeout) {
    server.stop(timeout);
    afterStop();
  }

  @Override
  public void kill() {
    server.kill();
    afterStop();
  }

  @Override
  public void restart() {
    beforeStart();
    server.restart();
  }

  @Override
  public void sendStdin(String line) {
    server.sendStdin(line);
  }

  @Override
  public Optional<Instant> getStartTime() {
    return server.getStartTime();
  }

  @Override
  public void addStateListener(Consumer<ProcessState> listener) {
    server.addStateListener(listener);
  }

  @Override
  public void removeStateListener(Consumer<ProcessState> listener) {
    server.removeStateListener(listener);
  }

  @Override
  public void markFailed() {
    server.markFailed();
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + connectionSummary();
  }

  /** A short text of how to reach the server, for {@link #toString()}. */
  abstract String connectionSummary();
}
