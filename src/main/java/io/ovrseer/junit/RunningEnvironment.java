package io.ovrseer.junit;

import io.ovrseer.Ovrseer;
import io.ovrseer.OvrseerStartException;
import io.ovrseer.ProcessType;
import io.ovrseer.assertj.ProcessNames;
import io.ovrseer.crash.CrashReport;
import io.ovrseer.crash.CrashReporter;
import io.ovrseer.event.LifecycleError;
import io.ovrseer.event.ProcessCrash;
import io.ovrseer.event.ProcessReady;
import io.ovrseer.internal.DurationText;
import io.ovrseer.internal.RunningEnvironments;
import io.ovrseer.internal.Uninterruptible;
import io.ovrseer.process.ProcessUnit;
import io.ovrseer.spec.Assembly;
import io.ovrseer.spec.Ports;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/**
 * One started environment: its {@link Ovrseer}, its {@link Ports} (published as system properties
 * while it is up) and the routing of its crash reports. {@link #start} brings it up completely or
 * leaves nothing behind; {@link #stop()} takes it down.
 */
final class RunningEnvironment {
  private static final int MESSAGE_LOG_LINES = 20;

  private final EnvironmentDeclaration declaration;
  private final Ovrseer ovrseer;
  private final Ports ports;
  private final CrashRouter crashes = new CrashRouter();
  private final Map<String, Duration> readyAfter = new ConcurrentHashMap<>();

  /** The system properties this environment published, and their values. */
  private final Map<String, String> published = new LinkedHashMap<>();

  private Map<String, Map<String, String>> connections = Map.of();
  private volatile boolean started;
  private boolean stopped;

  /** Guarded by {@code this}. */
  private List<CrashReport> startCrashes = List.of();

  private RunningEnvironment(EnvironmentDeclaration declaration) {
    this.declaration = declaration;
    this.ovrseer =
        new Ovrseer(
            declaration
                .spec()
                .options()
                .crashReporter(new CrashReporter(declaration.crashReports()))
                .build());
    this.ports = new Ports();
  }

  /**
   * Builds every process, starts the orchestrator and waits until every main process is ready.
   *
   * <p>This and the other waits of the extension ({@link #stop()}, {@link #awaitEventsDelivered()})
   * run on the test thread with its interrupt status set aside, and set again afterwards: a status
   * that test code left set (JUnit clears it only after the test's or class's callbacks) would end
   * every wait at once, failing the start or killing the cleanup processes of the stop. An
   * interrupt that arrives while they run still counts.
   *
   * @throws ExtensionConfigurationException if a process cannot be built from its declaration
   * @throws OvrseerStartException if a process did not become ready; nothing is left running
   */
  static RunningEnvironment start(EnvironmentDeclaration declaration) {
    return Uninterruptible.call(() -> startNow(declaration));
  }

  private static RunningEnvironment startNow(EnvironmentDeclaration declaration) {
    long begin = System.nanoTime();
    RunningEnvironment environment = new RunningEnvironment(declaration);
    try {
      environment.register();
      environment.publishPorts();
      environment.ovrseer.on(ProcessCrash.class, environment.crashes);
      environment.ovrseer.on(
          ProcessReady.class, e -> environment.readyAfter.put(e.name(), e.duration()));
      environment.started = true;
      environment.ovrseer.start();
      environment.awaitMainsReady();
      environment.ovrseer.awaitEventsDelivered();
      environment.keepStartCrashes(environment.crashes.takeUnclaimed());
    } catch (RuntimeException | Error e) {
      environment.stopAfterFailedStart(e);
      throw e;
    }
    System.out.println(
        "ovrseer: environment "
            + declaration.describe()
            + " ready in "
            + DurationText.of(Duration.ofNanos(System.nanoTime() - begin))
            + environment.readySummary());
    return environment;
  }

  private synchronized void keepStartCrashes(List<CrashReport> reports) {
    startCrashes = reports;
  }

  /** The crashes while the environment started, until the first sink takes them. */
  private synchronized List<CrashReport> takeStartCrashes() {
    List<CrashReport> taken = startCrashes;
    startCrashes = List.of();
    return taken;
  }

  Ovrseer ovrseer() {
    return ovrseer;
  }

  Ports ports() {
    return ports;
  }

  /** The simple name of the class that declared this environment. */
  String testClass() {
    return declaration.testClass();
  }

  /** The system properties this environment publishes while it is up, by name. */
  Map<String, String> publishedProperties() {
    synchronized (published) {
      return Map.copyOf(published);
    }
  }

  /**
   * Opens a sink for the crashes during one test; the first sink opened also gets the crashes while
   * the environment started (a METHOD-scope environment is started for its test).
   */
  CrashSink openTestSink() {
    CrashSink sink = new CrashSink(this, crashes);
    sink.addAll(takeStartCrashes());
    crashes.attachTest(sink);
    return sink;
  }

  /**
   * Opens a sink for the crashes outside the tests of one class; the first sink opened also gets
   * the crashes while the environment started (in that class's {@code @BeforeAll}).
   */
  CrashSink openClassSink() {
    CrashSink sink = new CrashSink(this, crashes);
    sink.addAll(takeStartCrashes());
    crashes.attachClass(sink);
    return sink;
  }

  /**
   * Opens the sink for the crashes outside the tests of a {@code @Nested} class that runs against
   * this environment, which {@code enclosing} (its enclosing class's) does not hear meanwhile.
   */
  CrashSink openNestedClassSink(CrashSink enclosing) {
    CrashSink sink = new CrashSink(this, crashes);
    crashes.attachNestedClass(sink, enclosing);
    return sink;
  }

  /** Crash reports no sink was open for. */
  List<CrashReport> unclaimedCrashes() {
    awaitEventsDelivered();
    return crashes.unclaimed();
  }

  /** Waits until every event posted so far was delivered (see {@link #start} on interrupts). */
  void awaitEventsDelivered() {
    Uninterruptible.call(
        () -> {
          ovrseer.awaitEventsDelivered();
          return null;
        });
  }

  /**
   * Stops every process (cleanup phase included); idempotent. What was registered to run before it
   * stops ({@link RunningEnvironments#beforeStop}: the Spring contexts wired to it) runs first.
   *
   * @throws IllegalStateException naming the environment, if the stop went wrong (a {@code
   *     lifecycle:error} while stopping: a process that could not be stopped and is left running, a
   *     listener that threw): the first error is its cause, the others are suppressed (also the
   *     failure of a before-stop action)
   * @throws RuntimeException a before-stop action's failure, if the processes stopped cleanly
   */
  void stop() {
    Uninterruptible.call(
        () -> {
          stop("stopped");
          return null;
        });
  }

  private void stop(String what) {
    synchronized (this) {
      if (stopped) {
        return;
      }
      stopped = true;
    }
    long begin = System.nanoTime();
    RuntimeException closing = null;
    try {
      RunningEnvironments.stopping(declaration.key()); // Spring's contexts, while it is still up
    } catch (RuntimeException e) {
      closing = e; // the processes are stopped all the same
    }
    List<LifecycleError> errors = new CopyOnWriteArrayList<>();
    Consumer<LifecycleError> hear = errors::add;
    ovrseer.on(LifecycleError.class, hear);
    try {
      ovrseer.stop();
      ovrseer.awaitEventsDelivered();
    } finally {
      ovrseer.off(LifecycleError.class, hear);
      unpublishPorts();
      ports.release();
    }
    if (!errors.isEmpty()) {
      IllegalStateException failure = stopFailure(errors);
      if (closing != null) {
        failure.addSuppressed(closing);
      }
      throw failure;
    }
    if (closing != null) {
      throw closing;
    }
    if (!started) {
      return; // nothing was spawned: a declaration could not be built
    }
    System.out.println(
        "ovrseer: environment "
            + declaration.describe()
            + " "
            + what
            + " in "
            + DurationText.of(Duration.ofNanos(System.nanoTime() - begin))
            + cleanupSummary());
  }

  private IllegalStateException stopFailure(List<LifecycleError> errors) {
    IllegalStateException failure =
        new IllegalStateException(
            "the Ovrseer environment "
                + declaration.describe()
                + " did not stop cleanly: "
                + errors.get(0).error().getMessage(),
            errors.get(0).error());
    errors.stream().skip(1).map(LifecycleError::error).forEach(failure::addSuppressed);
    return failure;
  }

  private void register() {
    Assembly.Assembled assembled =
        OvrseerExtension.wrap(
            () -> Assembly.build(declaration.spec(), ports, declaration.placeholders(), null));
    for (Assembly.Built built : assembled.processes()) {
      ProcessNames.record(built.spec().id(), built.unit()); // assertion messages name it
    }
    OvrseerExtension.wrap(
        () -> {
          Assembly.register(ovrseer, assembled.processes());
          return null;
        });
    connections = assembled.connectionProperties();
  }

  private void awaitMainsReady() {
    Map<String, CompletableFuture<Void>> readies = new LinkedHashMap<>();
    ovrseer
        .getAllProcesses()
        .forEach(
            (id, registered) -> {
              if (registered.type() == ProcessType.MAIN) {
                ProcessUnit unit = registered.process();
                // The process:ready event may come after this method returns: time the readiness
                // here.
                readies.put(
                    id,
                    unit.ready()
                        .thenRun(
                            () ->
                                readyAfter.putIfAbsent(
                                    id,
                                    Duration.between(
                                        unit.getStartTime().orElseGet(Instant::now),
                                        Instant.now()))));
              }
            });
    CompletableFuture<Void> all =
        CompletableFuture.allOf(readies.values().toArray(CompletableFuture[]::new));
    CompletableFuture<Void> firstFailure = new CompletableFuture<>();
    readies
        .values()
        .forEach(
            r ->
                r.whenComplete(
                    (ok, error) -> {
                      if (error != null) {
                        firstFailure.completeExceptionally(error);
                      }
                    }));
    try {
      CompletableFuture.anyOf(all, firstFailure).join();
    } catch (CompletionException e) {
      String failed =
          readies.entrySet().stream()
              .filter(r -> r.getValue().isCompletedExceptionally())
              .map(Map.Entry::getKey)
              .findFirst()
              .orElse(null);
      Throwable cause = e.getCause() == null ? e : e.getCause();
      List<String> logs =
          failed == null
              ? List.of()
              : ovrseer
                  .getProcess(failed)
                  .map(u -> u.logger().getLogs(MESSAGE_LOG_LINES))
                  .orElse(List.of());
      throw new OvrseerStartException(
          "Ovrseer could not start: main process \""
              + failed
              + "\" did not become ready: "
              + cause.getMessage(),
          failed,
          logs,
          cause);
    }
  }

  private void publishPorts() {
    synchronized (published) {
      ports
          .asMap()
          .forEach(
              (name, port) ->
                  published.putIfAbsent(Ports.SYSTEM_PROPERTY_PREFIX + name, port.toString()));
      // A service's "port" is also its port: ovrseer.port.ID once, as the port gave it.
      connections.forEach(
          (id, properties) ->
              properties.forEach(
                  (key, value) -> published.putIfAbsent("ovrseer." + key + "." + id, value)));
      PublishedProperties.publish(this, published);
      RunningEnvironments.publish(declaration.key(), published);
    }
  }

  private void unpublishPorts() {
    synchronized (published) {
      RunningEnvironments.withdraw(declaration.key(), published);
      PublishedProperties.withdraw(this, published.keySet());
      published.clear();
    }
  }

  private void stopAfterFailedStart(Throwable failure) {
    try {
      stop("could not start; stopped");
    } catch (RuntimeException | Error e) {
      failure.addSuppressed(e);
    }
  }

  private String readySummary() {
    StringJoiner ready = new StringJoiner(", ", ": ", "");
    for (String id : declaration.spec().ids()) {
      Duration after = readyAfter.get(id);
      if (after != null) {
        ready.add(id + " ready after " + DurationText.of(after));
      }
    }
    StringJoiner portList = new StringJoiner(", ", "; ports ", "");
    portList.setEmptyValue("");
    ports.asMap().forEach((name, port) -> portList.add(name + "=" + port));
    return (readyAfter.isEmpty() ? "" : ready.toString()) + portList;
  }

  private String cleanupSummary() {
    List<String> cleanups = new ArrayList<>();
    ovrseer
        .getAllProcesses()
        .forEach(
            (id, registered) -> {
              if (registered.type() == ProcessType.CLEANUP) {
                cleanups.add(
                    id
                        + " "
                        + registered
                            .process()
                            .getState()
                            .name()
                            .toLowerCase(java.util.Locale.ROOT));
              }
            });
    return cleanups.isEmpty() ? "" : " (cleanup: " + String.join(", ", cleanups) + ")";
  }
}
