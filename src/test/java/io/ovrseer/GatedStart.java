package io.ovrseer;

import io.ovrseer.log.ProcessLogger;
import io.ovrseer.process.ExitStatus;
import io.ovrseer.process.ProcessState;
import io.ovrseer.process.ProcessUnit;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A process unit (an operating-system unit wrapped, as a service wraps its server) whose start,
 * once begun, waits until the test releases it: the first {@code passing} starts go through.
 */
final class GatedStart implements ProcessUnit {
  final CountDownLatch entered = new CountDownLatch(1);
  final CountDownLatch release = new CountDownLatch(1);
  final CountDownLatch left = new CountDownLatch(1);

  /** Whether its stop, once the process is gone, waits (as a service's removal of its files). */
  volatile boolean gateStops;

  final CountDownLatch stopped = new CountDownLatch(1);
  final CountDownLatch releaseStop = new CountDownLatch(1);
  private final ProcessUnit unit;
  private final AtomicInteger passing;

  GatedStart(ProcessUnit unit) {
    this(unit, 0);
  }

  GatedStart(ProcessUnit unit, int passing) {
    this.unit = unit;
    this.passing = new AtomicInteger(passing);
  }

  @Override
  public void start() {
    if (passing.getAndDecrement() > 0) {
      unit.start();
      return;
    }
    entered.countDown();
    await(release);
    try {
      unit.start();
    } finally {
      left.countDown();
    }
  }

  @Override
  public String command() {
    return unit.command();
  }

  @Override
  public List<String> args() {
    return unit.args();
  }

  @Override
  public ProcessLogger logger() {
    return unit.logger();
  }

  @Override
  public ProcessState getState() {
    return unit.getState();
  }

  @Override
  public OptionalLong getPid() {
    return unit.getPid();
  }

  @Override
  public boolean isRunning() {
    return unit.isRunning();
  }

  @Override
  public CompletableFuture<Void> ready() {
    return unit.ready();
  }

  @Override
  public CompletableFuture<ExitStatus> exit() {
    return unit.exit();
  }

  @Override
  public void stop() {
    unit.stop();
    if (gateStops) {
      stopped.countDown();
      await(releaseStop);
    }
  }

  @Override
  public void stop(Duration timeout) {
    unit.stop(timeout);
  }

  @Override
  public void kill() {
    unit.kill();
  }

  @Override
  public void restart() {
    unit.restart();
  }

  @Override
  public void sendStdin(String line) {
    unit.sendStdin(line);
  }

  @Override
  public void addStateListener(Consumer<ProcessState> listener) {
    unit.addStateListener(listener);
  }

  @Override
  public void removeStateListener(Consumer<ProcessState> listener) {
    unit.removeStateListener(listener);
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
