package io.ovrseer;

import io.ovrseer.event.CleanupComplete;
import io.ovrseer.event.CleanupStarted;
import io.ovrseer.event.DependenciesReady;
import io.ovrseer.event.FlagMatched;
import io.ovrseer.event.LifecycleError;
import io.ovrseer.event.MainStarted;
import io.ovrseer.event.MainStopped;
import io.ovrseer.event.OvrseerEvent;
import io.ovrseer.event.ProcessAdded;
import io.ovrseer.event.ProcessCrash;
import io.ovrseer.event.ProcessExit;
import io.ovrseer.event.ProcessLog;
import io.ovrseer.event.ProcessReady;
import io.ovrseer.event.ProcessRemoved;
import io.ovrseer.event.ProcessRestart;
import io.ovrseer.event.ProcessSpawn;
import io.ovrseer.event.StateUpdate;
import io.ovrseer.internal.SerialExecutor;
import io.ovrseer.internal.SharedExecutors;
import io.ovrseer.internal.Uninterruptible;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Delivers an orchestrator's events to its listeners, in the order they were posted and one at a
 * time, on the JVM's event threads ({@code ovrseer-events-N}, which end after two idle seconds). A
 * listener that throws is reported as a {@link LifecycleError} to the other listeners.
 */
final class EventBus {
  static final Map<String, Class<? extends OvrseerEvent>> NAMES =
      Map.ofEntries(
          Map.entry(ProcessSpawn.NAME, ProcessSpawn.class),
          Map.entry(ProcessReady.NAME, ProcessReady.class),
          Map.entry(ProcessExit.NAME, ProcessExit.class),
          Map.entry(ProcessCrash.NAME, ProcessCrash.class),
          Map.entry(ProcessRestart.NAME, ProcessRestart.class),
          Map.entry(ProcessLog.NAME, ProcessLog.class),
          Map.entry(FlagMatched.NAME, FlagMatched.class),
          Map.entry(DependenciesReady.NAME, DependenciesReady.class),
          Map.entry(MainStarted.NAME, MainStarted.class),
          Map.entry(MainStopped.NAME, MainStopped.class),
          Map.entry(CleanupStarted.NAME, CleanupStarted.class),
          Map.entry(CleanupComplete.NAME, CleanupComplete.class),
          Map.entry(LifecycleError.NAME, LifecycleError.class),
          Map.entry(StateUpdate.NAME, StateUpdate.class),
          Map.entry(ProcessAdded.NAME, ProcessAdded.class),
          Map.entry(ProcessRemoved.NAME, ProcessRemoved.class));

  /** Log and flag events queued at most; more make the reading thread wait (back-pressure). */
  private static final int LOG_EVENTS_IN_FLIGHT = 65_536;

  /**
   * Permits added while a listener waits in a lifecycle call: enough never to run out, and small
   * enough for a few such calls inside one another (a state listener's) not to overflow the count.
   */
  private static final int LIFTED = 1 << 28;

  private final Permits logPermits = new Permits(LOG_EVENTS_IN_FLIGHT);

  private final Map<Class<? extends OvrseerEvent>, List<Consumer<? super OvrseerEvent>>> listeners =
      new ConcurrentHashMap<>();
  private final Function<OvrseerEvent, LifecycleError.Phase> phaseOf;
  // Unbounded: lifecycle events never wait (their posters may hold a unit's lock); only log and
  // flag events are bounded, by permits taken before they are queued. The threads are shared by
  // every orchestrator of the JVM: one starting for each test class would cost a thread's start.
  private final SerialExecutor dispatcher = new SerialExecutor(SharedExecutors.events());

  EventBus(Function<OvrseerEvent, LifecycleError.Phase> phaseOf) {
    this.phaseOf = phaseOf;
  }

  static Class<? extends OvrseerEvent> classOf(String eventName) {
    Class<? extends OvrseerEvent> type = NAMES.get(Objects.requireNonNull(eventName, "eventName"));
    if (type == null) {
      throw new IllegalArgumentException(
          "unknown event name ["
              + eventName
              + "]; known: "
              + new java.util.TreeSet<>(NAMES.keySet()));
    }
    return type;
  }

  @SuppressWarnings("unchecked")
  <E extends OvrseerEvent> void on(Class<E> type, Consumer<? super E> listener) {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(listener, "listener");
    listeners
        .computeIfAbsent(type, t -> new CopyOnWriteArrayList<>())
        .add((Consumer<? super OvrseerEvent>) (Consumer<?>) listener);
  }

  void off(Class<? extends OvrseerEvent> type, Consumer<?> listener) {
    List<Consumer<? super OvrseerEvent>> registered =
        listeners.get(Objects.requireNonNull(type, "type"));
    if (registered != null) {
      registered.remove(listener);
    }
  }

  /** Whether anyone listens for events of {@code type}, or for every event. */
  boolean hasListeners(Class<? extends OvrseerEvent> type) {
    return !listeners.getOrDefault(type, List.of()).isEmpty()
        || !listeners.getOrDefault(OvrseerEvent.class, List.of()).isEmpty();
  }

  /**
   * The listeners of events of {@code type}: those registered for it, then those registered for
   * {@link OvrseerEvent} itself, which hear every event.
   */
  private List<Consumer<? super OvrseerEvent>> listenersOf(Class<? extends OvrseerEvent> type) {
    List<Consumer<? super OvrseerEvent>> own = listeners.getOrDefault(type, List.of());
    List<Consumer<? super OvrseerEvent>> every =
        listeners.getOrDefault(OvrseerEvent.class, List.of());
    if (every.isEmpty()) {
      return own;
    }
    List<Consumer<? super OvrseerEvent>> both = new ArrayList<>(own);
    both.addAll(every);
    return both;
  }

  void post(OvrseerEvent event) {
    if (hasListeners(event.getClass())) {
      if (event instanceof ProcessLog || event instanceof FlagMatched) {
        // A flood with a slow listener waits here, in the reading thread, holding no lock.
        logPermits.acquireUninterruptibly();
        dispatcher.execute(
            () -> {
              try {
                deliver(event);
              } finally {
                logPermits.release();
              }
            });
      } else {
        dispatcher.execute(() -> deliver(event));
      }
    } else if (event instanceof LifecycleError error) {
      printUnheard(error);
    }
  }

  /**
   * Posts without waiting for log permits: for the few events a spawn held back, posted by a thread
   * that may hold the orchestrator's monitor.
   */
  void postWithoutWaiting(OvrseerEvent event) {
    if (hasListeners(event.getClass())) {
      dispatcher.execute(() -> deliver(event));
    }
  }

  /** Posts an event built on the dispatcher thread, in order with the events posted around it. */
  void postLater(java.util.function.Supplier<? extends OvrseerEvent> event) {
    dispatcher.execute(() -> deliver(event.get()));
  }

  /** An error nobody listens for still has to be seen: it goes to stderr. */
  private static void printUnheard(LifecycleError error) {
    System.err.println(
        "ovrseer: lifecycle:error in phase " + error.phase() + " (no listener): " + error.error());
  }

  /**
   * Runs {@code call}, a lifecycle call that may wait for output of processes (for a readiness, or
   * an exit's last lines). Made by a listener, it lifts the bound on queued log events while it
   * runs: that output would otherwise wait for the listener's return, so for itself.
   */
  void runLifted(Runnable call) {
    if (!dispatcher.isRunningTask()) {
      call.run();
      return;
    }
    logPermits.release(LIFTED);
    try {
      call.run();
    } finally {
      logPermits.reduce(LIFTED);
    }
  }

  /** A semaphore whose permits can be taken back without waiting (and then fall below zero). */
  private static final class Permits extends java.util.concurrent.Semaphore {
    private static final long serialVersionUID = 1L;

    Permits(int permits) {
      super(permits);
    }

    void reduce(int permits) {
      reducePermits(permits);
    }
  }

  /** Waits until every event posted before this call was delivered (not on the dispatcher). */
  void flush() {
    if (dispatcher.isRunningTask() || dispatcher.isIdle()) {
      // Nothing posted is still waiting (the usual case when no listener is registered): no
      // round trip through the event threads.
      return;
    }
    OptionalLong shutdown = ShutdownStopper.hookBeganAt();
    if (shutdown.isPresent() && dispatcher.isRunningTaskStartedBefore(shutdown.getAsLong())) {
      // The JVM is exiting, and a listener that was running before it began holds up delivery: it
      // may be the one that called System.exit, which waits for the shutdown hook, which waits
      // here. It ends only with the JVM; waiting for it would only delay the exit by 30 s.
      return;
    }
    CountDownLatch delivered = new CountDownLatch(1);
    dispatcher.execute(delivered::countDown);
    // An interrupt does not cut the wait short (a stop() of an interrupted thread returned before
    // its last process:exit was delivered); it stays set for the caller.
    if (!Uninterruptible.await(delivered, Duration.ofSeconds(30))) {
      // The lifecycle step itself is done; a stuck listener must not turn it into a failure.
      System.err.println(
          "ovrseer: event listeners are still busy after 30 s; not waiting for them");
    }
  }

  private void deliver(OvrseerEvent event) {
    for (Consumer<? super OvrseerEvent> listener : listenersOf(event.getClass())) {
      try {
        listener.accept(event);
      } catch (Throwable e) {
        // Throwable, not RuntimeException | Error: a Kotlin listener (or a @SneakyThrows one)
        // throws checked exceptions, which would skip the listeners after it, unreported.
        if (e instanceof VirtualMachineError fatal) {
          throw fatal;
        }
        reportListenerFailure(event, listener, e);
      }
    }
  }

  private void reportListenerFailure(
      OvrseerEvent event, Consumer<? super OvrseerEvent> failed, Throwable error) {
    LifecycleError report =
        new LifecycleError(
            phaseOf.apply(event),
            new IllegalStateException(
                "a listener of " + event.eventName() + " threw " + error, error),
            Instant.now());
    List<Consumer<? super OvrseerEvent>> errorListeners = listenersOf(LifecycleError.class);
    if (errorListeners.stream().allMatch(l -> l == failed)) {
      printUnheard(report);
      return;
    }
    for (Consumer<? super OvrseerEvent> listener : errorListeners) {
      if (listener == failed) {
        continue;
      }
      try {
        listener.accept(report);
      } catch (Throwable nested) {
        // An error listener failing on an error report: nowhere left to report it but stderr. An
        // Error too (a test's fail() in it): thrown on, it cost the event's other listeners.
        if (nested instanceof VirtualMachineError fatal) {
          throw fatal;
        }
        System.err.println("ovrseer: lifecycle:error listener threw " + nested);
      }
    }
  }
}
