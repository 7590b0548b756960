package io.ovrseer.process;

import io.ovrseer.internal.CommandText;
import io.ovrseer.internal.DurationText;
import io.ovrseer.internal.Failures;
import io.ovrseer.internal.LogExcerpt;
import io.ovrseer.internal.OrphanGuard;
import io.ovrseer.internal.ProcessBackend;
import io.ovrseer.internal.ProcessTree;
import io.ovrseer.internal.SearchPath;
import io.ovrseer.internal.SharedExecutors;
import io.ovrseer.internal.Timeouts;
import io.ovrseer.internal.Uninterruptible;
import io.ovrseer.internal.UserSwitch;
import io.ovrseer.log.LogLine;
import io.ovrseer.log.ProcessLogger;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The operating-system {@link ProcessUnit} built by {@link ProcessUnit#builder}. Each run is one
 * {@link ProcessBuilder} spawn (under the backend's session prefix, and {@code setpriv} for another
 * user), whose standard output and error are the JDK's own pipes, each read line by line by a
 * thread of its own ({@code ovrseer-<program>-<pid>-stdout}, {@code -stderr}), taken from the
 * shared blocking pool.
 */
final class OsProcessUnit implements ProcessUnit {
  private static final int LAST_LINES_IN_ERRORS = 20;

  /**
   * How long an exit waits for the reader threads to deliver the last lines without a new line
   * coming in. The JDK hands what the pipes still hold to the readers and closes them when the
   * process exits, so this is only reached when a reader is held up by a log listener that does not
   * return.
   */
  private static final Duration DRAIN_AFTER_EXIT = Duration.ofSeconds(2);

  /**
   * How long an exit waits in all for readers that keep delivering lines: those of a flood held up
   * by slow log listeners (through the orchestrator's event back-pressure).
   */
  private static final Duration DRAIN_WHILE_READING = Duration.ofSeconds(60);

  private final String command;
  private final List<String> args;
  private final List<ReadyCheck> readyChecks;
  private final ProcessLogger logger;
  private final Map<String, String> env;
  private final Path workingDirectory;
  private final Duration stopTimeout;
  private final Optional<String> user;
  private final Optional<UserSwitch> userSwitch;
  private final List<String> dependsOn;

  private final Object lock = new Object();
  private volatile ProcessState state = ProcessState.CREATED;
  private final List<Consumer<ProcessState>> stateListeners = new CopyOnWriteArrayList<>();
  // The thread telling the state listeners of a change, or null: see refuseStopFromListener.
  private volatile Thread telling;
  private volatile Run run;
  // Runs a later start() replaced while their trees were not known gone: a daemon forked by a run
  // that exited 0 is ended by stop(), as the current run's is. Those whose trees are gone are
  // dropped by the starts after them (see forgetEarlierRunsFoundGone).
  private final List<Run> earlier = new CopyOnWriteArrayList<>();

  /**
   * The unit {@code builder} describes.
   *
   * @throws IllegalArgumentException if its user is one this JVM cannot switch to
   */
  OsProcessUnit(ProcessUnit.Builder builder) {
    this.command = builder.command;
    this.args = List.copyOf(builder.args);
    this.readyChecks = List.copyOf(builder.readyChecks);
    this.logger = builder.logger == null ? new ProcessLogger() : builder.logger;
    this.user = Optional.ofNullable(builder.user);
    this.userSwitch = user.isEmpty() ? Optional.empty() : UserSwitch.to(builder.user);
    Map<String, String> environment = new HashMap<>();
    userSwitch.ifPresent(target -> environment.putAll(target.environment()));
    environment.putAll(builder.env);
    this.env = Map.copyOf(environment);
    this.workingDirectory = builder.workingDirectory;
    this.stopTimeout = builder.stopTimeout;
    this.dependsOn = List.copyOf(builder.dependsOn);
  }

  @Override
  public List<String> dependsOn() {
    return dependsOn;
  }

  @Override
  public String command() {
    return command;
  }

  @Override
  public List<String> args() {
    return args;
  }

  @Override
  public ProcessLogger logger() {
    return logger;
  }

  @Override
  public Optional<String> user() {
    return user;
  }

  @Override
  public ProcessState getState() {
    return state;
  }

  @Override
  public OptionalLong getPid() {
    Run current = spawned();
    return current == null ? OptionalLong.empty() : OptionalLong.of(current.pid);
  }

  @Override
  public Optional<Instant> getStartTime() {
    return Optional.ofNullable(spawned()).map(current -> current.startTime);
  }

  @Override
  public boolean isRunning() {
    Run current = spawned();
    return current != null && !current.exit.isDone() && current.process.isAlive();
  }

  /** The current run if its process was spawned, else null. */
  private Run spawned() {
    Run current = run;
    return current == null || current.process == null ? null : current;
  }

  @Override
  public void start() {
    Run next;
    synchronized (lock) {
      Run previous = spawned();
      // Ended: its exit is being told (a state listener may start the next run), its lines logged.
      if (previous != null && !previous.exit.isDone() && !previous.ended) {
        throw new IllegalStateException(
            "process [" + display() + "] is already running (pid " + previous.pid + ")");
      }
      if (previous != null && !previous.treeGone) {
        earlier.add(previous);
      }
      forgetEarlierRunsFoundGone();
      next = new Run();
      run = next;
      // Before the spawn: the guard and the record of this spawn exist before its process does.
      OrphanGuard guard = OrphanGuard.get();
      List<String> prefix;
      try {
        prefix = ProcessBackend.get().sessionPrefix();
        guard.expect(next.mark);
        next.process = spawn(prefix, next.mark);
      } catch (IOException | RuntimeException e) {
        ProcessSpawnException failure =
            e instanceof ProcessSpawnException given
                ? given
                : new ProcessSpawnException(spawnMessage(String.valueOf(e.getMessage())), e);
        transition(ProcessState.FAILED);
        next.ready.completeExceptionally(failure);
        next.exit.completeExceptionally(failure);
        throw failure;
      }
      next.pid = next.process.pid();
      next.startTime = Instant.now();
      next.root = ProcessTree.Root.of(next.process, !prefix.isEmpty(), next.mark);
      guard.register(next.root);
      transition(ProcessState.STARTING);
      beginReadiness(next);
      startReaders(next);
    }
    // Not under the lock: a process that has exited already is handled at once, by this thread,
    // and the handling waits for the readers, which need the lock to mark the process ready.
    SharedExecutors.exitOf(next.process, threadName(next) + "-exit").thenRun(() -> onExit(next));
  }

  /**
   * Forgets the earlier runs whose trees a look now finds empty, as the look at the start before
   * this one did, and their records in the orphan journal: else a process restarted for hours (a
   * crash loop) kept one run and one record per restart until its stop. Two looks a start apart,
   * not one: a look misses a member in the middle of its exec (its environment, which carries the
   * mark, reads empty then), as the look at a crash or exit did; the stop takes a tree for gone
   * only when its last look finds nothing either. A run whose look finds a member is kept for the
   * stop, however many starts come after it. Called holding the lock, before the spawn: the journal
   * forgets a pid before a new run can be recorded under it again.
   */
  private void forgetEarlierRunsFoundGone() {
    if (earlier.isEmpty()) {
      return;
    }
    ProcessBackend.Look look = ProcessBackend.get().look();
    for (Run e : earlier) {
      boolean empty = look.members(e.root, List.of()).isEmpty();
      if (empty && e.foundGone) {
        e.treeGone = true;
        earlier.remove(e);
        OrphanGuard.get().unregister(e.root);
      }
      e.foundGone = empty;
    }
  }

  /** Spawns the command under {@code prefix}, marked with {@code mark}. */
  private Process spawn(List<String> prefix, String mark) throws IOException {
    if (workingDirectory != null && !Files.isDirectory(workingDirectory)) {
      throw spawnFailure(
          "working directory "
              + workingDirectory
              + (Files.exists(workingDirectory) ? " is not a directory" : " does not exist"));
    }
    List<String> line = new ArrayList<>(prefix);
    // After the session prefix, which executes it in place: the pid stays the command's.
    userSwitch.ifPresent(target -> line.addAll(target.prefix()));
    line.add(resolveExecutable().toString());
    line.addAll(args);
    ProcessBuilder builder = new ProcessBuilder(line);
    builder.environment().putAll(env);
    builder.environment().put(ProcessBackend.MARK_VARIABLE, mark);
    if (workingDirectory != null) {
      builder.directory(workingDirectory.toFile());
    }
    for (ReadyCheck check : readyChecks) {
      // Spawned, it would be "ready" on the other process's answers: refuse, as for a missing file.
      String taken = check instanceof PollingCheck p ? p.takenBeforeSpawn().orElse(null) : null;
      if (taken != null) {
        throw spawnFailure(taken);
      }
    }
    return builder.start();
  }

  private Path resolveExecutable() {
    Optional<Path> located = SearchPath.locate(command, workingDirectory, env);
    if (!SearchPath.isPath(command)) {
      return located.orElseThrow(
          () ->
              spawnFailure(
                  "command \""
                      + command
                      + "\" not found on PATH ("
                      + SearchPath.of(env)
                      + "); install it or give its full path"));
    }
    Path path = located.orElseThrow();
    if (!Files.exists(path)) {
      throw spawnFailure("command " + path + " does not exist");
    }
    if (Files.isDirectory(path)) {
      // Not "check its permissions": a directory's execute bit is no mistake to fix.
      throw spawnFailure("command " + path + " is a directory, not an executable file");
    }
    if (!Files.isExecutable(path)) {
      throw spawnFailure("command " + path + " is not an executable file (" + advice(path) + ")");
    }
    return path.toAbsolutePath();
  }

  /**
   * What to check when the file {@code path} cannot be executed: its permissions; and where its
   * mode has an execute bit, also its file system, since one mounted noexec (a hardened /tmp, where
   * a service cache can be) refuses every program in it whatever the mode says.
   */
  private static String advice(Path path) {
    try {
      String mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
      if (mode.indexOf('x') >= 0) {
        return "check its permissions, "
            + mode
            + ", and that its file system is not mounted noexec: findmnt -T "
            + path;
      }
    } catch (IOException | UnsupportedOperationException noMode) {
      // No POSIX mode to read (Windows): the usual advice.
    }
    return "check its permissions";
  }

  private ProcessSpawnException spawnFailure(String cause) {
    return new ProcessSpawnException(spawnMessage(cause), null);
  }

  private String spawnMessage(String cause) {
    return "cannot start process ["
        + display()
        + "] in "
        + (workingDirectory == null ? Path.of("").toAbsolutePath() : workingDirectory)
        + ": "
        + cause;
  }

  /** {@code ovrseer-<program>-<pid>}: what the threads serving {@code r} are named after. */
  private String threadName(Run r) {
    return "ovrseer-" + Path.of(command).getFileName() + "-" + r.pid;
  }

  private void startReaders(Run r) {
    String name = threadName(r);
    startReader(r, r.process.getInputStream(), LogLine.Stream.STDOUT, name + "-stdout");
    startReader(r, r.process.getErrorStream(), LogLine.Stream.STDERR, name + "-stderr");
  }

  /**
   * Reads {@code in} to its end on a thread of the blocking pool, named {@code threadName} while it
   * does: a thread that read the output of an earlier process is reused, not started anew.
   */
  private void startReader(Run r, InputStream in, LogLine.Stream stream, String threadName) {
    LineReader lines = new LineReader((text, readAt) -> logger.append(stream, text, readAt));
    r.readers.add(lines);
    SharedExecutors.runNamed(
        threadName,
        () -> {
          try {
            lines.readAll(in);
          } finally {
            r.drained.countDown();
          }
        });
  }

  private void beginReadiness(Run r) {
    if (readyChecks.isEmpty()) {
      markReady(r);
      return;
    }
    ReadyCheck.Context context =
        new RunContext(logger, r.pid, Optional.ofNullable(workingDirectory), env);
    AtomicInteger remaining = new AtomicInteger(readyChecks.size());
    for (ReadyCheck check : readyChecks) {
      CompletableFuture<Void> result;
      try {
        result = check.await(context);
      } catch (RuntimeException e) {
        result = CompletableFuture.failedFuture(e);
      }
      CompletableFuture<Void> watched = result;
      r.checks.add(watched);
      ScheduledFuture<?> timeout =
          SharedExecutors.timer()
              .schedule(
                  () -> {
                    if (check.passesAtTimeout()) {
                      watched.complete(null);
                    } else {
                      watched.completeExceptionally(
                          new CheckTimedOut(PollingCheck.lastFailureOf(watched).orElse(null)));
                    }
                  },
                  check.timeout().toNanos(),
                  TimeUnit.NANOSECONDS);
      watched.whenComplete(
          (ok, error) -> {
            timeout.cancel(false);
            if (error != null) {
              failReadiness(r, check, error);
            } else if (remaining.decrementAndGet() == 0) {
              markReady(r);
            }
          });
    }
  }

  private void markReady(Run r) {
    synchronized (lock) {
      if (r.stopRequested) {
        return; // a check that passed while it was stopping: the exit fails the readiness
      }
      if (run == r && state == ProcessState.STARTING) {
        transition(ProcessState.READY);
      }
    }
    r.ready.complete(null);
  }

  private void failReadiness(Run r, ReadyCheck check, Throwable error) {
    if (r.ready.isDone() || r.exit.isDone()) {
      return;
    }
    Throwable cause = Failures.unwrap(error);
    boolean timedOut = cause instanceof CheckTimedOut;
    String reason =
        timedOut
            ? "did not become ready within "
                + DurationText.of(check.timeout())
                + ": waited for "
                + check.description()
                + (cause.getMessage() == null ? "" : " (last attempt: " + cause.getMessage() + ")")
            : "failed its readiness check ("
                + check.description()
                + "): "
                + Failures.messageOf(cause);
    ReadinessException failure = readinessFailure(reason, null, timedOut ? null : cause);
    synchronized (lock) {
      if (r.stopRequested) {
        return;
      }
      r.readinessFailed = true;
      if (run == r) {
        transition(ProcessState.CRASHED);
      }
    }
    r.ready.completeExceptionally(failure);
    r.checks.forEach(c -> c.cancel(false));
    // A unit that failed readiness must not keep its process: stop the tree (SIGTERM first, so
    // it can still log why it was stuck).
    SharedExecutors.blocking().execute(() -> ProcessTree.terminate(r.root, stopTimeout));
  }

  /** Handles the run's exit once: from the JDK's exit notification or from the stopping thread. */
  private void onExit(Run r) {
    if (!r.exitHandled.compareAndSet(false, true)) {
      return;
    }
    ExitStatus status = ExitStatus.fromExitValue(r.process.exitValue());
    if (!r.stopRequested && !status.isSuccess()) {
      // A crashed process's leftovers go with it, so that a port one held is free for the restart.
      // One that completed may leave a daemon on purpose, which only a stop ends. Either way the
      // stop looks for the tree again: a look now, as the process exits, misses a member still in
      // its exec (its environment, the mark, reads empty then), which the stop would otherwise
      // take for gone.
      ProcessTree.kill(r.root);
    }
    if (awaitDrained(r)) {
      // A descendant holds a pipe open (or a listener holds up a reader): the line the process
      // left unfinished is logged with its exit, not whenever the descendant ends.
      try {
        LineReader.deliverUnfinished(r.readers);
      } catch (VirtualMachineError listenerFailure) {
        // What a listener throws ends a reader, never the exit, which waiters would wait for.
        Thread current = Thread.currentThread();
        current.getUncaughtExceptionHandler().uncaughtException(current, listenerFailure);
      }
    }
    synchronized (lock) {
      r.ended = true;
      if (run == r) {
        transition(
            r.stopRequested
                ? ProcessState.STOPPED
                : r.readinessFailed || !status.isSuccess()
                    ? ProcessState.CRASHED
                    : ProcessState.COMPLETED);
      }
    }
    if (!r.ready.isDone()) {
      String reason =
          r.stopRequested
              ? "was stopped before it was ready"
              : "exited with " + status + " before it was ready";
      r.ready.completeExceptionally(readinessFailure(reason, status, null));
    }
    r.checks.forEach(c -> c.cancel(false));
    try {
      r.process.getOutputStream().close();
    } catch (IOException ignored) {
      // stdin of an exited process: nothing left to flush.
    }
    r.exit.complete(status);
  }

  /**
   * Waits until the readers of {@code r} reached the end of the output, so that its last lines come
   * before the exit (a crash report quotes them): as long as lines keep coming in, up to {@link
   * #DRAIN_WHILE_READING}. A reader held up longer still logs its later lines after the exit.
   *
   * @return whether a reader was left waiting after {@link #DRAIN_AFTER_EXIT} without a line (a
   *     descendant holds its pipe open, or a listener holds it up); not while lines kept coming
   */
  private boolean awaitDrained(Run r) {
    long giveUpAt = System.nanoTime() + DRAIN_WHILE_READING.toNanos();
    long lines = logger.getLineCount();
    while (!Uninterruptible.await(r.drained, DRAIN_AFTER_EXIT)) {
      long now = logger.getLineCount();
      if (now == lines) {
        return true;
      }
      if (System.nanoTime() - giveUpAt >= 0) {
        return false;
      }
      lines = now;
    }
    return false;
  }

  /** A readiness failure naming this process and {@code reason}, with the last log lines. */
  private ReadinessException readinessFailure(String reason, ExitStatus status, Throwable cause) {
    List<String> lastLines = logger.getLogs(LAST_LINES_IN_ERRORS);
    String message = LogExcerpt.append("process [" + display() + "] " + reason, lastLines);
    return new ReadinessException(message, reason, status, lastLines, cause);
  }

  @Override
  public CompletableFuture<Void> ready() {
    Run current = run;
    return current == null ? notStarted() : current.ready;
  }

  @Override
  public CompletableFuture<ExitStatus> exit() {
    Run current = run;
    return current == null ? notStarted() : current.exit;
  }

  private <T> CompletableFuture<T> notStarted() {
    return CompletableFuture.failedFuture(
        new IllegalStateException("process [" + display() + "] was never started"));
  }

  @Override
  public void stop() {
    stop(stopTimeout);
  }

  /**
   * {@inheritDoc}
   *
   * <p>Even after an exit of its own, what is left of the run's tree (a daemon it forked) is
   * stopped, where the backend finds it: the {@code linux} one does, in the run's session; the
   * {@code portable} one finds only descendants, which such a daemon no longer is.
   *
   * @throws IllegalStateException if the process, or any other member of its tree, was still alive
   *     {@link ProcessTree#GIVE_UP_AFTER_KILL} after SIGKILL (a member this JVM may not signal, or
   *     one stuck in the kernel); what is left stays recorded for the orphan guard
   */
  @Override
  public void stop(Duration timeout) {
    // Checked before the stop begins: a timeout that overflows the deadline must not leave a
    // unit marked as stopping that nothing signals.
    Timeouts.check("stop timeout", timeout, true);
    refuseStopFromListener();
    terminate(beginStop(timeout));
  }

  /**
   * Refuses a stop from a state listener: the change it is told of is still being made, holding the
   * lock that the handling of the exit the stop waits for needs (or on this very thread), so the
   * stop would wait for itself until it gave up, saying the process did not exit after SIGKILL.
   */
  void refuseStopFromListener() {
    if (telling == Thread.currentThread()) {
      throw new IllegalStateException(
          "process ["
              + display()
              + "] cannot be stopped by its state listener, which is told of a change still being"
              + " made; stop it from another thread, or from its exit() or ready() future");
    }
  }

  /**
   * Stops {@code units} together, each with its own stop timeout: their trees are terminated as one
   * batch (see {@link ProcessTree#terminate(Map)}), then each unit's exit is awaited.
   *
   * @throws RuntimeException the first failure, the others attached as suppressed
   */
  static void stopTogether(List<OsProcessUnit> units) {
    List<Stopping> stoppings = new ArrayList<>(units.size());
    units.forEach(unit -> stoppings.addAll(unit.beginStop(unit.stopTimeout)));
    terminate(stoppings);
  }

  /** Terminates the trees of {@code stoppings}, each with its grace, and ends them. */
  private static void terminate(List<Stopping> stoppings) {
    Map<ProcessTree.Root, Duration> graces = new LinkedHashMap<>();
    stoppings.forEach(stopping -> graces.put(stopping.run().root, stopping.grace()));
    // Nothing to stop (all exited, their trees gone) needs no look at the process table.
    Map<ProcessTree.Root, Set<ProcessHandle>> left =
        graces.isEmpty() ? Map.of() : ProcessTree.terminate(graces);
    Failures.runEach(
        stoppings, stopping -> stopping.end(left.getOrDefault(stopping.run().root, Set.of())));
  }

  /**
   * Marks the current run as stopping: the stops of it and of the earlier runs with something left
   * of their trees, each with {@code grace}; empty when there is nothing to stop: never started, or
   * exited with nothing left.
   */
  private List<Stopping> beginStop(Duration grace) {
    Run r;
    boolean alive;
    List<Stopping> stoppings = new ArrayList<>();
    synchronized (lock) {
      earlier.removeIf(e -> e.treeGone);
      earlier.forEach(e -> stoppings.add(new Stopping(this, e, false, grace)));
      r = spawned();
      if (r == null || r.exit.isDone() && r.treeGone) {
        return stoppings;
      }
      alive = !r.exit.isDone();
      // An exit (or failed readiness) already told as CRASHED or COMPLETED stays told: the exit
      // is then only awaited, and a stop must not turn it back into STOPPING for ever.
      if (alive && state.isAlive()) {
        r.stopRequested = true;
        transition(ProcessState.STOPPING);
      }
    }
    // No check polls on through the stop's grace period. Outside the lock: ending a log pattern
    // check takes the logger's lock, which a reader thread may hold while it waits for this one.
    r.checks.forEach(c -> c.cancel(false));
    stoppings.add(0, new Stopping(this, r, alive, grace));
    return stoppings;
  }

  /**
   * A stop begun: the unit, its run, whether that was still running then, and the grace its tree
   * gets between SIGTERM and SIGKILL.
   */
  private record Stopping(OsProcessUnit unit, Run run, boolean alive, Duration grace) {
    /**
     * Ends the stop once its tree was terminated, {@code left} alive of it when given up on (empty
     * once it is gone): waits for the run's exit to be handled.
     *
     * @throws IllegalStateException if the process did not exit after SIGKILL, or the tree was
     *     given up on
     */
    void end(Set<ProcessHandle> left) {
      boolean treeGone = left.isEmpty();
      if (treeGone) {
        run.treeGone = true;
        OrphanGuard.get().unregister(run.root);
      }
      if (alive) {
        awaitExit();
      }
      if (!treeGone) {
        throw new IllegalStateException(
            "process ["
                + unit.display()
                + "] (pid "
                + run.pid
                + "): its tree was still there "
                + DurationText.of(ProcessTree.GIVE_UP_AFTER_KILL)
                + " after SIGKILL"
                + " (pids "
                + left.stream().map(ProcessHandle::pid).sorted().toList()
                + ")"
                + "; what is left stays recorded for the orphan guard");
      }
    }

    private void awaitExit() {
      try {
        // Not cut short by an interrupt: the stop returns once the exit is handled.
        if (Uninterruptible.waitFor(run.process, DRAIN_AFTER_EXIT.plusSeconds(5))) {
          unit.onExit(run);
        }
        // Handled here or, at the same time, by the JDK's exit notification: which waits for the
        // readers at most DRAIN_WHILE_READING.
        Uninterruptible.get(run.exit, DRAIN_WHILE_READING.plusSeconds(5));
      } catch (ExecutionException | TimeoutException e) {
        throw new IllegalStateException(
            "process [" + unit.display() + "] (pid " + run.pid + ") did not exit after SIGKILL", e);
      }
    }
  }

  @Override
  public void kill() {
    stop(Duration.ZERO);
  }

  @Override
  public void restart() {
    stop();
    start();
  }

  @Override
  public void sendStdin(String line) {
    // Else the process is sent the word "null".
    Objects.requireNonNull(line, "line");
    Run r = spawned();
    if (r == null || r.exit.isDone()) {
      throw new IllegalStateException("process [" + display() + "] is not running");
    }
    OutputStream stdin = r.process.getOutputStream();
    synchronized (r) {
      try {
        stdin.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        stdin.flush();
      } catch (IOException e) {
        throw new UncheckedIOException(
            "could not write to stdin of process [" + display() + "] (pid " + r.pid + ")", e);
      }
    }
  }

  @Override
  public void addStateListener(Consumer<ProcessState> listener) {
    stateListeners.add(Objects.requireNonNull(listener, "listener"));
  }

  @Override
  public void removeStateListener(Consumer<ProcessState> listener) {
    stateListeners.remove(listener);
  }

  /**
   * Changes the state and tells the listeners, holding the lock so that they see transitions in
   * order, and before the run's futures complete.
   */
  private void transition(ProcessState next) {
    if (state == next) {
      return;
    }
    state = next;
    Thread outer = telling; // a listener's start() tells of its change within this one
    telling = Thread.currentThread();
    try {
      for (Consumer<ProcessState> listener : stateListeners) {
        try {
          listener.accept(next);
        } catch (RuntimeException e) {
          Thread current = Thread.currentThread();
          current.getUncaughtExceptionHandler().uncaughtException(current, e);
        }
      }
    } finally {
      telling = outer;
    }
  }

  @Override
  public void markFailed() {
    synchronized (lock) {
      if (!state.isAlive()) {
        transition(ProcessState.FAILED);
      }
    }
  }

  /** The command line for messages, class paths and long lines shortened. */
  private String display() {
    return CommandText.of(command, args);
  }

  @Override
  public String toString() {
    return "ProcessUnit[" + display() + ", " + state + "]";
  }

  /** One spawn of the process and everything that belongs to it. */
  private static final class Run {
    final CompletableFuture<Void> ready = new CompletableFuture<>();
    final CompletableFuture<ExitStatus> exit = new CompletableFuture<>();
    // Counted down by each of the two reader threads at the end of its stream.
    final CountDownLatch drained = new CountDownLatch(2);
    // The two readers' line splitters, added before their threads start.
    final List<LineReader> readers = new CopyOnWriteArrayList<>();
    final List<CompletableFuture<Void>> checks = new CopyOnWriteArrayList<>();
    final AtomicBoolean exitHandled = new AtomicBoolean();
    // Carried in the environment of the run's whole tree: see ProcessBackend.MARK_VARIABLE.
    final String mark = ProcessBackend.newMark();
    Process process;
    ProcessTree.Root root;
    long pid;
    Instant startTime;
    volatile boolean stopRequested;
    volatile boolean readinessFailed;
    volatile boolean treeGone;
    volatile boolean ended;
    // Whether the last look at the tree of this earlier run found it empty (under the lock).
    boolean foundGone;
  }

  /**
   * Marks a readiness check that reached its timeout; its message is how the last attempt failed,
   * or null.
   */
  private static final class CheckTimedOut extends RuntimeException {
    private static final long serialVersionUID = 1L;

    CheckTimedOut(String lastAttempt) {
      super(lastAttempt, null, false, false);
    }
  }

  /**
   * What the readiness checks of one run see: its logger, pid, working directory and environment,
   * and the shared pools.
   */
  record RunContext(
      ProcessLogger logger,
      long pid,
      Optional<Path> workingDirectory,
      Map<String, String> environment)
      implements ReadyCheck.Context {
    @Override
    public ScheduledExecutorService scheduler() {
      return SharedExecutors.timer();
    }

    @Override
    public void runBlocking(Runnable work) {
      SharedExecutors.blocking().execute(work);
    }
  }
}
