package io.ovrseer.process;

import io.ovrseer.internal.CommandText;
import io.ovrseer.internal.DurationText;
import io.ovrseer.internal.LazyLogger;
import io.ovrseer.internal.OrphanGuard;
import io.ovrseer.internal.PreparedStart;
import io.ovrseer.internal.ProcessTree;
import io.ovrseer.internal.SearchPath;
import io.ovrseer.internal.SessionLeader;
import io.ovrseer.internal.SharedExecutors;
import io.ovrseer.internal.UserSwitch;
import io.ovrseer.log.LogLine;
import io.ovrseer.log.ProcessLogger;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.Pipe;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/** The operating-system {@link ProcessUnit} built by {@link ProcessUnit#builder}. */
final class OsProcessUnit implements ProcessUnit, PreparedStart {
  private static final int LAST_LINES_IN_ERRORS = 20;
  private static final Duration DRAIN_AFTER_CLEAN_EXIT = Duration.ofMillis(200);
  private static final Duration DRAIN_AFTER_KILL = Duration.ofSeconds(2);

  /**
   * Set to true to read each process's output with two threads of its own instead of the shared
   * selector.
   */
  static final String THREADS_PROPERTY = "ovrseer.output.threads";

  private static final LazyLogger LOG = new LazyLogger(OsProcessUnit.class);

  /** Set once a spawn showed that pipes cannot be reopened through /proc/self/fd here. */
  static volatile boolean pipesUnsupported;

  /** What a prepared process waits for on its standard input before it executes the command. */
  private static final int RELEASE = '\n';

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
  private final List<java.util.function.Consumer<ProcessState>> stateListeners =
      new java.util.concurrent.CopyOnWriteArrayList<>();
  private volatile Run run;

  /** A spawn made by {@link #prepareStart}, not yet released or discarded; guarded by lock. */
  private Spawn prepared;

  OsProcessUnit(
      String command,
      List<String> args,
      List<ReadyCheck> readyChecks,
      ProcessLogger logger,
      Map<String, String> env,
      Path workingDirectory,
      Duration stopTimeout,
      Optional<String> user,
      Optional<UserSwitch> userSwitch,
      List<String> dependsOn) {
    this.command = command;
    this.args = List.copyOf(args);
    this.readyChecks = List.copyOf(readyChecks);
    this.logger = logger;
    Map<String, String> environment = new java.util.HashMap<>();
    userSwitch.ifPresent(target -> environment.putAll(target.environment()));
    environment.putAll(env);
    this.env = Map.copyOf(environment);
    this.user = user;
    this.userSwitch = userSwitch;
    this.workingDirectory = workingDirectory;
    this.stopTimeout = stopTimeout;
    this.dependsOn = List.copyOf(dependsOn);
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

  /** Time between SIGTERM and SIGKILL when stopping. */
  Duration stopTimeout() {
    return stopTimeout;
  }

  @Override
  public ProcessState getState() {
    return state;
  }

  @Override
  public OptionalLong getPid() {
    Run current = run;
    return current == null || current.process == null
        ? OptionalLong.empty()
        : OptionalLong.of(current.pid);
  }

  @Override
  public Optional<Instant> getStartTime() {
    Run current = run;
    return current == null || current.process == null
        ? Optional.empty()
        : Optional.of(current.startTime);
  }

  @Override
  public boolean isRunning() {
    Run current = run;
    return current != null
        && current.process != null
        && !current.exit.isDone()
        && current.process.isAlive();
  }

  @Override
  public void start() {
    synchronized (lock) {
      Run previous = run;
      if (previous != null && previous.process != null && !previous.exit.isDone()) {
        throw new IllegalStateException(
            "process [" + display() + "] is already running (pid " + previous.pid + ")");
      }
      Run next = new Run();
      run = next;
      Spawn spawn = releasePrepared();
      if (spawn == null) {
        try {
          spawn = spawn(SessionLeader.prefix(), false);
        } catch (IOException | ProcessSpawnException e) {
          ProcessSpawnException failure =
              e instanceof ProcessSpawnException given
                  ? given
                  : new ProcessSpawnException(spawnMessage(e.getMessage()), e);
          transition(ProcessState.FAILED);
          next.ready.completeExceptionally(failure);
          next.exit.completeExceptionally(failure);
          throw failure;
        }
      }
      next.process = spawn.process();
      next.pid = next.process.pid();
      OrphanGuard.get().register(next.pid);
      next.ownGroup = spawn.leader().isPresent();
      ProcessTree.spawned(next.process, next.ownGroup);
      next.startTime = Instant.now();
      transition(ProcessState.STARTING);
      beginReadiness(next);
      startReaders(next, spawn.pipes(), spawn.watched());
      watchExit(next);
    }
  }

  /**
   * A spawned process with what it was started under ({@code leader}: the session leader program
   * before its command, if any) and its output pipes: selectable {@code pipes}, already registered
   * with the multiplexer as {@code watched}, or null for the JDK's own.
   */
  private record Spawn(
      Process process,
      Optional<String> leader,
      OutputPipes pipes,
      PipeMultiplexer.Reading[] watched) {}

  /**
   * Spawns the command under {@code leader}. With {@code waiting}, as {@code leader --wait
   * COMMAND}, which executes it only once released (see {@link #prepareStart}), and with no
   * fallback: a failure is thrown. Otherwise, should ovrseer-setsid or the selectable pipes not
   * work here, it spawns again without them.
   */
  private Spawn spawn(Optional<String> leader, boolean waiting) throws IOException {
    OutputPipes pipes = null;
    PipeMultiplexer.Reading[] watched = new PipeMultiplexer.Reading[2];
    try {
      ProcessBuilder builder = new ProcessBuilder(commandLine(leader, waiting));
      if (!env.isEmpty()) {
        // Only then: once asked for, the JDK builds the child's environment block itself
        // instead of passing on this JVM's, a copy of every variable per spawn.
        builder.environment().putAll(env);
      }
      if (workingDirectory != null) {
        builder.directory(workingDirectory.toFile());
      }
      pipes = openPipes();
      if (pipes != null) {
        builder.redirectOutput(pipes.stdoutTarget()).redirectError(pipes.stderrTarget());
        watch(pipes, watched);
      }
      Spawn spawn;
      try {
        spawn =
            waiting
                ? new Spawn(builder.start(), leader, pipes, watched)
                : startUnder(leader, builder, pipes, watched);
      } catch (IOException e) {
        if (pipes == null || waiting) {
          throw e;
        }
        abandon(watched);
        pipes.abandon();
        pipes = null;
        return new Spawn(startWithoutPipes(builder, e), leader, null, watched);
      }
      if (pipes != null) {
        pipes.spawned();
      }
      return spawn;
    } catch (IOException | RuntimeException e) {
      abandon(watched);
      if (pipes != null) {
        pipes.abandon();
      }
      throw e;
    }
  }

  /**
   * Spawns under {@code leader}; if that was ovrseer-setsid and it could not be executed here (the
   * JDK reports a failed exec as {@code error=N}), spawns again under the fallback.
   */
  private Spawn startUnder(
      Optional<String> leader,
      ProcessBuilder builder,
      OutputPipes pipes,
      PipeMultiplexer.Reading[] watched)
      throws IOException {
    try {
      return new Spawn(builder.start(), leader, pipes, watched);
    } catch (IOException e) {
      String message = String.valueOf(e.getMessage());
      if (leader.isEmpty()
          || !message.contains("error=")
          || !SessionLeader.giveUpHelper(leader.get(), e)) {
        throw e;
      }
      Optional<String> fallback = SessionLeader.prefix();
      builder.command(commandLine(fallback, false));
      return new Spawn(builder.start(), fallback, pipes, watched);
    }
  }

  /**
   * {@inheritDoc}
   *
   * <p>The process is spawned as {@code ovrseer-setsid --wait COMMAND}: it becomes the leader of
   * its session at once, then waits for one byte on its standard input before it executes the
   * command, so that {@link #start} costs one write instead of a spawn.
   */
  @Override
  public boolean prepareStart() {
    Optional<String> helper = SessionLeader.waitingPrefix();
    if (helper.isEmpty() || userSwitch.isPresent()) {
      return false;
    }
    synchronized (lock) {
      Run current = run;
      if (prepared != null || (current != null && !current.exit.isDone())) {
        return false;
      }
      try {
        prepared = spawn(helper, true);
        return true;
      } catch (IOException | RuntimeException e) {
        LOG.log(
            System.Logger.Level.DEBUG,
            "process [{0}] is spawned when it starts instead of ahead: {1}",
            display(),
            e.toString());
        return false;
      }
    }
  }

  @Override
  public void discardPreparedStart() {
    Spawn unused;
    synchronized (lock) {
      unused = prepared;
      prepared = null;
    }
    if (unused != null) {
      discard(unused);
    }
  }

  /**
   * The prepared spawn, released to execute the command, or null when there is none or it is gone
   * (then discarded: {@link #start} spawns as usual).
   */
  private Spawn releasePrepared() {
    Spawn spawn = prepared;
    prepared = null;
    if (spawn == null) {
      return null;
    }
    try {
      OutputStream stdin = spawn.process().getOutputStream();
      stdin.write(RELEASE);
      stdin.flush();
      return spawn;
    } catch (IOException gone) {
      LOG.log(
          System.Logger.Level.WARNING,
          "the process prepared for [{0}] could not be released ({1}); spawning it again",
          display(),
          gone.toString());
      discard(spawn);
      return null;
    }
  }

  /**
   * Ends a prepared spawn that was never released: at the end of its standard input it exits
   * without executing anything; should it not within a second, it is killed. Returns once it is
   * gone.
   */
  private static void discard(Spawn spawn) {
    Process process = spawn.process();
    try {
      process.getOutputStream().close();
    } catch (IOException alreadyGone) {
      // Closed anyway; it reads the end of its input or is gone.
    }
    try {
      if (!process.waitFor(1, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    abandon(spawn.watched());
    if (spawn.pipes() != null) {
      spawn.pipes().abandon();
    }
  }

  private List<String> commandLine(Optional<String> leader, boolean waiting) {
    if (workingDirectory != null && !Files.isDirectory(workingDirectory)) {
      throw new ProcessSpawnException(
          spawnMessage("working directory " + workingDirectory + " does not exist"), null);
    }
    String executable = resolveExecutable().toString();
    List<String> line = new ArrayList<>(args.size() + 3);
    leader.ifPresent(line::add);
    if (waiting) {
      line.add("--wait");
    }
    // After the session leader, which executes it in place: the pid stays the command's.
    userSwitch.ifPresent(target -> line.addAll(target.prefix()));
    line.add(executable);
    line.addAll(args);
    return line;
  }

  private Path resolveExecutable() {
    if (command.contains("/")) {
      Path path = Path.of(command);
      if (!path.isAbsolute() && workingDirectory != null) {
        path = workingDirectory.resolve(path);
      }
      if (!Files.exists(path)) {
        throw new ProcessSpawnException(spawnMessage("command " + path + " does not exist"), null);
      }
      if (Files.isDirectory(path) || !Files.isExecutable(path)) {
        throw new ProcessSpawnException(
            spawnMessage("command " + path + " is not an executable file (check its permissions)"),
            null);
      }
      return path.toAbsolutePath();
    }
    String searchPath = env.getOrDefault("PATH", System.getenv("PATH"));
    return SearchPath.findRemembered(command, searchPath)
        .orElseThrow(
            () ->
                new ProcessSpawnException(
                    spawnMessage(
                        "command \""
                            + command
                            + "\" not found on PATH ("
                            + searchPath
                            + "); install it or give its full path"),
                    null));
  }

  private String spawnMessage(String cause) {
    return "cannot start process ["
        + display()
        + "] in "
        + (workingDirectory == null ? Path.of("").toAbsolutePath() : workingDirectory)
        + ": "
        + cause;
  }

  /**
   * The selectable pipes for the child's output, or null to give it ordinary JDK pipes read by two
   * threads: when {@code ovrseer.output.threads} is true, or where the pipes cannot be made (no
   * {@code /proc/self/fd}).
   */
  private static OutputPipes openPipes() {
    if (Boolean.getBoolean(THREADS_PROPERTY) || pipesUnsupported) {
      return null;
    }
    try {
      return OutputPipes.take();
    } catch (IOException e) {
      LOG.log(System.Logger.Level.DEBUG, "process output falls back to reader threads: {0}", e);
      return null;
    }
  }

  /**
   * Spawns again with ordinary pipes after a spawn with selectable ones failed. If that works, the
   * pipes were the problem (a system where a pipe cannot be opened again through {@code
   * /proc/self/fd}): no later spawn tries them. The JDK opens redirect targets before it forks, so
   * the failed attempt ran nothing.
   */
  private static Process startWithoutPipes(ProcessBuilder builder, IOException withPipes)
      throws IOException {
    builder
        .redirectOutput(ProcessBuilder.Redirect.PIPE)
        .redirectError(ProcessBuilder.Redirect.PIPE);
    Process process;
    try {
      process = builder.start();
    } catch (IOException same) {
      same.addSuppressed(withPipes);
      throw same;
    }
    pipesUnsupported = true;
    LOG.log(
        System.Logger.Level.WARNING,
        "process output cannot be given to children through /proc/self/fd ({0}); from now on the"
            + " output of each process is read by two threads of its own",
        withPipes.toString());
    return process;
  }

  /**
   * Registers the pipes' read ends with the multiplexer before the spawn, where it can take them;
   * their lines are delivered from {@link #startReaders}, once the readiness checks listen.
   */
  private void watch(OutputPipes pipes, PipeMultiplexer.Reading[] watched) {
    try {
      PipeMultiplexer multiplexer = PipeMultiplexer.get();
      watched[0] = multiplexer.watch(pipes.stdout(), lines(LogLine.Stream.STDOUT));
      watched[1] = multiplexer.watch(pipes.stderr(), lines(LogLine.Stream.STDERR));
    } catch (IOException | RuntimeException e) {
      // Read after the spawn then, by the multiplexer or by threads, which reports why.
    }
  }

  private static void abandon(PipeMultiplexer.Reading[] watched) {
    for (int i = 0; i < watched.length; i++) {
      if (watched[i] != null) {
        watched[i].abandon();
        watched[i] = null;
      }
    }
  }

  private void startReaders(Run r, OutputPipes pipes, PipeMultiplexer.Reading[] watched) {
    if (pipes == null) {
      String name = threadName(r);
      r.readers.add(reader(r.process.getInputStream(), LogLine.Stream.STDOUT, name + "-stdout"));
      r.readers.add(reader(r.process.getErrorStream(), LogLine.Stream.STDERR, name + "-stderr"));
    } else {
      r.readers.add(readWatched(watched[0], pipes.stdout(), LogLine.Stream.STDOUT, r));
      r.readers.add(readWatched(watched[1], pipes.stderr(), LogLine.Stream.STDERR, r));
    }
    CompletableFuture.allOf(r.readers.toArray(CompletableFuture[]::new))
        .whenComplete((ok, e) -> r.drained.complete(null));
  }

  private CompletableFuture<Void> readWatched(
      PipeMultiplexer.Reading watched, Pipe.SourceChannel source, LogLine.Stream stream, Run r) {
    if (watched == null) {
      return multiplexed(source, stream, r);
    }
    watched.deliver();
    return watched.done();
  }

  private CompletableFuture<Void> multiplexed(
      Pipe.SourceChannel source, LogLine.Stream stream, Run r) {
    try {
      return PipeMultiplexer.get().read(source, lines(stream));
    } catch (IOException | RuntimeException e) {
      // The child already writes into this pipe: read it with a thread rather than lose it.
      try {
        source.configureBlocking(true);
      } catch (IOException stillNonBlocking) {
        e.addSuppressed(stillNonBlocking);
      }
      LOG.log(System.Logger.Level.WARNING, "process output read by a thread instead: {0}", e);
      return reader(
          Channels.newInputStream(source),
          stream,
          threadName(r) + "-" + stream.name().toLowerCase());
    }
  }

  private LineReader lines(LogLine.Stream stream) {
    return new LineReader((text, readAt) -> logger.append(stream, text, readAt));
  }

  private CompletableFuture<Void> reader(InputStream in, LogLine.Stream stream, String threadName) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    Thread thread =
        new Thread(
            () -> {
              try {
                lines(stream).readAll(in);
              } finally {
                done.complete(null);
              }
            },
            threadName);
    thread.setDaemon(true);
    thread.start();
    return done;
  }

  private String threadName(Run r) {
    String base = Path.of(command).getFileName().toString();
    return "ovrseer-" + base + "-" + r.pid;
  }

  private void beginReadiness(Run r) {
    if (readyChecks.isEmpty()) {
      markReady(r);
      return;
    }
    ReadyCheck.Context context = new RunContext(r.pid);
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
                      watched.completeExceptionally(new CheckTimedOut());
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
    Throwable cause = unwrap(error);
    String reason =
        cause instanceof CheckTimedOut
            ? "did not become ready within "
                + DurationText.of(check.timeout())
                + ": waited for "
                + check.description()
            : "failed its readiness check (" + check.description() + "): " + cause.getMessage();
    ReadinessException failure =
        new ReadinessException(
            withLastLines("process [" + display() + "] " + reason),
            null,
            logger.getLogs(LAST_LINES_IN_ERRORS),
            cause instanceof CheckTimedOut ? null : cause);
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
    SharedExecutors.blocking().execute(() -> ProcessTree.terminate(r.pid, r.ownGroup, stopTimeout));
  }

  /**
   * Handles the run's exit when the JDK reports it. stop() releases the watch before signalling
   * (see {@link #releaseExitWatch}) and handles the exit itself: on machines with fewer than three
   * cores the JDK runs each onExit() stage on a new thread, which costs the stop more than the
   * wait.
   */
  private void watchExit(Run r) {
    CompletableFuture<Process> watch = r.process.onExit();
    r.exitWatch = watch;
    watch.whenComplete(
        (exited, e) -> {
          // Null: released by stop(), which handles the exit itself.
          if (exited != null) {
            SharedExecutors.blocking().execute(() -> onExitOnce(r));
          }
        });
  }

  /**
   * Completes the run's own onExit() stage with null, so that the JDK never schedules it. Not
   * cancel(): that builds two exceptions with stack traces per process, on the stop's path.
   */
  private static void releaseExitWatch(Run r) {
    r.exitWatch.complete(null);
  }

  /**
   * Handles the run's exit once: from the JDK's onExit() (a crash, or an exit of its own), or from
   * the thread stopping it, which would otherwise wait for that notification to come round.
   */
  private void onExitOnce(Run r) {
    if (r.exitHandled.compareAndSet(false, true)) {
      onExit(r);
    }
  }

  private void onExit(Run r) {
    ExitStatus status = ExitStatus.fromExitValue(r.process.exitValue());
    if (!status.isSuccess() && !r.stopRequested) {
      // The process crashed: whatever it left behind in its tree goes with it.
      ProcessTree.kill(r.pid, r.ownGroup);
    }
    if (!r.stopRequested && ProcessTree.members(r.pid, r.ownGroup).isEmpty()) {
      r.treeGone = true;
      OrphanGuard.get().unregister(r.pid);
    }
    awaitDrained(r, status.isSuccess() ? DRAIN_AFTER_CLEAN_EXIT : DRAIN_AFTER_KILL);
    synchronized (lock) {
      ProcessState next;
      if (r.stopRequested) {
        next = ProcessState.STOPPED;
      } else if (r.readinessFailed || !status.isSuccess()) {
        next = ProcessState.CRASHED;
      } else {
        next = ProcessState.COMPLETED;
      }
      if (run == r) {
        transition(next);
      }
    }
    if (!r.ready.isDone()) {
      String reason =
          r.stopRequested
              ? "was stopped before it was ready"
              : "exited with " + status + " before it was ready";
      r.ready.completeExceptionally(
          new ReadinessException(
              withLastLines("process [" + display() + "] " + reason),
              status,
              logger.getLogs(LAST_LINES_IN_ERRORS),
              null));
    }
    r.checks.forEach(c -> c.cancel(false));
    try {
      r.process.getOutputStream().close();
    } catch (IOException ignored) {
      // stdin of an exited process: nothing left to flush.
    }
    r.exit.complete(status);
  }

  private static void awaitDrained(Run r, Duration wait) {
    try {
      r.drained.get(wait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException stillOpen) {
      // A descendant still holds the pipe open; its later lines are still logged.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException impossible) {
      throw new IllegalStateException(impossible);
    }
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

  @Override
  public void stop(Duration timeout) {
    stopTogether(List.of(this), List.of(timeout));
  }

  /**
   * Stops several units at once, each with its own timeout: their trees are collected and confirmed
   * gone with shared {@code /proc} passes. Throws if one did not exit after SIGKILL, naming every
   * such unit.
   */
  static void stopTogether(List<OsProcessUnit> units, List<Duration> timeouts) {
    List<Run> runs = new ArrayList<>();
    List<OsProcessUnit> stopping = new ArrayList<>();
    List<Boolean> wasAlive = new ArrayList<>();
    List<ProcessTree.Target> targets = new ArrayList<>();
    long longest = 0;
    for (int i = 0; i < units.size(); i++) {
      OsProcessUnit unit = units.get(i);
      Run r;
      boolean alive;
      synchronized (unit.lock) {
        r = unit.run;
        if (r == null || r.process == null) {
          continue;
        }
        alive = !r.exit.isDone();
        if (!alive && r.treeGone) {
          continue;
        }
        if (alive) {
          r.stopRequested = true;
          releaseExitWatch(r);
          unit.transition(ProcessState.STOPPING);
        }
      }
      // Even after an exit of its own, leftovers in its group (a daemon it forked) are stopped.
      runs.add(r);
      stopping.add(unit);
      wasAlive.add(alive);
      targets.add(new ProcessTree.Target(r.pid, r.ownGroup, timeouts.get(i), r.process));
      longest = Math.max(longest, timeouts.get(i).toMillis());
    }
    if (targets.isEmpty()) {
      return;
    }
    boolean[] gone = ProcessTree.terminateAll(targets);
    List<String> stuck = new ArrayList<>();
    List<Exception> failures = new ArrayList<>();
    long deadline = System.nanoTime() + (longest + DRAIN_AFTER_KILL.toMillis() + 5_000) * 1_000_000;
    List<Long> goneRoots = new ArrayList<>(runs.size());
    for (int i = 0; i < runs.size(); i++) {
      if (gone[i]) {
        runs.get(i).treeGone = true;
        goneRoots.add(runs.get(i).pid);
      }
    }
    OrphanGuard.get().unregister(goneRoots);
    for (int i = 0; i < runs.size(); i++) {
      Run r = runs.get(i);
      if (!wasAlive.get(i)) {
        continue;
      }
      try {
        if (r.process.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
          stopping.get(i).onExitOnce(r);
        }
        r.exit.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        stopping.get(i).watchExit(r);
        Thread.currentThread().interrupt();
      } catch (ExecutionException | TimeoutException e) {
        // Should it ever exit after all, its exit is still handled.
        stopping.get(i).watchExit(r);
        stuck.add(stopping.get(i).display());
        failures.add(e);
      }
    }
    if (!failures.isEmpty()) {
      IllegalStateException named =
          new IllegalStateException(
              "process "
                  + String.join(", process ", stuck.stream().map(d -> "[" + d + "]").toList())
                  + " did not exit after SIGKILL",
              failures.get(0));
      failures.subList(1, failures.size()).forEach(named::addSuppressed);
      throw named;
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
    Run r = run;
    if (r == null || r.process == null || r.exit.isDone()) {
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
  public void addStateListener(java.util.function.Consumer<ProcessState> listener) {
    stateListeners.add(java.util.Objects.requireNonNull(listener, "listener"));
  }

  @Override
  public void removeStateListener(java.util.function.Consumer<ProcessState> listener) {
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
    for (java.util.function.Consumer<ProcessState> listener : stateListeners) {
      try {
        listener.accept(next);
      } catch (RuntimeException e) {
        Thread current = Thread.currentThread();
        current.getUncaughtExceptionHandler().uncaughtException(current, e);
      }
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

  private String withLastLines(String message) {
    List<String> lines = logger.getLogs(LAST_LINES_IN_ERRORS);
    StringBuilder text = new StringBuilder(message);
    if (lines.isEmpty()) {
      text.append("; it logged nothing");
    } else {
      text.append("; last log lines:");
      lines.forEach(line -> text.append("\n  | ").append(line));
    }
    return text.toString();
  }

  /** The command line for messages, class paths and long lines shortened. */
  String display() {
    return CommandText.of(command, args);
  }

  private static Throwable unwrap(Throwable error) {
    Throwable cause = error;
    while ((cause instanceof java.util.concurrent.CompletionException
            || cause instanceof ExecutionException)
        && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }

  @Override
  public String toString() {
    return "ProcessUnit[" + display() + ", " + state + "]";
  }

  /** One spawn of the process and everything that belongs to it. */
  private static final class Run {
    final CompletableFuture<Void> ready = new CompletableFuture<>();
    final CompletableFuture<ExitStatus> exit = new CompletableFuture<>();
    final CompletableFuture<Void> drained = new CompletableFuture<>();
    final List<CompletableFuture<Void>> readers = new ArrayList<>(2);
    final List<CompletableFuture<Void>> checks = new java.util.concurrent.CopyOnWriteArrayList<>();
    Process process;
    volatile CompletableFuture<Process> exitWatch;
    long pid;
    boolean ownGroup;
    Instant startTime;
    volatile boolean stopRequested;
    volatile boolean readinessFailed;
    volatile boolean treeGone;
    final java.util.concurrent.atomic.AtomicBoolean exitHandled =
        new java.util.concurrent.atomic.AtomicBoolean();
  }

  /** Marks a readiness check that reached its timeout. */
  private static final class CheckTimedOut extends RuntimeException {
    private static final long serialVersionUID = 1L;

    CheckTimedOut() {
      super("timed out", null, false, false);
    }
  }

  private final class RunContext implements ReadyCheck.Context {
    private final long pid;

    RunContext(long pid) {
      this.pid = pid;
    }

    @Override
    public ProcessLogger logger() {
      return logger;
    }

    @Override
    public long pid() {
      return pid;
    }

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
