package io.ovrseer.process;

import io.ovrseer.internal.Failures;
import io.ovrseer.internal.ProcessBackend;
import io.ovrseer.internal.SharedExecutors;
import io.ovrseer.internal.Timeouts;
import io.ovrseer.log.ProcessLogger;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * One supervised process: a command that can be started, checked for readiness, stopped and
 * restarted, with its output kept line by line in a {@link ProcessLogger}.
 *
 * <p>{@link #of} and {@link #builder} build the operating-system implementation. Stopping it
 * reaches its whole tree: SIGTERM to the process and every descendant, then SIGKILL after the stop
 * timeout (default 5 s). On Linux the process is spawned as leader of its own session (util-linux
 * {@code setsid}), so that the tree also holds descendants whose parent exited first; elsewhere the
 * tree is what {@link ProcessHandle#descendants()} finds. Each {@link #start()} begins a new
 * <em>run</em> with its own {@link #ready()} and {@link #exit()} futures; the logger is kept across
 * runs.
 *
 * <p>The orchestrator relies only on this interface, so other implementations (and test doubles)
 * can be registered with it.
 */
public interface ProcessUnit {

  /** Default time a process gets to exit after SIGTERM before it is killed. */
  Duration DEFAULT_STOP_TIMEOUT = Duration.ofSeconds(5);

  /**
   * An operating-system process running {@code command} with {@code args}, ready when all {@code
   * readyChecks} pass, logging to {@code logger} (a new one if null).
   */
  static ProcessUnit of(
      String command, List<String> args, List<ReadyCheck> readyChecks, ProcessLogger logger) {
    Builder builder =
        builder(command).args(Objects.requireNonNull(args, "args").toArray(String[]::new));
    Objects.requireNonNull(readyChecks, "readyChecks").forEach(builder::readyCheck);
    if (logger != null) {
      builder.logger(logger);
    }
    return builder.build();
  }

  /**
   * A builder of an operating-system process running {@code command} with {@code args}. A NUL
   * character in the command, an argument or the environment, which no process can be given, is an
   * {@link IllegalArgumentException} here, not a failure at each start.
   */
  static Builder builder(String command, String... args) {
    return new Builder(command).args(args);
  }

  /**
   * Stops {@code units} at once, each with its own stop timeout, in parallel, and blocks until all
   * are gone. Where the backend reads the whole process table to find a tree (Linux), the
   * operating-system units among them are stopped as one batch, which finds their trees together.
   *
   * @throws RuntimeException the first failure (others attached as suppressed), e.g. an {@link
   *     IllegalStateException} naming a unit that did not exit after SIGKILL
   */
  static void stopAll(Collection<? extends ProcessUnit> units) {
    List<OsProcessUnit> together = new ArrayList<>(units.size());
    // The backend is asked only if a unit was spawned: where none works (-Dovrseer.platform=linux
    // without setsid) none was, each spawn failed saying so, and asking would fail the stop too.
    boolean spawned = false;
    for (ProcessUnit unit : units) {
      spawned |= unit.getPid().isPresent();
      if (unit instanceof OsProcessUnit os) {
        os.refuseStopFromListener(); // else it would wait on another thread for this one
      }
    }
    boolean batch = spawned && ProcessBackend.get().sharesLooks();
    List<Runnable> stops = new ArrayList<>(units.size());
    for (ProcessUnit unit : units) {
      if (batch && unit instanceof OsProcessUnit os) {
        together.add(os);
      } else {
        stops.add(unit::stop);
      }
    }
    if (!together.isEmpty()) {
      stops.add(0, () -> OsProcessUnit.stopTogether(together));
    }
    // The first stop runs on this thread, as stop() does, the others in parallel on the pool:
    // handed over too, it would only add another thread's wake-up to each call (each phase of an
    // ordered stop) while this one waited for it.
    List<Runnable> steps = new ArrayList<>(stops.size());
    for (Runnable stop : stops) {
      if (steps.isEmpty()) {
        steps.add(stop);
        continue;
      }
      CompletableFuture<Void> elsewhere =
          CompletableFuture.runAsync(stop, SharedExecutors.blocking());
      steps.add(
          () -> {
            try {
              elsewhere.join();
            } catch (CompletionException e) {
              throw e.getCause() instanceof RuntimeException r
                  ? r
                  : new IllegalStateException(e.getCause());
            }
          });
    }
    Failures.runEach(steps, Runnable::run);
  }

  /** The command (program) this unit runs. */
  String command();

  /** The arguments passed to the command. */
  List<String> args();

  /** The logger this unit's output goes to, kept across restarts. */
  ProcessLogger logger();

  /** The current state. */
  ProcessState getState();

  /** The operating-system id of the current (or last) run, empty if never spawned. */
  OptionalLong getPid();

  /** Whether the current run's process is still alive. */
  boolean isRunning();

  /**
   * Spawns the process and returns at once; readiness is checked in the background.
   *
   * @throws IllegalStateException if it is already running
   * @throws ProcessSpawnException if it cannot be spawned (the state becomes {@code FAILED})
   */
  void start();

  /**
   * The current run's readiness: completes when every check passed; fails with a {@link
   * ReadinessException} on a timeout or when the process exits first. Before the first start it is
   * a failed future.
   */
  CompletableFuture<Void> ready();

  /** The current run's exit. Before the first start it is a failed future. */
  CompletableFuture<ExitStatus> exit();

  /**
   * Stops gracefully with this unit's stop timeout and blocks until the process tree is gone. An
   * interrupt of the calling thread does not cut the stop short; the thread's interrupt status is
   * kept (the same for {@link #stop(Duration)} and {@link #kill()}).
   *
   * @throws IllegalStateException if the tree was not gone 5 s after SIGKILL
   */
  void stop();

  /**
   * SIGTERM to the process tree, SIGKILL after {@code timeout}; blocks until the tree is gone.
   *
   * @throws IllegalArgumentException if {@code timeout} is negative or longer than 365 days
   *     (nothing is stopped then)
   * @throws IllegalStateException if the tree was not gone 5 s after SIGKILL
   */
  void stop(Duration timeout);

  /**
   * SIGKILLs the process tree and blocks until it is gone.
   *
   * @throws IllegalStateException if the tree was not gone 5 s after SIGKILL
   */
  void kill();

  /** Stops (if running) and starts again, with the same logger. */
  void restart();

  /**
   * Writes {@code line} and a newline to the process's standard input.
   *
   * @throws IllegalStateException if the process is not running
   */
  void sendStdin(String line);

  /**
   * The operating-system user this unit's process runs as, if it was given one; empty means the
   * JVM's own user. The default is empty.
   */
  default Optional<String> user() {
    return Optional.empty();
  }

  /** When the current run was spawned, if ever. */
  default Optional<Instant> getStartTime() {
    return Optional.empty();
  }

  /**
   * Calls {@code listener} with the new state on every state change, before the run's {@link
   * #ready()} or {@link #exit()} future completes for that change, in the order the changes happen.
   * It runs on the thread that made the change and must be quick; told of an exit ({@code
   * COMPLETED}, {@code CRASHED} after an exit, {@code STOPPED}), it may {@link #start()} the next
   * run. It must not stop the unit ({@link #stop()}, {@link #kill()}, {@link #restart()}, {@link
   * #stopAll}), since the stop would wait for the change being told: that is an {@link
   * IllegalStateException}; stop from the {@link #exit()} or {@link #ready()} future. The default
   * keeps no listener (the orchestrator then follows the futures instead).
   */
  default void addStateListener(java.util.function.Consumer<ProcessState> listener) {}

  /** Removes a listener added with {@link #addStateListener}. */
  default void removeStateListener(java.util.function.Consumer<ProcessState> listener) {}

  /**
   * Marks the unit {@link ProcessState#FAILED}: its orchestrator gave up on it. Only affects a unit
   * that is not running. The default does nothing.
   */
  default void markFailed() {}

  /**
   * The ids of the setup processes and dependencies (and, for a main process, other main processes)
   * this process waits for: an {@code Ovrseer} spawns it only once each named setup process has
   * exited 0 and each named process is ready. Empty by default.
   */
  default List<String> dependsOn() {
    return List.of();
  }

  /**
   * Fluent builder of an operating-system {@link ProcessUnit}. Defaults: no arguments, no readiness
   * checks (ready at spawn), a new {@link ProcessLogger}, the JVM's environment and working
   * directory, stop timeout 5 s.
   */
  final class Builder {
    // Read by the OsProcessUnit it builds.
    final String command;
    final List<String> args = new ArrayList<>();
    final List<ReadyCheck> readyChecks = new ArrayList<>();
    final Map<String, String> env = new LinkedHashMap<>();
    ProcessLogger logger;
    Path workingDirectory;
    Duration stopTimeout = DEFAULT_STOP_TIMEOUT;
    String user;
    final List<String> dependsOn = new ArrayList<>();

    Builder(String command) {
      Objects.requireNonNull(command, "command");
      if (command.isBlank()) {
        throw new IllegalArgumentException("command must not be empty");
      }
      this.command = withoutNul("command", command);
    }

    /** Appends arguments. */
    public Builder args(String... args) {
      for (String arg : Objects.requireNonNull(args, "args")) {
        this.args.add(withoutNul("argument", Objects.requireNonNull(arg, "argument")));
      }
      return this;
    }

    /**
     * Adds a readiness check; all must pass.
     *
     * @throws IllegalArgumentException if its {@link ReadyCheck#timeout() timeout} is not positive
     *     or over 365 days (a custom check's, which the factories check already): read only at the
     *     spawn, it would fail there, with the process already running
     */
    public Builder readyCheck(ReadyCheck readyCheck) {
      Objects.requireNonNull(readyCheck, "readyCheck");
      Timeouts.check(
          "readiness timeout of check [" + readyCheck.description() + "]",
          readyCheck.timeout(),
          false);
      readyChecks.add(readyCheck);
      return this;
    }

    /** The logger to write to; default a new {@link ProcessLogger}. */
    public Builder logger(ProcessLogger logger) {
      this.logger = Objects.requireNonNull(logger, "logger");
      return this;
    }

    /** Sets an environment variable on top of the JVM's environment. */
    public Builder env(String key, String value) {
      Objects.requireNonNull(key, "env key");
      if (key.isEmpty() || key.contains("=")) {
        throw new IllegalArgumentException("env key [" + key + "] must be non-empty without '='");
      }
      env.put(
          withoutNul("env key", key),
          withoutNul("env value of " + key, Objects.requireNonNull(value, "env value of " + key)));
      return this;
    }

    // No command line or environment can hold a NUL: the spawn would fail, as "not found on PATH"
    // for a command. Said here, where the value is given, not at each start.
    private static String withoutNul(String what, String value) {
      if (value.indexOf('\0') >= 0) {
        throw new IllegalArgumentException(
            what + " [" + value.replace("\0", "\\0") + "] holds a NUL character (\\0)");
      }
      return value;
    }

    /** The directory the process runs in; default the JVM's working directory. */
    public Builder workingDirectory(Path workingDirectory) {
      this.workingDirectory = Objects.requireNonNull(workingDirectory, "workingDirectory");
      return this;
    }

    /** Time between SIGTERM and SIGKILL when stopping, 0 to 365 days; default 5 s. */
    public Builder stopTimeout(Duration stopTimeout) {
      this.stopTimeout = Timeouts.check("stopTimeout", stopTimeout, true);
      return this;
    }

    /**
     * Runs the process as the operating-system user {@code user}, with that user's primary group,
     * supplementary groups and {@code HOME}, {@code USER} and {@code LOGNAME} (variables given with
     * {@link #env} win). Default: the JVM's own user. Switching to a user other than the JVM's own
     * needs Linux, util-linux {@code setpriv} and a JVM running as root; {@link #build()} checks
     * that.
     */
    public Builder user(String user) {
      this.user = Objects.requireNonNull(user, "user");
      return this;
    }

    /**
     * Appends ids of processes this one waits for before it is spawned ({@link
     * ProcessUnit#dependsOn()}); default none.
     */
    public Builder dependsOn(String... ids) {
      for (String id : Objects.requireNonNull(ids, "dependsOn ids")) {
        Objects.requireNonNull(id, "dependsOn id");
        if (id.isBlank()) {
          throw new IllegalArgumentException("dependsOn id must not be blank");
        }
        if (!dependsOn.contains(id)) {
          dependsOn.add(id);
        }
      }
      return this;
    }

    /**
     * Builds the unit.
     *
     * @throws IllegalArgumentException if {@link #user} names a user this JVM cannot switch to,
     *     with the reason (not root, no {@code setpriv}, no such user)
     */
    public ProcessUnit build() {
      return new OsProcessUnit(this);
    }

    @Override
    public String toString() {
      return command + " " + Arrays.toString(args.toArray());
    }
  }
}
