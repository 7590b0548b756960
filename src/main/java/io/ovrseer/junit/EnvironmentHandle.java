package io.ovrseer.junit;

import io.ovrseer.OvrseerStartException;
import io.ovrseer.crash.CrashReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The {@link ExtensionContext.Store} value that owns one environment: starts it at most once
 * (remembering a failed start, so every user of a shared environment sees the same failure) and
 * stops it when the store is closed.
 */
@SuppressWarnings("deprecation") // Store.CloseableResource: still needed by JUnit before 5.13
final class EnvironmentHandle implements AutoCloseable, ExtensionContext.Store.CloseableResource {
  private final EnvironmentDeclaration declaration;
  private RunningEnvironment running;
  private RuntimeException startFailure;
  private boolean closed;
  private final List<CrashPolicy> users = new ArrayList<>();

  EnvironmentHandle(EnvironmentDeclaration declaration) {
    this.declaration = declaration;
  }

  /**
   * Starts the environment unless it is running, and returns it.
   *
   * @param user the crash policy of the class or test using it; a crash after its last user
   *     finished fails if one of the users' policies does not allow it
   * @throws OvrseerStartException if it could not start (now or at an earlier attempt)
   * @throws ExtensionConfigurationException if a process could not be built
   */
  synchronized RunningEnvironment start(CrashPolicy user) {
    users.add(user);
    if (running != null) {
      return running;
    }
    if (startFailure != null) {
      throw again(startFailure);
    }
    if (closed) {
      throw new IllegalStateException(
          "the Ovrseer environment " + declaration.describe() + " was already stopped");
    }
    try {
      running = RunningEnvironment.start(declaration);
      return running;
    } catch (RuntimeException e) {
      startFailure = e;
      throw e;
    }
  }

  /**
   * Starts the environment as {@link #start} does and opens the crash sink of a class using it,
   * under one lock: the class that started it opens the first sink, which claims the crashes of the
   * start, before another class waiting for the start opens its own.
   */
  synchronized CrashSink startForClass(CrashPolicy user) {
    return start(user).openClassSink();
  }

  /** The environment, if it is running. */
  synchronized Optional<RunningEnvironment> running() {
    return Optional.ofNullable(running);
  }

  /**
   * Stops the environment. Crashes no test or class claimed (a cleanup process failing when a
   * shared environment stops at the end of the run) are printed and, unless the policies of all its
   * users allow them, thrown; a failure to stop (see {@link RunningEnvironment#stop()}) is thrown
   * too, attached to that crash failure if there is one.
   */
  @Override
  public void close() {
    RunningEnvironment stopping;
    synchronized (this) {
      closed = true;
      stopping = running;
      running = null;
    }
    if (stopping == null) {
      return;
    }
    RuntimeException stopFailure = null;
    try {
      stopping.stop();
    } catch (RuntimeException e) {
      stopFailure = e;
    }
    CrashPolicy.throwFirst(verdictOnUnclaimed(stopping.unclaimedCrashes()), stopFailure);
  }

  private Optional<AssertionError> verdictOnUnclaimed(List<CrashReport> unclaimed) {
    if (unclaimed.isEmpty()) {
      return Optional.empty();
    }
    String when = "after the last test using the environment " + declaration.describe();
    String marked = "each class using it";
    System.err.println(
        "ovrseer: "
            + CrashPolicy.REPORT_ALL.check(unclaimed, when, marked).orElseThrow().getMessage());
    List<CrashPolicy> policies;
    synchronized (this) {
      policies = List.copyOf(users);
    }
    for (CrashPolicy policy : policies) {
      Optional<AssertionError> failure = policy.check(unclaimed, when, marked);
      if (failure.isPresent()) {
        return failure;
      }
    }
    return Optional.empty();
  }

  private static RuntimeException again(RuntimeException failure) {
    if (failure instanceof OvrseerStartException start) {
      return new OvrseerStartException(
          start.getMessage(), start.getProcessId(), start.getLastLogs(), start);
    }
    if (failure instanceof ExtensionConfigurationException) {
      return new ExtensionConfigurationException(failure.getMessage(), failure);
    }
    return new IllegalStateException(failure.getMessage(), failure);
  }
}
