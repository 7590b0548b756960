package io.ovrseer.process;

import io.ovrseer.internal.LazyLogger;
import io.ovrseer.internal.SharedExecutors;
import java.io.File;
import java.io.IOException;
import java.nio.channels.Pipe;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The stdout and stderr pipes of one spawn, made with {@link Pipe#open()} so that the {@link
 * PipeMultiplexer} can select on their read ends.
 *
 * <p>A child cannot be handed a channel, but Linux lets a pipe be opened again through {@code
 * /proc/self/fd/N}: the child's stdout and stderr are redirected to that path of each write end,
 * which the JDK opens in this JVM while spawning (a new, blocking open file description on the same
 * pipe). The JDK does not expose a channel's fd number, so it is looked up. First with an {@link
 * EpollFdProbe}: the write ends are registered with a selector of its own, whose epoll fd lists
 * them in {@code /proc/self/fdinfo} (about 15 µs a pair). Where that is not available, by listing:
 * the write ends are the new fds in {@code /proc/self/fd} opened for writing whose O_NONBLOCK flag
 * in {@code /proc/self/fdinfo} follows as each end is switched between blocking and non-blocking.
 * Anything else, such as another thread opening files at the same moment, fails the check; {@link
 * #open()} then tries again, and throws if it cannot tell, so that the caller falls back to reader
 * threads.
 *
 * <p>Either way {@link #take()} hands out one of {@link #SPARES} pairs opened beforehand, and opens
 * the next on the shared pool, off the spawn's path (the listing costs a few hundred microseconds
 * in a JVM with many open files).
 */
final class OutputPipes {
  private static final File FDS = new File("/proc/self/fd");
  private static final LazyLogger LOG = new LazyLogger(OutputPipes.class);
  private static final int ATTEMPTS = 3;
  private static final Object LOCK = new Object();

  /** Pairs kept open for the next spawns: two, for a dependency and a main started in turn. */
  static final int SPARES = 2;

  private static final Queue<OutputPipes> spares = new ConcurrentLinkedQueue<>();
  private static final AtomicBoolean refilling = new AtomicBoolean();

  /** Guarded by LOCK: the probe, once opened; null before, and after it failed. */
  private static EpollFdProbe probe;

  private static boolean probeFailed;

  /** Where the child's ends are opened: {@code /proc/self/fd}; tests point it elsewhere. */
  static volatile File targetDirectory = FDS;

  private final Pipe stdout;
  private final Pipe stderr;
  private final String stdoutFd;
  private final String stderrFd;

  private OutputPipes(Pipe stdout, Pipe stderr, String stdoutFd, String stderrFd) {
    this.stdout = stdout;
    this.stderr = stderr;
    this.stdoutFd = stdoutFd;
    this.stderrFd = stderrFd;
  }

  /**
   * A pair for a spawn: a spare one if there is, else one opened now. The spares are made up again
   * in the background once the spawn is made ({@link #spawned()}).
   *
   * @throws IOException as {@link #open()}
   */
  static OutputPipes take() throws IOException {
    OutputPipes spare = spares.poll();
    return spare != null ? spare : open();
  }

  /** How many spare pairs are open now. */
  static int spareCount() {
    return spares.size();
  }

  private static void refillSpares() {
    if (spares.size() < SPARES && refilling.compareAndSet(false, true)) {
      SharedExecutors.blocking()
          .execute(
              () -> {
                try {
                  while (spares.size() < SPARES) {
                    spares.add(open());
                  }
                } catch (IOException | RuntimeException e) {
                  // No spare then: the next take() opens its own pair and reports the problem.
                } finally {
                  refilling.set(false);
                }
              });
    }
  }

  /**
   * Opens both pipes and finds their write ends' fd numbers.
   *
   * @throws IOException if there is no {@code /proc/self/fd} or the fds could not be told apart
   */
  static OutputPipes open() throws IOException {
    // Serialised so that two of our own spawns never have to be told apart.
    synchronized (LOCK) {
      EpollFdProbe located = probe();
      if (located != null) {
        OutputPipes pipes = openProbed(located);
        if (pipes != null) {
          return pipes;
        }
      }
      for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
        OutputPipes pipes = tryOpen();
        if (pipes != null) {
          return pipes;
        }
      }
    }
    throw new IOException(
        "could not find the output pipes' file descriptors in "
            + FDS
            + " after "
            + ATTEMPTS
            + " attempts");
  }

  private static EpollFdProbe probe() {
    if (probe == null && !probeFailed) {
      try {
        probe = EpollFdProbe.open();
      } catch (IOException | RuntimeException e) {
        giveUpProbe(e);
      }
    }
    return probe;
  }

  /** Whether the fds are found with the probe (tests): after the first spawn, where it works. */
  static boolean probing() {
    synchronized (LOCK) {
      return probe != null;
    }
  }

  /** Makes later opens find the fds by listing, as where the probe fails, or not (tests). */
  static void findByListing(boolean listing) {
    synchronized (LOCK) {
      closeProbe();
      probeFailed = listing;
    }
  }

  /** Opens both pipes and asks the probe for their write ends' fds; null if it cannot tell. */
  private static OutputPipes openProbed(EpollFdProbe located) throws IOException {
    Pipe[] pair = openPair();
    Pipe out = pair[0];
    Pipe err = pair[1];
    try {
      int[] fds = located.fdsOf(out.sink(), err.sink());
      return new OutputPipes(out, err, Integer.toString(fds[0]), Integer.toString(fds[1]));
    } catch (IOException | RuntimeException e) {
      closePipes(out, err);
      giveUpProbe(e);
      return null;
    }
  }

  /** The fds are found by listing {@code /proc/self/fd} from now on; only slower, so DEBUG. */
  private static void giveUpProbe(Exception cause) {
    probeFailed = true;
    closeProbe();
    LOG.log(
        System.Logger.Level.DEBUG,
        "pipe fds are found by listing {0} from now on: {1}",
        FDS,
        cause.toString());
  }

  /** A pipe for stdout and one for stderr; neither is left open if the second cannot be made. */
  private static Pipe[] openPair() throws IOException {
    Pipe out = Pipe.open();
    try {
      return new Pipe[] {out, Pipe.open()};
    } catch (IOException e) {
      closePipes(out);
      throw e;
    }
  }

  private static void closeProbe() {
    if (probe != null) {
      probe.close();
      probe = null;
    }
  }

  private static OutputPipes tryOpen() throws IOException {
    String[] before = FDS.list();
    if (before == null) {
      throw new IOException(FDS + " cannot be listed");
    }
    Pipe[] pair = openPair();
    Pipe out = pair[0];
    Pipe err = pair[1];
    try {
      List<String> fresh = freshFds(before);
      out.sink().configureBlocking(false);
      List<String> outFds = new ArrayList<>(1);
      List<String> errFds = new ArrayList<>(fresh.size());
      for (String fd : fresh) {
        Integer flags = FdFlags.of(fd);
        if (flags != null && FdFlags.isWriteOnly(flags)) {
          (FdFlags.isNonBlocking(flags) ? outFds : errFds).add(fd);
        }
      }
      out.sink().configureBlocking(true);
      err.sink().configureBlocking(false);
      outFds.removeIf(fd -> isNonBlocking(fd) != Boolean.FALSE);
      errFds.removeIf(fd -> isNonBlocking(fd) != Boolean.TRUE);
      if (outFds.size() == 1 && errFds.size() == 1) {
        return new OutputPipes(out, err, outFds.get(0), errFds.get(0));
      }
    } catch (IOException | RuntimeException e) {
      closePipes(out, err);
      throw e;
    }
    closePipes(out, err);
    return null;
  }

  private static List<String> freshFds(String[] before) throws IOException {
    String[] after = FDS.list();
    if (after == null) {
      throw new IOException(FDS + " cannot be listed");
    }
    Set<String> old = new HashSet<>(Arrays.asList(before));
    List<String> fresh = new ArrayList<>(4);
    for (String fd : after) {
      if (!old.contains(fd)) {
        fresh.add(fd);
      }
    }
    return fresh;
  }

  /** Whether O_NONBLOCK is set on {@code fd}, or null if it is gone. */
  private static Boolean isNonBlocking(String fd) {
    Integer flags = FdFlags.of(fd);
    return flags == null ? null : FdFlags.isNonBlocking(flags);
  }

  /** Where the child's stdout goes: the stdout pipe's write end, opened again. */
  File stdoutTarget() {
    return new File(targetDirectory, stdoutFd);
  }

  /** Where the child's stderr goes. */
  File stderrTarget() {
    return new File(targetDirectory, stderrFd);
  }

  Pipe.SourceChannel stdout() {
    return stdout.source();
  }

  Pipe.SourceChannel stderr() {
    return stderr.source();
  }

  /**
   * Closes the write ends, which were kept only until the JDK had opened their paths for the child:
   * from now on the child (and what it forks) holds the only write ends, so the read ends see end
   * of stream when they are all gone. Then the spares are made up again.
   */
  void spawned() {
    closeChannels(stdout.sink(), stderr.sink());
    refillSpares();
  }

  /** Closes everything, when the spawn failed. */
  void abandon() {
    closePipes(stdout, stderr);
  }

  private static void closePipes(Pipe... pipes) {
    for (Pipe pipe : pipes) {
      closeChannels(pipe.sink(), pipe.source());
    }
  }

  private static void closeChannels(java.nio.channels.Channel... channels) {
    for (java.nio.channels.Channel channel : channels) {
      try {
        channel.close();
      } catch (IOException ignored) {
        // Closing a pipe end we no longer use cannot lose anything.
      }
    }
  }
}
