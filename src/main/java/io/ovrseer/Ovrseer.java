package io.ovrseer;

import io.ovrseer.crash.CrashReport;
import io.ovrseer.crash.CrashType;
import io.ovrseer.event.CleanupComplete;
import io.ovrseer.event.CleanupStarted;
import io.ovrseer.event.DependenciesReady;
import io.ovrseer.event.LifecycleError;
import io.ovrseer.event.MainStarted;
import io.ovrseer.event.MainStopped;
import io.ovrseer.event.OvrseerEvent;
import io.ovrseer.event.ProcessAdded;
import io.ovrseer.event.ProcessExit;
import io.ovrseer.event.ProcessRemoved;
import io.ovrseer.event.ProcessRestart;
import io.ovrseer.event.ProcessSpawn;
import io.ovrseer.event.StateUpdate;
import io.ovrseer.internal.DurationText;
import io.ovrseer.internal.Failures;
import io.ovrseer.internal.LogExcerpt;
import io.ovrseer.internal.SharedExecutors;
import io.ovrseer.internal.Timeouts;
import io.ovrseer.internal.Uninterruptible;
import io.ovrseer.process.ExitStatus;
import io.ovrseer.process.ProcessState;
import io.ovrseer.process.ProcessUnit;
import io.ovrseer.process.ReadinessException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;

/**
 * Orchestrates four groups of processes: setup processes, dependencies, main processes and cleanup
 * processes.
 *
 * <p>{@link #start()} spawns every setup process and dependency at once and waits until every setup
 * process has exited 0 and every dependency is ready, then spawns the main processes. A process
 * that {@linkplain ProcessUnit#dependsOn() depends on} others is spawned once they are done
 * instead. {@link #stop()} stops the mains, runs the cleanup processes in parallel (each for at
 * most {@code cleanupTimeout}), then stops the dependencies; within a group, what depends on a
 * process stops before it. In between, a dependency or main process that crashes (exits on its own
 * with a non-zero code or by a signal) is reported to the {@link io.ovrseer.crash.CrashReporter}
 * and restarted after {@code retryDelay}, at most {@code retries} times; after that it stays {@link
 * ProcessState#FAILED}. Every change is published as an {@link OvrseerEvent}.
 *
 * <p>Defaults are those of {@link OvrseerOptions#defaults()}. While started (or while a process
 * {@link #restartProcess(String)} ran when not started is up), a JVM shutdown hook runs {@link
 * #stop()}, so SIGINT or SIGTERM to the JVM stops every process it started. Processes added while
 * started are started by the next {@link #start()}, {@link #restartAll()} or {@link
 * #restartProcess(String)}. An {@code Ovrseer} can be started again after it was stopped.
 * Thread-safe.
 */
public class Ovrseer implements AutoCloseable {

  private static final int MAX_SPAWN_LANES = 8;
  private static final int MESSAGE_LOG_LINES = 20;

  /** How long a setup process may run when no timeout is given: 5 minutes. */
  public static final Duration DEFAULT_SETUP_TIMEOUT = Duration.ofMinutes(5);

  private enum Lifecycle {
    IDLE,
    STARTING,
    RUNNING,
    STOPPING,
    STOPPED
  }

  private final OvrseerOptions options;
  private final EventBus events;
  private final CrashRecorder crashes;
  private final Map<String, ProcessEntry> setups = new LinkedHashMap<>();
  private final Map<String, ProcessEntry> dependencies = new LinkedHashMap<>();
  private final Map<String, ProcessEntry> mains = new LinkedHashMap<>();
  private final Map<String, ProcessEntry> cleanups = new LinkedHashMap<>();

  /**
   * The group of every id ever registered, kept after its removal: the events of a removed process
   * (its last exit, process:removed) are delivered once it is gone from the groups, and a listener
   * of those that throws is still reported in the phase of its group.
   */
  private final Map<String, ProcessType> groupOfId = new ConcurrentHashMap<>();

  private final ReentrantLock stopLock = new ReentrantLock();
  private final ReentrantReadWriteLock spawnGate = new ReentrantReadWriteLock();
  private Lifecycle lifecycle = Lifecycle.IDLE;
  private boolean mainPhaseReached;

  /** Whether {@link #kill()} runs: stops meanwhile kill, and spawn no cleanup process. */
  private volatile boolean killing;

  /** Counts starts, so that a spawn wired by an earlier start never runs in a later one. */
  private long startGeneration;

  /** Counts stops, so that a restart that a stop overtook does not spawn after it. */
  private long stopGeneration;

  private CompletableFuture<Void> startAborted = new CompletableFuture<>();

  /** The dependsOn graph of the last start; guarded by this. */
  private DependencyGraph startGraph = DependencyGraph.lenient(List.of());

  /** The call that ended the last start a stop overtook: "stop()" or "kill()". */
  private String stoppedBy = "stop()";

  /** An orchestrator with {@link OvrseerOptions#defaults()}. */
  public Ovrseer() {
    this(OvrseerOptions.defaults());
  }

  /** An orchestrator with {@code options}. */
  public Ovrseer(OvrseerOptions options) {
    this.options = Objects.requireNonNull(options, "options");
    this.events = new EventBus(this::phaseOf);
    this.crashes = new CrashRecorder(options, events);
  }

  /** The settings of this orchestrator. */
  public OvrseerOptions getOptions() {
    return options;
  }

  // ---------------------------------------------------------------- registration

  /**
   * Registers a setup process with the default timeout of 5 minutes ({@link
   * #DEFAULT_SETUP_TIMEOUT}); ids are unique across all four groups.
   *
   * @see #addSetupProcess(String, ProcessUnit, Duration)
   */
  public void addSetupProcess(String id, ProcessUnit process) {
    addSetupProcess(id, process, DEFAULT_SETUP_TIMEOUT);
  }

  /**
   * Registers a setup process: {@link #start()} runs it once, in parallel with the dependencies
   * (after the processes it {@linkplain ProcessUnit#dependsOn() depends on}), and it must exit 0
   * within {@code timeout} (counted from its spawn), or {@code start()} fails. It is never
   * restarted, not even by {@link #restartAll()}. Ids are unique across all four groups.
   *
   * @throws IllegalArgumentException if the id is taken or blank, or the timeout is not positive
   */
  public void addSetupProcess(String id, ProcessUnit process, Duration timeout) {
    add(
        id,
        process,
        ProcessType.SETUP,
        Timeouts.check("setup timeout of \"" + id + "\"", timeout, false));
  }

  /** Registers a dependency; ids are unique across all four groups. */
  public void addDependency(String id, ProcessUnit process) {
    add(id, process, ProcessType.DEPENDENCY, null);
  }

  /** Registers a main process; ids are unique across all four groups. */
  public void addMainProcess(String id, ProcessUnit process) {
    add(id, process, ProcessType.MAIN, null);
  }

  /** Registers a cleanup process; ids are unique across all four groups. */
  public void addCleanupProcess(String id, ProcessUnit process) {
    add(id, process, ProcessType.CLEANUP, null);
  }

  /** Stops (if running) and unregisters a setup process. */
  public void removeSetupProcess(String id) {
    remove(id, ProcessType.SETUP);
  }

  /** Stops (if running) and unregisters a dependency. */
  public void removeDependency(String id) {
    remove(id, ProcessType.DEPENDENCY);
  }

  /** Stops (if running) and unregisters a main process. */
  public void removeMainProcess(String id) {
    remove(id, ProcessType.MAIN);
  }

  /** Stops (if running) and unregisters a cleanup process. */
  public void removeCleanupProcess(String id) {
    remove(id, ProcessType.CLEANUP);
  }

  private void add(String id, ProcessUnit process, ProcessType type, Duration setupTimeout) {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(process, "process");
    if (id.isBlank()) {
      throw new IllegalArgumentException("process id must not be blank");
    }
    ProcessEntry entry =
        new ProcessEntry(id, type, process, events, this::postStateUpdate, this::adopt);
    entry.setupTimeout = setupTimeout;
    synchronized (this) {
      Optional<ProcessEntry> existing = find(id);
      if (existing.isPresent()) {
        throw new IllegalArgumentException(
            "process id \""
                + id
                + "\" is already registered as a "
                + existing.get().type.name().toLowerCase(java.util.Locale.ROOT)
                + "; ids must be unique across setup processes, dependencies, main and cleanup"
                + " processes");
      }
      for (ProcessEntry other : allEntries()) {
        if (other.unit == process) {
          // One unit runs one process: under a second id its start failed only at start(), as
          // "already running".
          throw new IllegalArgumentException(
              "the unit given for \""
                  + id
                  + "\" is already registered as "
                  + other.label()
                  + "; give each id a unit of its own");
        }
      }
      group(type).put(id, entry);
      groupOfId.put(id, type);
    }
    process.logger().addListener(entry.logForwarder);
    process.addStateListener(entry.stateListener);
    events.post(new ProcessAdded(id, type, Instant.now()));
    postStateUpdate();
  }

  private void remove(String id, ProcessType type) {
    ProcessEntry entry;
    synchronized (this) {
      entry = group(type).get(id);
      if (entry == null) {
        throw unknownId(id, type);
      }
    }
    // Takes turns with start()'s spawn of it: a spawn that had found it registered would otherwise
    // come after this stop, and the process would run on, unregistered, past stop().
    synchronized (entry.restartLock) {
      synchronized (this) {
        if (entry.removed) {
          throw unknownId(id, type);
        }
        cancelPendingRestart(entry);
        entry.removed = true;
        group(type).remove(id);
        // One the start under way counted as done fails it too (below), as one it waits for does.
        renewStartupIfAwaited(entry);
      }
      try {
        events.runLifted(
            () -> {
              CompletableFuture<Void> handled = entry.handledExit;
              entry.unit.stop();
              awaitQuietly(handled);
            });
      } finally {
        // A start waiting for it, or for what waits for it, fails instead of waiting for ever.
        entry.startup.completeExceptionally(goneWhileStarting(entry, "removed"));
        // Removed even when its stop failed (the exception says what is left of its tree).
        entry.unit.logger().removeListener(entry.logForwarder);
        entry.unit.removeStateListener(entry.stateListener);
        events.post(new ProcessRemoved(id, type, Instant.now()));
        postStateUpdate();
      }
    }
  }

  // ---------------------------------------------------------------- lifecycle

  /**
   * Starts the environment and blocks until every setup process has exited 0, every dependency is
   * ready and every main process was spawned. Setup processes and dependencies are spawned at once,
   * in parallel, except those that {@linkplain ProcessUnit#dependsOn() depend on} others: each of
   * those is spawned as soon as the setup processes it names have exited 0 and the processes it
   * names are ready. Main processes follow the same rule among themselves, after all setup
   * processes and dependencies. Resets every process's retry count; runs every setup process. One
   * that goes down again before what waits for it is spawned (it crashed after it was ready, or
   * {@link #restartProcess} restarted it) is waited for again: nothing is spawned while what it
   * waits for is down, not even the automatic restart of a process that crashed meanwhile.
   *
   * @throws OvrseerStartException if a setup process failed, a dependency could not become ready, a
   *     process could not be spawned, or the calling thread was interrupted while it waited
   *     (everything started is stopped before it is thrown; an interrupt stays set); or, before
   *     anything is spawned, if a {@code dependsOn} names an unknown id or a process of a group
   *     that starts later, or the {@code dependsOn} edges form a cycle
   * @throws IllegalStateException if already started
   */
  public void start() {
    try {
      events.runLifted(() -> start(true));
    } finally {
      // Also when it throws before its own start began: what it stopped first (the processes
      // restartProcess ran meanwhile) has its events delivered, as restartAll's stop has.
      events.flush();
    }
  }

  private void start(boolean runCompletedSetups) {
    synchronized (this) {
      // Told before the gate below, whose write side waits for every spawn under way: one of a
      // start or crash restart in progress may take as long as its unit likes (initdb).
      requireStartable();
    }
    Begun begun;
    while (true) {
      List<ProcessEntry> strays;
      // The write side waits for a spawn of restartProcess under way (it holds the read side, not
      // the monitor, while the unit starts), which would otherwise be found not running, and be
      // running when this start spawns it ("already running").
      spawnGate.writeLock().lock();
      try {
        strays = straysWhileNotStarted();
        if (strays == null || strays.isEmpty()) {
          synchronized (this) {
            begun = begin(runCompletedSetups);
          }
          break;
        }
      } finally {
        spawnGate.writeLock().unlock();
      }
      // What restartProcess ran while Ovrseer was not started is stopped first: start() spawns
      // every process itself, in its order ("already running" otherwise). Then looked for again,
      // under the monitor that begins the start: a restartProcess may have run one meanwhile.
      stopInParallel(strays, LifecycleError.Phase.MAIN);
    }
    List<ProcessEntry> early = begun.early();
    DependencyGraph graph = begun.graph();
    long generation = begun.generation();
    try {
      // A setup process's startup completes when it exited 0, a dependency's when it is ready;
      // one that could not be spawned fails its startup, so waiting for these is enough.
      launch(early, graph, generation);
      awaitEarly(early, generation);
      awaitAll(launch(begun.mainEntries(), graph, generation));
      events.post(new MainStarted(Instant.now()));
      synchronized (this) {
        requireStillStarting(generation);
        lifecycle = Lifecycle.RUNNING;
      }
    } catch (RuntimeException | Error e) {
      // Whatever went wrong, nothing this start spawned may keep running.
      stopAll(false, generation);
      throw e;
    }
  }

  /** Throws unless no start or stop is under way. Called holding this. */
  private void requireStartable() {
    if (lifecycle == Lifecycle.STARTING || lifecycle == Lifecycle.RUNNING) {
      throw new IllegalStateException("Ovrseer is already started; call stop() first");
    }
    if (lifecycle == Lifecycle.STOPPING) {
      throw new IllegalStateException("Ovrseer is stopping; wait for stop() to return");
    }
  }

  /** What one start spawns, and its generation; fixed when it begins. */
  private record Begun(
      List<ProcessEntry> early,
      List<ProcessEntry> mainEntries,
      DependencyGraph graph,
      long generation) {}

  /**
   * Begins a start: checks the lifecycle and the dependsOn graph, resets what each process keeps
   * from the last start, and hands this orchestrator to the shutdown hook. Called holding this.
   */
  private Begun begin(boolean runCompletedSetups) {
    requireStartable();
    DependencyGraph graph = DependencyGraph.checked(allEntries());
    startGraph = graph;
    lifecycle = Lifecycle.STARTING;
    long generation = ++startGeneration;
    mainPhaseReached = false;
    startAborted = new CompletableFuture<>();
    List<ProcessEntry> early = new ArrayList<>(setups.size() + dependencies.size());
    for (ProcessEntry entry : allEntries()) {
      entry.retryCount = 0;
      if (entry.type == ProcessType.SETUP) {
        if (!runCompletedSetups && entry.setupSucceeded) {
          // Its work is done (restartAll): what depends on it need not wait.
          entry.startup = CompletableFuture.completedFuture(null);
          continue;
        }
        entry.setupSucceeded = false;
      }
      entry.startup = new CompletableFuture<>();
      entry.startSpawnPending = entry.type != ProcessType.CLEANUP;
      if (entry.type == ProcessType.SETUP || entry.type == ProcessType.DEPENDENCY) {
        early.add(entry);
      }
    }
    List<ProcessEntry> mainEntries = new ArrayList<>(mains.values());
    ShutdownStopper.remember(this);
    return new Begun(early, mainEntries, graph, generation);
  }

  /**
   * Waits until the startup of every entry of {@code early} completed, then posts
   * dependencies-ready and lets the main processes start. A dependency that crashed after it was
   * ready has a new startup meanwhile (see onRunExit), which is waited for in turn: no main process
   * is spawned while a dependency is down.
   */
  private void awaitEarly(List<ProcessEntry> early, long generation) {
    while (true) {
      List<CompletableFuture<Void>> pending = new ArrayList<>();
      synchronized (this) {
        requireStillStarting(generation);
        for (ProcessEntry entry : early) {
          if (!entry.startup.isDone() || entry.startup.isCompletedExceptionally()) {
            pending.add(entry.startup);
          }
        }
        if (pending.isEmpty()) {
          mainPhaseReached = true;
          events.post(new DependenciesReady(Instant.now()));
          return;
        }
      }
      awaitAll(pending);
    }
  }

  /** Why a start that waited for {@code entry} fails: it was {@code what} (removed, stopped). */
  private static OvrseerStartException goneWhileStarting(ProcessEntry entry, String what) {
    return new OvrseerStartException(
        "Ovrseer could not start: " + entry.label() + " was " + what + " while starting",
        entry.id,
        List.of(),
        null);
  }

  private void requireStillStarting(long generation) {
    if (lifecycle != Lifecycle.STARTING || startGeneration != generation) {
      throw startInterrupted();
    }
  }

  /** Why a start ends that a stop overtook, naming the call that stopped it (kill() or stop()). */
  private OvrseerStartException startInterrupted() {
    return new OvrseerStartException(
        "Ovrseer start was interrupted: " + stoppedBy + " was called while starting",
        null,
        List.of(),
        null);
  }

  /**
   * Spawns every entry of {@code group} that waits for nothing at once, and wires each other entry
   * to be spawned (on the shared pool) as soon as the startups of its prerequisites completed.
   * Returns one future per entry, completed once it was spawned, or failed with why it could not be
   * (its own spawn failed, or a prerequisite failed).
   *
   * @throws OvrseerStartException if an entry that waits for nothing could not be spawned
   */
  private List<CompletableFuture<Void>> launch(
      List<ProcessEntry> group, DependencyGraph graph, long generation) {
    List<ProcessEntry> free = new ArrayList<>(group.size());
    List<CompletableFuture<Void>> launched = new ArrayList<>(group.size());
    for (ProcessEntry entry : group) {
      // What is already done (the setup processes and dependencies, for a main process) is no
      // reason to wait: such an entry is spawned with those that wait for nothing.
      List<ProcessEntry> before = graph.prerequisitesOf(entry);
      List<CompletableFuture<Void>> gates = pendingStartups(before);
      if (gates.isEmpty()) {
        free.add(entry);
        continue;
      }
      CompletableFuture<Void> spawned = spawnOnceDone(entry, before, gates, generation);
      // A spawn that failed must end the wait of start() for this entry's startup, too.
      spawned.whenComplete(
          (ok, error) -> {
            if (error != null) {
              entry.startup.completeExceptionally(Failures.unwrap(error));
            }
          });
      launched.add(spawned);
    }
    spawnAllOrFail(free, generation);
    return launched;
  }

  /**
   * The startups of {@code entries} that are not done (or failed): what a process that depends on
   * them still waits for.
   */
  private synchronized List<CompletableFuture<Void>> pendingStartups(List<ProcessEntry> entries) {
    List<CompletableFuture<Void>> pending = new ArrayList<>();
    for (ProcessEntry entry : entries) {
      if (!entry.startup.isDone() || entry.startup.isCompletedExceptionally()) {
        pending.add(entry.startup);
      }
    }
    return pending;
  }

  /**
   * Spawns {@code entry} (on the shared pool) once {@code gates}, the startups of its prerequisites
   * {@code before}, completed, and none of them was renewed meanwhile: a prerequisite that went
   * down again (restartProcess, a crash) while the others became ready has a new startup by then
   * (see renewStartupIfAwaited), which is waited for in turn.
   */
  private CompletableFuture<Void> spawnOnceDone(
      ProcessEntry entry,
      List<ProcessEntry> before,
      List<CompletableFuture<Void>> gates,
      long generation) {
    return CompletableFuture.allOf(gates.toArray(CompletableFuture[]::new))
        .thenApplyAsync(done -> spawnOrFail(entry, generation, before), SharedExecutors.blocking())
        .thenCompose(
            spawned ->
                spawned
                    ? CompletableFuture.completedFuture(null)
                    : spawnOnceDone(entry, before, pendingStartups(before), generation));
  }

  /**
   * Called holding this when {@code entry} goes down (its run crashed, or restartProcess is about
   * to stop it) while a start is under way that counted it as done: gives it a new startup,
   * completed (or failed) by its next run, so that what the start still has to spawn after it (the
   * main processes, before dependencies-ready; what depends on it) waits for that run. A startup
   * nothing waits for any more is completed unseen. Returns that startup, or null when the start
   * had not counted it as done (its own startup is still waited for) or no start is under way.
   */
  private CompletableFuture<Void> renewStartupIfAwaited(ProcessEntry entry) {
    if (lifecycle != Lifecycle.STARTING
        || entry.type == ProcessType.CLEANUP
        || !entry.startup.isDone()
        || entry.startup.isCompletedExceptionally()) {
      return null;
    }
    entry.startup = new CompletableFuture<>();
    return entry.startup;
  }

  /**
   * Blocks until every one of {@code futures} completed, and throws as soon as one of them failed
   * or this start was aborted by {@link #stop()}.
   */
  private void awaitAll(List<CompletableFuture<Void>> futures) {
    if (futures.isEmpty()) {
      return;
    }
    CompletableFuture<Void> all =
        CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new));
    CompletableFuture<Object> firstFailure = new CompletableFuture<>();
    // A loop, not a stream, for the reason given in stopInParallel.
    for (CompletableFuture<Void> future : futures) {
      future.whenComplete(
          (ok, error) -> {
            if (error != null) {
              firstFailure.completeExceptionally(error);
            }
          });
    }
    CompletableFuture<Void> aborted;
    synchronized (this) {
      aborted = startAborted;
    }
    try {
      CompletableFuture.anyOf(all, firstFailure, aborted).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new OvrseerStartException(
          "Ovrseer start was interrupted: the thread waiting in start() was interrupted",
          null,
          List.of(),
          e);
    } catch (ExecutionException
        | CompletionException
        | java.util.concurrent.CancellationException e) {
      Throwable cause = Failures.unwrap(e);
      if (cause instanceof OvrseerStartException start) {
        throw start;
      }
      throw new OvrseerStartException(
          "Ovrseer could not start: " + cause.getMessage(), null, List.of(), cause);
    }
  }

  /**
   * Spawns every entry at once (one task each) and throws the first failure in registration order,
   * after all spawns returned.
   */
  private void spawnAllOrFail(List<ProcessEntry> entries, long generation) {
    if (entries.size() <= 1) {
      entries.forEach(e -> spawnOrFail(e, generation, List.of()));
      return;
    }
    // A spawning thread mostly waits for its child to exec, so lanes beyond the core count still
    // help; eight bound the threads a large group takes.
    int lanes = Math.min(entries.size(), MAX_SPAWN_LANES);
    RuntimeException[] failures = new RuntimeException[entries.size()];
    List<CompletableFuture<Void>> laneTasks = new ArrayList<>(lanes);
    for (int lane = 0; lane < lanes; lane++) {
      int first = lane;
      laneTasks.add(
          CompletableFuture.runAsync(
              () -> {
                for (int i = first; i < entries.size(); i += lanes) {
                  try {
                    spawnOrFail(entries.get(i), generation, List.of());
                  } catch (RuntimeException e) {
                    failures[i] = e;
                  }
                }
              },
              SharedExecutors.blocking()));
    }
    CompletableFuture.allOf(laneTasks.toArray(CompletableFuture[]::new)).join();
    for (RuntimeException failure : failures) {
      if (failure != null) {
        throw failure instanceof OvrseerStartException start
            ? start
            : new OvrseerStartException(
                "Ovrseer could not start: " + failure.getMessage(), null, List.of(), failure);
      }
    }
  }

  /**
   * While Ovrseer is not started (idle or stopped), the processes running all the same (run by
   * restartProcess meanwhile); null while it is started, starting or stopping. Called holding the
   * spawn gate's write side, which keeps the lifecycle from leaving idle or stopped, and not this:
   * a unit is asked without the monitor, which its state listener (adopt) may be waiting for.
   */
  private List<ProcessEntry> straysWhileNotStarted() {
    List<ProcessEntry> entries;
    synchronized (this) {
      if (lifecycle != Lifecycle.IDLE && lifecycle != Lifecycle.STOPPED) {
        return null;
      }
      entries = allEntries();
    }
    List<ProcessEntry> strays = new ArrayList<>();
    for (ProcessEntry entry : entries) {
      if (entry.unit.isRunning()) {
        strays.add(entry);
      }
    }
    return strays;
  }

  /**
   * Spawns {@code entry} for the start of {@code generation}, unless one of {@code before} (its
   * prerequisites, all done when the caller looked) went down again meanwhile: then it returns
   * false without spawning, and the caller waits for that one again.
   */
  private boolean spawnOrFail(ProcessEntry entry, long generation, List<ProcessEntry> before) {
    // Takes turns with restartProcess and stopProcess of the entry, as they do among themselves.
    synchronized (entry.restartLock) {
      // Spawns hold the read side so that they run in parallel; stop() takes the write side to
      // flip the lifecycle, so no spawn can slip in after it.
      spawnGate.readLock().lock();
      try {
        synchronized (this) {
          requireStillStarting(generation);
          if (entry.removed) {
            throw goneWhileStarting(entry, "removed");
          }
          if (!entry.startSpawnPending) {
            // stopProcess took it back before its turn came: it stays down, and the start that
            // was to spawn it fails, as one waiting for a dependency stopped meanwhile does.
            throw goneWhileStarting(entry, "stopped");
          }
          if (!pendingStartups(before).isEmpty()) {
            // Decided under this monitor, where a prerequisite's startup is renewed before it is
            // stopped: none is down at the spawn.
            return false;
          }
          entry.startSpawnPending = false;
        }
        try {
          spawn(entry);
        } catch (RuntimeException e) {
          String message = entry.label() + " could not be spawned: " + e.getMessage();
          crashes.record(entry, CrashType.SPAWN_FAILED, null, message);
          entry.unit.markFailed();
          throw new OvrseerStartException(
              "Ovrseer could not start: " + message,
              entry.id,
              entry.unit.logger().getLogs(MESSAGE_LOG_LINES),
              e);
        }
        return true;
      } finally {
        spawnGate.readLock().unlock();
      }
    }
  }

  /** Spawns one run of {@code entry} and wires its readiness and exit. */
  private void spawn(ProcessEntry entry) {
    ProcessUnit unit = entry.unit;
    long spawnedAt = System.nanoTime();
    // The spawn's time, taken before the events that can happen while start() runs (a line, the
    // readiness), so that their timestamps never precede it.
    Instant spawnTime = Instant.now();
    AtomicBoolean readyPosted = new AtomicBoolean();
    entry.run = new ProcessEntry.RunEvents(spawnedAt, readyPosted, false);
    // Lines (and readiness) can come before start() returns: hold their events back so that
    // process:spawn comes first.
    entry.holdBackLogEvents();
    boolean spawned = false;
    entry.spawning = Thread.currentThread();
    try {
      unit.start();
      spawned = true;
    } finally {
      entry.spawning = null;
      entry.releaseLogEvents(
          spawned ? new ProcessSpawn(entry.id, unit.getPid().orElse(-1), spawnTime) : null);
    }
    entry.handledExit = wire(entry, unit.ready(), unit.exit(), spawnedAt, readyPosted);
  }

  /**
   * Supervises a run of {@code entry} started without this orchestrator: by the unit's own {@code
   * start()} or {@code restart()} (on a handle a test was given, say). Its spawn is told at once,
   * before its first line; its readiness and exit are wired as for a run this orchestrator spawned,
   * so that a crash of it is reported and restarted; a start under way that counted it as done
   * waits for this run's readiness before it spawns what waits for it. Runs on the unit's thread,
   * inside its state change: it takes this orchestrator's monitor only for that, and no thread
   * holding the monitor calls a unit (spawns, stops and looks run outside it).
   */
  private void adopt(ProcessEntry entry) {
    ProcessUnit unit = entry.unit;
    long spawnedAt = System.nanoTime();
    AtomicBoolean readyPosted = new AtomicBoolean();
    entry.run = new ProcessEntry.RunEvents(spawnedAt, readyPosted, true);
    events.post(new ProcessSpawn(entry.id, unit.getPid().orElse(-1), Instant.now()));
    CompletableFuture<Void> ready = unit.ready();
    CompletableFuture<ExitStatus> exit = unit.exit();
    // Known at once, so that a stop that comes now waits for this run's exit handling.
    CompletableFuture<Void> handled = new CompletableFuture<>();
    entry.handledExit = handled;
    synchronized (this) {
      // Down and starting again (the unit's own restart()): what start() still has to spawn after
      // it (the main processes, what depends on it) waits for this run, whose wiring below
      // completes the renewed startup.
      renewStartupIfAwaited(entry);
    }
    SharedExecutors.blocking()
        .execute(
            () ->
                wire(entry, ready, exit, spawnedAt, readyPosted)
                    .whenComplete((ok, error) -> handled.complete(null)));
  }

  /**
   * Turns the readiness and the exit of one run of {@code entry} into events and supervision;
   * returns the handling of its exit.
   */
  private CompletableFuture<Void> wire(
      ProcessEntry entry,
      CompletableFuture<Void> ready,
      CompletableFuture<ExitStatus> exit,
      long spawnedAt,
      AtomicBoolean readyPosted) {
    CompletableFuture<Void> startup = entry.startup;
    boolean setup = entry.type == ProcessType.SETUP;
    CompletableFuture<Void> handled;
    // Units that report state changes have posted process:ready before their ready() future
    // completes; for others this is the first chance.
    ready.thenRun(
        () -> {
          entry.postReadyOnce(readyPosted, spawnedAt);
          if (!setup) {
            startup.complete(null); // a setup process is done when it exited 0, not when ready
          }
        });
    if (setup) {
      AtomicBoolean timedOut = new AtomicBoolean();
      ScheduledFuture<?> deadline = scheduleSetupTimeout(entry, exit, timedOut);
      handled =
          exit.handle(
              (status, error) -> {
                deadline.cancel(false);
                onSetupExit(entry, status, startup, timedOut.get());
                return null;
              });
    } else {
      handled =
          exit.handle(
              (status, error) -> {
                onRunExit(entry, status, ready);
                return null;
              });
    }
    postStateUpdate();
    return handled;
  }

  /** Kills the tree of a setup process still running at its timeout, and flags the run. */
  private ScheduledFuture<?> scheduleSetupTimeout(
      ProcessEntry entry, CompletableFuture<ExitStatus> exit, AtomicBoolean timedOut) {
    return SharedExecutors.timer()
        .schedule(
            () ->
                SharedExecutors.blocking()
                    .execute(
                        () -> {
                          if (!exit.isDone()) {
                            timedOut.set(true);
                            try {
                              entry.unit.kill();
                            } catch (RuntimeException e) {
                              postError(
                                  LifecycleError.Phase.DEPENDENCIES,
                                  new IllegalStateException(
                                      "could not kill "
                                          + entry.label()
                                          + " at its timeout: "
                                          + e.getMessage(),
                                      e));
                            }
                          }
                        }),
            entry.setupTimeout.toNanos(),
            TimeUnit.NANOSECONDS);
  }

  /**
   * Ends the run of a setup process: exit 0 completes its startup; a failure (non-zero exit, a
   * signal, its timeout) is reported as a {@link CrashType#CRASH}, leaves it {@code FAILED} and
   * fails its startup, and with it {@link #start()}. Never restarted.
   */
  private void onSetupExit(
      ProcessEntry entry, ExitStatus status, CompletableFuture<Void> startup, boolean timedOut) {
    if (status != null) {
      events.post(new ProcessExit(entry.id, status.exitCode(), status.signal(), Instant.now()));
    }
    postStateUpdate();
    ProcessState state = entry.unit.getState();
    if (state == ProcessState.COMPLETED) {
      entry.setupSucceeded = true;
      startup.complete(null);
      return;
    }
    if (!timedOut && state != ProcessState.CRASHED) {
      boolean byRestartOrStopProcess;
      synchronized (this) {
        byRestartOrStopProcess = entry.restarting;
      }
      if (byRestartOrStopProcess) {
        // restartProcess spawns a new run, which the start under way waits for as it did for this
        // one; stopProcess fails that start itself, saying so.
        return;
      }
      // Stopped by Ovrseer (stop() during start(), removeSetupProcess): no failure of its own.
      startup.completeExceptionally(
          new OvrseerStartException(
              "Ovrseer start was interrupted: " + entry.label() + " was stopped before it finished",
              entry.id,
              entry.unit.logger().getLogs(MESSAGE_LOG_LINES),
              null));
      return;
    }
    String message =
        entry.label()
            + (timedOut
                ? " did not finish within its timeout of "
                    + DurationText.of(entry.setupTimeout)
                    + "; its process tree was killed"
                : " exited with " + (status == null ? "no exit status" : status))
            + "; a setup process must exit 0";
    // Its work may be undone (a run by restartProcess failed): restartAll() runs it again.
    entry.setupSucceeded = false;
    CrashReport report = crashes.record(entry, CrashType.CRASH, status, message);
    entry.unit.markFailed();
    postStateUpdate();
    List<String> lastLines = entry.unit.logger().getLogs(MESSAGE_LOG_LINES);
    startup.completeExceptionally(
        new OvrseerStartException(
            "Ovrseer could not start: " + LogExcerpt.append(message, lastLines),
            entry.id,
            lastLines,
            null));
  }

  private void onRunExit(ProcessEntry entry, ExitStatus status, CompletableFuture<Void> ready) {
    if (status != null) {
      events.post(new ProcessExit(entry.id, status.exitCode(), status.signal(), Instant.now()));
    }
    postStateUpdate();
    if (entry.type != ProcessType.CLEANUP
        && entry.unit.getState() == ProcessState.COMPLETED
        && ready.isCompletedExceptionally()) {
      // Exit 0 is no crash, so nothing restarts it, but a process that never became ready must
      // still end start() (a dependency, or a main process others depend on) instead of leaving it
      // waiting.
      entry.startup.completeExceptionally(
          new OvrseerStartException(
              "Ovrseer could not start: "
                  + entry.label()
                  + " exited with exit code 0 before it was ready; "
                  + (entry.type == ProcessType.DEPENDENCY
                      ? "a dependency must keep running (a one-shot task is a setup process:"
                          + " addSetupProcess)"
                      : "the main processes that depend on it need it running"),
              entry.id,
              entry.unit.logger().getLogs(MESSAGE_LOG_LINES),
              readinessCause(ready).orElse(null)));
      return;
    }
    if (entry.unit.getState() != ProcessState.CRASHED) {
      return;
    }
    if (entry.type == ProcessType.CLEANUP) {
      boolean byHand;
      synchronized (this) {
        byHand = lifecycle != Lifecycle.STOPPING; // the cleanup phase reports the runs it spawned
      }
      if (byHand) {
        crashes.record(
            entry, CrashType.CLEANUP_FAILED, status, entry.label() + " exited with " + status);
      }
      return;
    }
    Optional<ReadinessException> checkFailure = checkFailure(ready);
    boolean checkFailed = checkFailure.isPresent();
    boolean restart;
    boolean exhausted;
    boolean failStartup;
    boolean byHand;
    long stops;
    List<ProcessEntry> waitsFor = List.of();
    synchronized (this) {
      stops = stopGeneration;
      boolean supervising =
          !entry.removed && (lifecycle == Lifecycle.STARTING || lifecycle == Lifecycle.RUNNING);
      failStartup =
          supervising
              && lifecycle == Lifecycle.STARTING
              && entry.type == ProcessType.DEPENDENCY
              && checkFailed;
      exhausted = entry.retryCount >= options.retries();
      restart = supervising && !failStartup && !exhausted;
      byHand = entry.restarting;
      if (supervising) {
        // Ready no more: start() waits for its next run (or fails) before it spawns what waits for
        // it.
        renewStartupIfAwaited(entry);
      }
      if (restart && lifecycle == Lifecycle.STARTING) {
        // Its restart waits for these too (see restartAfterCrashLocked): its report says so.
        waitsFor = downPrerequisites(entry);
      }
    }
    CrashType type =
        failStartup || (checkFailed && !exhausted)
            ? CrashType.READY_CHECK_FAILED
            : exhausted ? CrashType.RETRIES_EXHAUSTED : CrashType.CRASH;
    // The check's own words (which check, timed out or why it failed): the report has the logs.
    String what =
        checkFailure
            .map(ReadinessException::getReason)
            .orElseGet(
                () ->
                    "exited with "
                        + status
                        + (ready.isCompletedExceptionally() ? " before it was ready" : ""));
    String next =
        restart
            ? "; restarting "
                + restartsWhen(waitsFor)
                + " (retry "
                + (entry.retryCount + 1)
                + " of "
                + options.retries()
                + ")"
            : exhausted && !failStartup ? "; " + retriesUsedUp(options.retries()) : "";
    String message = entry.label() + " " + what + next;
    CrashReport report = crashes.record(entry, type, status, message);
    if (!restart && (exhausted || failStartup)) {
      entry.unit.markFailed();
      postStateUpdate();
    }
    if ((failStartup || (exhausted && !restart)) && !byHand) {
      // For a dependency this ends start(); for a main process, the wait of those depending on it.
      // Not when it crashed while restartProcess or stopProcess stopped it: the start waits for
      // the run restartProcess spawns, and stopProcess fails the start itself.
      String cause = readinessCause(ready).map(Throwable::getMessage).orElse(message);
      entry.startup.completeExceptionally(
          new OvrseerStartException(
              "Ovrseer could not start: "
                  + entry.label()
                  + " "
                  + (failStartup ? "" : "crashed " + times(entry.retryCount + 1) + " and ")
                  + (ready.isDone() && !ready.isCompletedExceptionally()
                      ? "was not ready again: "
                      : "did not become ready: ")
                  + cause,
              entry.id,
              report.lastLogs(),
              readinessCause(ready).orElse(null)));
    }
    if (restart) {
      scheduleRestart(entry, stops);
    }
  }

  /**
   * When a crash restart comes: after {@code retryDelay}, and once {@code waitsFor} (prerequisites
   * down during start()) are ready: "in 1 s", "once dependency "db" is ready, not before 1 s".
   */
  private String restartsWhen(List<ProcessEntry> waitsFor) {
    String delay = DurationText.of(options.retryDelay());
    if (waitsFor.isEmpty()) {
      return "in " + delay;
    }
    List<String> labels = waitsFor.stream().map(ProcessEntry::label).toList();
    return "once "
        + String.join(" and ", labels)
        + (labels.size() == 1 ? " is" : " are")
        + " ready, not before "
        + delay;
  }

  /** How the readiness of a run failed while it was running (a check timed out or failed). */
  private static Optional<ReadinessException> checkFailure(CompletableFuture<Void> ready) {
    return readinessCause(ready)
        .filter(e -> e instanceof ReadinessException r && r.getExitStatus().isEmpty())
        .map(ReadinessException.class::cast);
  }

  private static Optional<Throwable> readinessCause(CompletableFuture<Void> ready) {
    if (!ready.isCompletedExceptionally()) {
      return Optional.empty();
    }
    try {
      ready.getNow(null);
      return Optional.empty();
    } catch (CompletionException e) {
      return Optional.ofNullable(e.getCause());
    } catch (java.util.concurrent.CancellationException e) {
      return Optional.of(e);
    }
  }

  /**
   * Schedules the restart decided while no stop had begun since {@code stops} was read; if one has,
   * it cancelled the pending restarts before this one existed, so none is scheduled (it would run
   * in the next start, spawning the process before its turn).
   */
  private void scheduleRestart(ProcessEntry entry, long stops) {
    synchronized (this) {
      if (stopGeneration != stops) {
        return;
      }
      // The restart runs only while it is still the pending one (see restartAfterCrashLocked), so
      // it needs its own future: known once scheduled, and before it looks (this monitor).
      CompletableFuture<ScheduledFuture<?>> self = new CompletableFuture<>();
      ScheduledFuture<?> pending =
          SharedExecutors.timer()
              .schedule(
                  () ->
                      SharedExecutors.blocking()
                          .execute(() -> restartAfterCrash(entry, self.join())),
                  options.retryDelay().toNanos(),
                  TimeUnit.NANOSECONDS);
      self.complete(pending);
      entry.pendingRestart = pending;
    }
  }

  /**
   * Restarts {@code entry} after a crash, if {@code pending} (the restart scheduled then) is still
   * its pending restart: not called off, nor replaced by the restart of a later crash (after a
   * restartProcess), whose own retryDelay is not over.
   */
  private void restartAfterCrash(ProcessEntry entry, ScheduledFuture<?> pending) {
    // Takes turns with restartProcess, stopProcess and removal of the entry, as start()'s spawn
    // does: its spawn runs outside this orchestrator's monitor, and one of those in between the
    // checks below and the spawn would stop (or spawn) the process before it is running.
    synchronized (entry.restartLock) {
      spawnGate.readLock().lock();
      try {
        restartAfterCrashLocked(entry, pending);
      } finally {
        spawnGate.readLock().unlock();
      }
    }
  }

  private void restartAfterCrashLocked(ProcessEntry entry, ScheduledFuture<?> pending) {
    synchronized (this) {
      if (entry.pendingRestart != pending
          || entry.restarting
          || entry.removed
          || !(lifecycle == Lifecycle.STARTING || lifecycle == Lifecycle.RUNNING)) {
        return;
      }
      if (lifecycle == Lifecycle.STARTING) {
        List<CompletableFuture<Void>> down =
            downPrerequisites(entry).stream().map(before -> before.startup).toList();
        if (!down.isEmpty()) {
          // A prerequisite went down too (see renewStartupIfAwaited): spawned now, the process
          // would find it down, as start()'s own spawn would. Tried again once it is ready (or
          // failed for good); pendingRestart stays set, so that a stop or restartProcess
          // meanwhile (which clear it, and may leave the restart of a later crash there) calls
          // this restart off.
          CompletableFuture.allOf(down.toArray(CompletableFuture[]::new))
              .whenComplete(
                  (ok, error) ->
                      SharedExecutors.blocking().execute(() -> restartAfterCrash(entry, pending)));
          return;
        }
      }
      entry.pendingRestart = null;
    }
    // Asked without the monitor, as every unit is (see adopt).
    if (entry.unit.isRunning()) {
      // Started again meanwhile (restartProcess, restartAll) before this restart was pending:
      // nothing to restart.
      return;
    }
    synchronized (this) {
      entry.retryCount++;
      events.post(new ProcessRestart(entry.id, entry.retryCount, options.retries(), Instant.now()));
    }
    try {
      // Not under the monitor: a slow start() (a service preparing its files) would hold up every
      // query (the TUI, listeners) for as long. The locks held keep what the monitor kept out.
      spawn(entry);
    } catch (RuntimeException e) {
      if (e instanceof IllegalStateException && entry.run.adopted()) {
        // "Already running", a run adopted while this spawn waited: the unit's own start() came
        // first, and its run is supervised. No restart was made, and nothing failed.
        synchronized (this) {
          entry.retryCount--;
        }
        return;
      }
      String message = entry.label() + " could not be restarted: " + e.getMessage();
      crashes.record(entry, CrashType.SPAWN_FAILED, null, message);
      entry.unit.markFailed();
      synchronized (this) {
        entry.startup.completeExceptionally(
            new OvrseerStartException(
                "Ovrseer could not start: " + message, entry.id, List.of(), e));
      }
      postStateUpdate();
    }
  }

  /**
   * {@code entry}'s prerequisites in the start under way whose startups are not done yet: each went
   * down after that start counted it as done, or is still starting. Called holding this.
   */
  private List<ProcessEntry> downPrerequisites(ProcessEntry entry) {
    List<ProcessEntry> down = new ArrayList<>();
    for (ProcessEntry before : startGraph.prerequisitesOf(entry)) {
      if (!before.startup.isDone()) {
        down.add(before);
      }
    }
    return down;
  }

  /**
   * Stops everything and blocks until done: main processes get SIGTERM (then SIGKILL after their
   * stop timeout), cleanup processes run, then dependencies are stopped. Idempotent; safe to call
   * concurrently (a second caller waits for the first), during {@link #start()}, and from a
   * shutdown hook. Cancels pending restarts. If the calling thread is interrupted, cleanup
   * processes still running are killed at once (with a {@code CLEANUP_FAILED} crash each); the
   * processes are still stopped in full, and the thread's interrupt status is kept.
   */
  public void stop() {
    events.runLifted(() -> stopAll(true));
    events.flush();
  }

  /** Same as {@link #stop()}. */
  @Override
  public void close() {
    stop();
  }

  private void stopAll(boolean withCleanup) {
    stopAll(withCleanup, 0);
  }

  /**
   * Stops everything; for {@code failedStart} (a start's generation, 0 for none) only if no newer
   * start began meanwhile: the stop that ended that start (a restartAll(), or a stop() then start()
   * on other threads) has stopped what it spawned, and the newer start is not its to end.
   */
  private void stopAll(boolean withCleanup, long failedStart) {
    stopLock.lock();
    try {
      boolean mainsStarted;
      List<ProcessEntry> mainEntries;
      List<ProcessEntry> early;
      List<ProcessEntry> cleanupEntries;
      DependencyGraph graph;
      List<ProcessEntry> strays = null;
      spawnGate.writeLock().lock();
      try {
        synchronized (this) {
          if (failedStart != 0 && startGeneration != failedStart) {
            return;
          }
          stopGeneration++;
        }
        strays = straysWhileNotStarted();
        if (strays != null) {
          // Not started, but restartProcess() may have run some: nothing outlives stop().
          stopInParallel(strays, LifecycleError.Phase.MAIN);
          ShutdownStopper.forget(this);
          return;
        }
        synchronized (this) {
          mainsStarted = mainPhaseReached;
          if (lifecycle == Lifecycle.STARTING) {
            // Only a start in progress waits on it; built otherwise, the exception's stack trace
            // would cost every stop.
            stoppedBy = killing ? "kill()" : "stop()";
            startAborted.completeExceptionally(startInterrupted());
          }
          lifecycle = Lifecycle.STOPPING;
          for (ProcessEntry entry : allEntries()) {
            cancelPendingRestart(entry);
            entry.startSpawnPending = false;
          }
          mainEntries = new ArrayList<>(mains.values());
          early = new ArrayList<>(setups.values());
          early.addAll(dependencies.values());
          cleanupEntries = new ArrayList<>(cleanups.values());
          graph = DependencyGraph.lenient(allEntries());
        }
      } finally {
        spawnGate.writeLock().unlock();
      }
      stopInWaves(graph, mainEntries, LifecycleError.Phase.MAIN);
      // A cleanup process run by restartProcess must not outlive stop(), nor keep the phase from
      // running it.
      stopInParallel(cleanupEntries, LifecycleError.Phase.CLEANUP);
      if (mainsStarted) {
        events.post(new MainStopped(Instant.now()));
        if (withCleanup && !killing) {
          new CleanupPhase(options.cleanupTimeout(), events, crashes)
              .run(
                  cleanupEntries,
                  entry -> {
                    synchronized (this) {
                      if (killing) {
                        return false;
                      }
                    }
                    // Not under the monitor, which a slow start() would hold against every query.
                    spawn(entry);
                    boolean killed;
                    synchronized (this) {
                      // A kill() that set this before finds the process running after its kills
                      // (it sets it under this monitor): the kill is this one's to make.
                      killed = killing;
                    }
                    if (killed) {
                      entry.unit.kill();
                    }
                    return true;
                  });
        }
      }
      // What a cleanup process that exited 0 left running (a daemon it forked) goes too, before the
      // dependencies it may use.
      stopInParallel(cleanupEntries, LifecycleError.Phase.CLEANUP);
      // Setup processes have exited by now, unless stop() came while start() ran them.
      stopInWaves(graph, early, LifecycleError.Phase.DEPENDENCIES);
      synchronized (this) {
        lifecycle = Lifecycle.STOPPED;
        ShutdownStopper.forget(this);
      }
    } finally {
      stopLock.unlock();
    }
  }

  /**
   * Stops {@code group} in the reverse of its dependsOn order: wave by wave, each wave in parallel,
   * so that a process stops only after every process of the group that depends on it has stopped.
   */
  private void stopInWaves(
      DependencyGraph graph, List<ProcessEntry> group, LifecycleError.Phase phase) {
    for (List<ProcessEntry> wave : graph.stopWaves(group)) {
      stopInParallel(wave, phase);
    }
  }

  private void stopInParallel(List<ProcessEntry> entries, LifecycleError.Phase phase) {
    // A loop, not a stream: a test suite stops each environment once, mostly before the JIT has
    // compiled this path, where a stream's set-up is not free.
    List<ProcessUnit> units = new ArrayList<>(entries.size());
    // Read before the stop, as in stopWithoutCrashRestart.
    List<CompletableFuture<Void>> handled = new ArrayList<>(entries.size());
    for (ProcessEntry entry : entries) {
      units.add(entry.unit);
      handled.add(entry.handledExit);
    }
    try {
      if (killing) {
        killEach(units);
      } else {
        ProcessUnit.stopAll(units);
      }
    } catch (RuntimeException e) {
      List<String> labels = entries.stream().map(ProcessEntry::label).toList();
      postError(
          phase,
          new IllegalStateException("could not stop all of " + labels + ": " + e.getMessage(), e));
    }
    handled.forEach(Ovrseer::awaitQuietly);
  }

  /**
   * Stops everything at once and blocks until done: kills every process tree (SIGKILL, no stop
   * timeout, in no particular order) and runs no cleanup phase; a cleanup process already running
   * is killed too, and reported as a {@code CLEANUP_FAILED} crash. A {@link #stop()} under way,
   * waiting out stop timeouts or its cleanup phase, returns as soon as its processes are gone. For
   * when a graceful stop takes too long (a second Ctrl+C). Safe to call at any time and from any
   * thread; once it has returned, stops are graceful again.
   */
  public void kill() {
    List<ProcessUnit> units = new ArrayList<>();
    synchronized (this) {
      killing = true;
      for (ProcessEntry entry : allEntries()) {
        units.add(entry.unit);
      }
    }
    try {
      events.runLifted(
          () -> {
            try {
              killEach(units);
            } catch (RuntimeException e) {
              postError(
                  LifecycleError.Phase.MAIN,
                  new IllegalStateException("could not kill every process: " + e.getMessage(), e));
            }
            // Whatever was spawned meanwhile (a restart after a crash) goes too, and the lifecycle
            // ends as after stop(); a stop under way has ended once this one has the stop lock.
            stopAll(false);
          });
    } finally {
      killing = false;
    }
    events.flush();
  }

  /**
   * Kills each of {@code units} (a unit not running, with nothing left of its tree, costs nothing).
   *
   * @throws RuntimeException the first failure, the others attached as suppressed
   */
  private static void killEach(List<ProcessUnit> units) {
    Failures.runEach(units, ProcessUnit::kill);
  }

  /**
   * Restarts one process (stop, then start), found in any group, and waits until it is ready again
   * (or its readiness failed, which is reported like a crash), at most 60 s. Resets its retry
   * count. An interrupt ends that wait early, with the thread's interrupt status set; the process
   * goes on starting. A {@link #start()} under way that counted the process as done and has yet to
   * spawn what waits for it waits for the new run, and fails naming the process when that run
   * cannot be spawned.
   *
   * @throws IllegalArgumentException if no process has that id
   * @throws IllegalStateException if a {@link #start()} under way has yet to spawn the process (it
   *     waits for what comes before it; that start spawns it), or {@link #stop()} came meanwhile
   */
  public void restartProcess(String id) {
    ProcessEntry entry;
    synchronized (this) {
      entry = find(id).orElseThrow(() -> unknownId(id, null));
    }
    events.runLifted(() -> restart(entry));
  }

  /**
   * Restarts the process {@code id} of group {@code type}.
   *
   * @throws IllegalArgumentException if that group has no process with that id
   */
  public void restartProcess(String id, ProcessType type) {
    Objects.requireNonNull(type, "type");
    ProcessEntry entry;
    synchronized (this) {
      entry = group(type).get(id);
      if (entry == null) {
        throw unknownId(id, type);
      }
    }
    events.runLifted(() -> restart(entry));
  }

  /** The stop and spawn of {@link #restartProcess}, without the wait for readiness. */
  private void stopAndSpawn(ProcessEntry entry) {
    long stopsBefore;
    CompletableFuture<Void> renewed;
    synchronized (this) {
      entry.retryCount = 0;
      stopsBefore = stopGeneration;
      // Before the stop: a start under way that counted it as done must not spawn what waits for
      // it while it is down, but wait for the run spawned below.
      renewed = renewStartupIfAwaited(entry);
    }
    try {
      stopThenSpawn(entry, stopsBefore);
    } catch (RuntimeException | Error e) {
      if (renewed != null) {
        // No new run will complete it: the start that waits for it fails, naming it.
        renewed.completeExceptionally(notSpawnedAgain(entry, e));
      }
      throw e;
    }
  }

  /** Why a start waiting for {@code entry} fails when restartProcess could not spawn it again. */
  private OvrseerStartException notSpawnedAgain(ProcessEntry entry, Throwable cause) {
    return new OvrseerStartException(
        "Ovrseer could not start: "
            + entry.label()
            + " could not be spawned again by restartProcess: "
            + cause.getMessage(),
        entry.id,
        entry.unit.logger().getLogs(MESSAGE_LOG_LINES),
        cause);
  }

  private void stopThenSpawn(ProcessEntry entry, long stopsBefore) {
    stopWithoutCrashRestart(entry);
    // As every spawn: under the gate's read side, so that a stop flips the lifecycle before or
    // after it, never during.
    spawnGate.readLock().lock();
    try {
      synchronized (this) {
        if (entry.removed) {
          throw new IllegalArgumentException(
              "process \"" + entry.id + "\" was removed while restarting");
        }
        if (stopGeneration != stopsBefore || lifecycle == Lifecycle.STOPPING) {
          throw new IllegalStateException(
              "process \"" + entry.id + "\" was not started again: Ovrseer was stopped meanwhile");
        }
        if (entry.startSpawnPending) {
          // Spawned now, it would be running when start() spawns it ("already running").
          throw new IllegalStateException(
              entry.label() + " was not restarted: start() is under way and has yet to spawn it");
        }
        if (lifecycle == Lifecycle.IDLE || lifecycle == Lifecycle.STOPPED) {
          // No start() remembered this orchestrator for the JVM's shutdown: the process would
          // outlive the JVM. stop() stops such strays, and forgets it again.
          ShutdownStopper.remember(this);
        }
        events.post(
            new ProcessRestart(entry.id, 0, entry.maxRetries(options.retries()), Instant.now()));
      }
      try {
        // Not under the monitor, which a slow start() would hold against every query; the restart
        // lock and the gate keep stopProcess, removal and stop() out, and a start() waits for the
        // gate's write side before it looks for running processes (see start).
        spawn(entry);
      } catch (RuntimeException | Error e) {
        // The run start() waited for was stopped above, and no run will complete its startup now
        // (one still waited for, or renewed by a crash): that start fails, naming it, instead of
        // waiting until stop(). A startup already complete is left so.
        OvrseerStartException failure = notSpawnedAgain(entry, e); // reads its log: not under this
        synchronized (this) {
          entry.startup.completeExceptionally(failure);
        }
        throw e;
      }
    } finally {
      spawnGate.readLock().unlock();
    }
  }

  private void restart(ProcessEntry entry) {
    // Restarts of one process run one after the other: one in between the stop and the spawn of
    // another would find the process spawned again by it ("already running").
    synchronized (entry.restartLock) {
      stopAndSpawn(entry);
    }
    try {
      entry.unit.ready().get(60, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException | java.util.concurrent.CancellationException e) {
      // A readiness failure is reported like a crash, where it happens.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Stops everything without the cleanup phase, resets every retry count and starts again. Setup
   * processes whose last run exited 0 are not run again (their work is done, and what depends on
   * them does not wait for them); the others are.
   *
   * @throws OvrseerStartException as {@link #start()}
   */
  public void restartAll() {
    try {
      events.runLifted(
          () -> {
            stopAll(false);
            start(false);
          });
    } finally {
      events.flush();
    }
  }

  /**
   * Stops one process, found in any group (SIGTERM to its tree, SIGKILL after its stop timeout),
   * and blocks until it has exited; cancels its pending automatic restart, so that it stays down
   * until {@link #restartProcess}, {@link #restartAll()} or the next {@link #start()}. Unlike
   * {@link ProcessUnit#stop()} on the unit, this also holds for a process that crashed and is
   * waiting out its {@code retryDelay}. A process that is not running keeps its state ({@code
   * CRASHED}, {@code COMPLETED}, ...). A {@link #start()} under way that waits for the process to
   * be ready, has yet to spawn it, or found it ready but has yet to spawn what waits for it, fails
   * (and does not spawn it).
   *
   * @throws IllegalArgumentException if no process has that id
   */
  public void stopProcess(String id) {
    ProcessEntry entry;
    synchronized (this) {
      entry = find(id).orElseThrow(() -> unknownId(id, null));
    }
    events.runLifted(
        () -> {
          // Takes turns with restartProcess, whose spawn could otherwise come after this stop.
          synchronized (entry.restartLock) {
            stopForGood(entry);
          }
        });
  }

  private void stopForGood(ProcessEntry entry) {
    synchronized (this) {
      // One the start under way has yet to spawn is not spawned by it (see spawnOrFail).
      entry.startSpawnPending = false;
      // One it counted as done (ready) is down from now on: what it has yet to spawn after it
      // must not be spawned, and the start fails below.
      renewStartupIfAwaited(entry);
    }
    try {
      stopWithoutCrashRestart(entry);
    } finally {
      // A start waiting for it to be ready fails instead of waiting for ever.
      entry.startup.completeExceptionally(goneWhileStarting(entry, "stopped"));
    }
  }

  /**
   * Stops {@code entry}'s process and waits until its exit was handled, with no automatic restart
   * left pending: neither one scheduled before, nor one its exit handling schedules meanwhile (it
   * crashed on its own while being stopped), which would spawn it behind the caller's back.
   */
  private void stopWithoutCrashRestart(ProcessEntry entry) {
    synchronized (this) {
      cancelPendingRestart(entry);
      entry.restarting = true;
    }
    // Read before the stop: a run the unit's own start() makes after it is not this stop's to await
    // (its exit may be far off).
    CompletableFuture<Void> handled = entry.handledExit;
    try {
      entry.unit.stop();
      awaitQuietly(handled);
    } finally {
      synchronized (this) {
        entry.restarting = false;
        cancelPendingRestart(entry);
      }
    }
  }

  // ---------------------------------------------------------------- queries

  /** The process {@code id} in any group. */
  public synchronized Optional<ProcessUnit> getProcess(String id) {
    return find(id).map(e -> e.unit);
  }

  /** The process {@code id} in group {@code type}. */
  public synchronized Optional<ProcessUnit> getProcess(String id, ProcessType type) {
    return Optional.ofNullable(group(Objects.requireNonNull(type, "type")).get(id))
        .map(e -> e.unit);
  }

  /**
   * Every process: setup processes, then dependencies, then mains, then cleanup, each in
   * registration order.
   */
  public synchronized Map<String, RegisteredProcess> getAllProcesses() {
    Map<String, RegisteredProcess> all = new LinkedHashMap<>();
    for (ProcessEntry entry : allEntries()) {
      all.put(entry.id, new RegisteredProcess(entry.unit, entry.type));
    }
    return Collections.unmodifiableMap(all);
  }

  /** Whether {@link #start()} completed and {@link #stop()} has not been called since. */
  public synchronized boolean isRunning() {
    return lifecycle == Lifecycle.RUNNING;
  }

  /** Restarts already made for {@code id} since its retry count was last reset. */
  public synchronized int getRetryCount(String id) {
    return find(id).orElseThrow(() -> unknownId(id, null)).retryCount;
  }

  // ---------------------------------------------------------------- events

  /**
   * Calls {@code listener} for every event of {@code type}; with {@code OvrseerEvent.class}, for
   * every event (after the listeners of its own type). A listener may start, stop, restart or
   * remove processes; while such a call waits, log events queue up without the usual bound.
   */
  public <E extends OvrseerEvent> void on(Class<E> type, Consumer<? super E> listener) {
    events.on(type, listener);
  }

  /** Removes a listener added with {@link #on(Class, Consumer)}. */
  public <E extends OvrseerEvent> void off(Class<E> type, Consumer<? super E> listener) {
    events.off(type, listener);
  }

  /**
   * Calls {@code listener} for every event named {@code eventName} (such as {@code
   * "process:crash"}).
   *
   * @throws IllegalArgumentException for a name that is not an Ovrseer event
   */
  public void on(String eventName, Consumer<? super OvrseerEvent> listener) {
    events.on(EventBus.classOf(eventName), listener);
  }

  /** Removes a listener added with {@link #on(String, Consumer)}. */
  public void off(String eventName, Consumer<? super OvrseerEvent> listener) {
    events.off(EventBus.classOf(eventName), listener);
  }

  /** Alias of {@link #on(Class, Consumer)}. */
  public <E extends OvrseerEvent> void addEventListener(
      Class<E> type, Consumer<? super E> listener) {
    on(type, listener);
  }

  /** Alias of {@link #off(Class, Consumer)}. */
  public <E extends OvrseerEvent> void removeEventListener(
      Class<E> type, Consumer<? super E> listener) {
    off(type, listener);
  }

  /** Alias of {@link #on(String, Consumer)}. */
  public void addEventListener(String eventName, Consumer<? super OvrseerEvent> listener) {
    on(eventName, listener);
  }

  /** Alias of {@link #off(String, Consumer)}. */
  public void removeEventListener(String eventName, Consumer<? super OvrseerEvent> listener) {
    off(eventName, listener);
  }

  /**
   * Blocks until every event posted so far has been delivered to its listeners, after the exits
   * that already happened were handled (their crash reports posted): a caller woken by a unit's
   * {@code exit()} can run ahead of the orchestrator, which is told by that same future.
   */
  public void awaitEventsDelivered() {
    List<ProcessEntry> entries;
    synchronized (this) {
      entries = allEntries();
    }
    // The units are asked without the monitor (see adopt).
    List<CompletableFuture<Void>> exits = new ArrayList<>();
    for (ProcessEntry entry : entries) {
      CompletableFuture<Void> handled = entry.handledExit;
      if (handled != null && entry.unit.exit().isDone()) {
        exits.add(handled);
      }
    }
    exits.forEach(Ovrseer::awaitQuietly);
    events.flush();
  }

  // ---------------------------------------------------------------- internals

  private void postError(LifecycleError.Phase phase, Throwable error) {
    events.post(new LifecycleError(phase, error, Instant.now()));
  }

  private void postStateUpdate() {
    if (events.hasListeners(StateUpdate.class)) {
      // Built on the dispatcher thread: callers may hold a unit's lock, and the snapshot needs
      // this orchestrator's monitor.
      events.postLater(this::stateSnapshot);
    }
  }

  private StateUpdate stateSnapshot() {
    Map<String, ProcessUnit> deps = new LinkedHashMap<>();
    Map<String, ProcessUnit> mainUnits = new LinkedHashMap<>();
    Map<String, ProcessUnit> cleanupUnits = new LinkedHashMap<>();
    synchronized (this) {
      dependencies.forEach((id, e) -> deps.put(id, e.unit));
      mains.forEach((id, e) -> mainUnits.put(id, e.unit));
      cleanups.forEach((id, e) -> cleanupUnits.put(id, e.unit));
    }
    return new StateUpdate(deps, mainUnits, cleanupUnits, Instant.now());
  }

  private LifecycleError.Phase phaseOf(OvrseerEvent event) {
    if (event instanceof DependenciesReady) {
      return LifecycleError.Phase.DEPENDENCIES;
    }
    if (event instanceof CleanupStarted || event instanceof CleanupComplete) {
      return LifecycleError.Phase.CLEANUP;
    }
    String name = Phases.processNameOf(event);
    ProcessType type = name == null ? null : groupOfId.get(name);
    return type == null ? LifecycleError.Phase.MAIN : Phases.of(type);
  }

  private void cancelPendingRestart(ProcessEntry entry) {
    ScheduledFuture<?> pending = entry.pendingRestart;
    if (pending != null) {
      pending.cancel(false);
      entry.pendingRestart = null;
    }
  }

  private Optional<ProcessEntry> find(String id) {
    ProcessEntry entry = setups.get(id);
    if (entry == null) {
      entry = dependencies.get(id);
    }
    if (entry == null) {
      entry = mains.get(id);
    }
    if (entry == null) {
      entry = cleanups.get(id);
    }
    return Optional.ofNullable(entry);
  }

  private Map<String, ProcessEntry> group(ProcessType type) {
    return switch (type) {
      case SETUP -> setups;
      case DEPENDENCY -> dependencies;
      case MAIN -> mains;
      case CLEANUP -> cleanups;
    };
  }

  private List<ProcessEntry> allEntries() {
    List<ProcessEntry> all = new ArrayList<>(setups.values());
    all.addAll(dependencies.values());
    all.addAll(mains.values());
    all.addAll(cleanups.values());
    return all;
  }

  private synchronized IllegalArgumentException unknownId(String id, ProcessType type) {
    List<String> known = allEntries().stream().map(e -> e.id).toList();
    return new IllegalArgumentException(
        "no "
            + (type == null
                ? "process"
                : type.name().toLowerCase(java.util.Locale.ROOT) + " process")
            + " with id \""
            + id
            + "\" is registered; known ids: "
            + known);
  }

  /** "it has no retries", "its 1 retry is used" or "all 3 retries used", then "it stays FAILED". */
  private static String retriesUsedUp(int retries) {
    return switch (retries) {
      case 0 -> "it has no retries, it stays FAILED";
      case 1 -> "its 1 retry is used, it stays FAILED";
      default -> "all " + retries + " retries used, it stays FAILED";
    };
  }

  private static String times(int n) {
    return n == 1 ? "once" : n + " times";
  }

  /**
   * Waits up to 60 s for {@code future}, whatever its outcome; an interrupt does not cut the wait
   * short (a stop waits so for the exits it caused) and is kept for the caller.
   */
  static void awaitQuietly(CompletableFuture<?> future) {
    if (future == null) {
      return;
    }
    try {
      Uninterruptible.get(future, Duration.ofSeconds(60));
    } catch (ExecutionException | TimeoutException | java.util.concurrent.CancellationException e) {
      // The outcome was reported where it happened; the caller only waits for it.
    }
  }
}
