package io.ovrseer.process;

import io.ovrseer.internal.SharedExecutors;
import java.io.File;
import java.io.FileInputStream;
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
 * pipe). The JDK does not expose a channel's fd number, so it is looked up: the write ends are the
 * new fds in {@code /proc/self/fd} opened for writing whose O_NONBLOCK flag in {@code
 * /proc/self/fdinfo} follows as each end is switched between blocking and non-blocking. Anything
 * else, such as another thread opening files at the same moment, fails the check; {@link #open()}
 * then tries again, and throws if it cannot tell, so that the caller falls back to reader threads.
 *
 * <p>That lookup lists {@code /proc/self/fd} twice, a few hundred microseconds in a JVM with many
 * open files. So {@link #take()} hands out one of {@link #SPARES} pairs opened beforehand, and
 * opens the next on the shared pool, off the spawn's path.
 */
final class OutputPipes {
  private static final File FDS = new File("/proc/self/fd");
  private static final int ACCESS_MODE = 3;
  private static final int WRITE_ONLY = 1;
  private static final int NON_BLOCKING = 04000;
  private static final int ATTEMPTS = 3;
  private static final Object LOCK = new Object();

  /** Pairs kept open for the next spawns: two, for a dependency and a main started in turn. */
  static final int SPARES = 2;

  private static final Queue<OutputPipes> spares = new ConcurrentLinkedQueue<>();
  private static final AtomicBoolean refilling = new AtomicBoolean();

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

  private static OutputPipes tryOpen() throws IOException {
    String[] before = FDS.list();
    if (before == null) {
      throw new IOException(FDS + " cannot be listed");
    }
    Pipe out = Pipe.open();
    Pipe err;
    try {
      err = Pipe.open();
    } catch (IOException e) {
      closePipes(out);
      throw e;
    }
    try {
      List<String> fresh = freshFds(before);
      out.sink().configureBlocking(false);
      List<String> outFds = new ArrayList<>(1);
      List<String> errFds = new ArrayList<>(fresh.size());
      for (String fd : fresh) {
        int flags = flags(fd);
        if (flags >= 0 && (flags & ACCESS_MODE) == WRITE_ONLY) {
          ((flags & NON_BLOCKING) != 0 ? outFds : errFds).add(fd);
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
    int flags = flags(fd);
    return flags < 0 ? null : (flags & NON_BLOCKING) != 0;
  }

  /** The {@code flags:} field of {@code /proc/self/fdinfo/<fd>} (octal), or -1 if it is gone. */
  private static int flags(String fd) {
    byte[] buffer = new byte[512];
    int length;
    try (FileInputStream in = new FileInputStream("/proc/self/fdinfo/" + fd)) {
      length = in.read(buffer);
    } catch (IOException gone) {
      return -1;
    }
    String text =
        new String(buffer, 0, Math.max(length, 0), java.nio.charset.StandardCharsets.UTF_8);
    int field = text.indexOf("flags:");
    if (field < 0) {
      return -1;
    }
    int end = text.indexOf('\n', field);
    try {
      return Integer.parseInt(text.substring(field + 6, end < 0 ? text.length() : end).trim(), 8);
    } catch (NumberFormatException e) {
      return -1;
    }
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
