package io.ovrseer.process;

import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.Pipe;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Tells the fd numbers of selectable channels, which the JDK does not expose, through a selector of
 * its own: on Linux the JDK's selector is an epoll instance, and {@code /proc/self/fdinfo} of an
 * epoll fd lists the fd of every channel registered with it ({@code tfd:} lines, since Linux 3.8).
 * A channel is registered, the one new entry is its fd, and it is deregistered again.
 *
 * <p>Only this probe's channels are ever registered with its selector, so other threads opening
 * files at the same moment cannot be mistaken for them. The selector's own epoll fd is found once,
 * among the epoll fds in {@code /proc/self/fd} (those {@link Selector#open()} added first), and
 * checked with a pipe: the fd found for its write end must be a write-only fd whose O_NONBLOCK flag
 * follows the channel's blocking mode; another selector's epoll fails that check. Where any of that
 * does not hold (another selector implementation, no such {@code /proc}), {@link #open()} throws
 * and the caller finds the fds another way.
 *
 * <p>About 15 µs for two channels, against a few hundred for listing {@code /proc/self/fd} twice.
 * Not thread-safe: its one user serialises the calls.
 */
final class EpollFdProbe {
  private static final File FDS = new File("/proc/self/fd");
  private static final String EPOLL_LINK = "anon_inode:[eventpoll]";
  private static final String ENTRY = "tfd:";

  private final Selector selector;
  private final FileChannel info;
  private final ByteBuffer buffer = ByteBuffer.allocate(1024);

  private EpollFdProbe(Selector selector, FileChannel info) {
    this.selector = selector;
    this.info = info;
  }

  /**
   * Opens the probe's selector and finds its epoll fd.
   *
   * @throws IOException if there is none, or it does not list registered fds as expected
   */
  static EpollFdProbe open() throws IOException {
    String[] before = FDS.list();
    Selector selector = Selector.open();
    String[] after = FDS.list();
    try {
      if (before == null || after == null) {
        throw new IOException(FDS + " cannot be listed");
      }
      // The new fds first; but the fd the listing itself used may have been reused by the
      // selector, so the others are tried after them.
      Set<String> old = new HashSet<>(Arrays.asList(before));
      List<String> candidates = new ArrayList<>(after.length);
      for (String fd : after) {
        candidates.add(old.contains(fd) ? candidates.size() : 0, fd);
      }
      for (String fd : candidates) {
        if (isEpoll(fd)) {
          FileChannel info = FileChannel.open(Path.of("/proc/self/fdinfo", fd));
          boolean found = false;
          try {
            EpollFdProbe probe = new EpollFdProbe(selector, info);
            found = probe.locatesAPipe();
            if (found) {
              return probe;
            }
          } finally {
            if (!found) {
              info.close();
            }
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      selector.close();
      throw e;
    }
    selector.close();
    throw new IOException("the selector's epoll fd does not list the channels registered with it");
  }

  private static boolean isEpoll(String fd) {
    try {
      return Files.readSymbolicLink(Path.of(FDS.getPath(), fd)).toString().equals(EPOLL_LINK);
    } catch (IOException | UnsupportedOperationException gone) {
      return false;
    }
  }

  /** Whether the fd found for a new pipe's write end is that write end. */
  private boolean locatesAPipe() throws IOException {
    Pipe pipe = Pipe.open();
    try {
      String fd = Integer.toString(fdsOf(pipe.sink())[0]);
      pipe.sink().configureBlocking(true);
      Integer blocking = FdFlags.of(fd);
      pipe.sink().configureBlocking(false);
      Integer nonBlocking = FdFlags.of(fd);
      return blocking != null
          && nonBlocking != null
          && FdFlags.isWriteOnly(blocking)
          && !FdFlags.isNonBlocking(blocking)
          && FdFlags.isNonBlocking(nonBlocking);
    } catch (IOException | NumberFormatException e) {
      return false;
    } finally {
      pipe.sink().close();
      pipe.source().close();
    }
  }

  /**
   * The fd numbers of {@code channels}, in order. Each is put in non-blocking mode, which
   * registering needs, and left so.
   *
   * @throws IOException if an fd could not be told
   */
  int[] fdsOf(SelectableChannel... channels) throws IOException {
    List<SelectionKey> keys = new ArrayList<>(channels.length);
    try {
      Set<Integer> known = registeredFds();
      int[] fds = new int[channels.length];
      for (int i = 0; i < channels.length; i++) {
        channels[i].configureBlocking(false);
        keys.add(channels[i].register(selector, channels[i].validOps()));
        selector.selectNow();
        selector.selectedKeys().clear();
        Set<Integer> now = registeredFds();
        now.removeAll(known);
        if (now.size() != 1) {
          throw new IOException("expected one new fd in the probe's epoll, found " + now);
        }
        fds[i] = now.iterator().next();
        known.add(fds[i]);
      }
      return fds;
    } finally {
      keys.forEach(SelectionKey::cancel);
      // Deregisters them now, so that closing a channel closes its fd at once rather than at the
      // probe's next use: a pipe's reader sees its end only once every write end is closed.
      selector.selectNow();
    }
  }

  /** Closes the selector and the fdinfo file. */
  void close() {
    for (java.io.Closeable open : List.of(info, selector)) {
      try {
        open.close();
      } catch (IOException ignored) {
        // Nothing was written through either: closing cannot lose anything.
      }
    }
  }

  /** The fds listed in the epoll's fdinfo now. */
  private Set<Integer> registeredFds() throws IOException {
    buffer.clear();
    long position = 0;
    int read;
    while ((read = info.read(buffer, position)) > 0) {
      position += read;
      if (!buffer.hasRemaining()) {
        throw new IOException("the probe's epoll lists more fds than it ever registers");
      }
    }
    String text = new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII);
    Set<Integer> fds = new HashSet<>();
    int at = 0;
    while ((at = text.indexOf(ENTRY, at)) >= 0) {
      at += ENTRY.length();
      while (at < text.length() && text.charAt(at) == ' ') {
        at++;
      }
      int end = at;
      while (end < text.length() && Character.isDigit(text.charAt(end))) {
        end++;
      }
      fds.add(Integer.parseInt(text.substring(at, end)));
      at = end;
    }
    return fds;
  }
}
