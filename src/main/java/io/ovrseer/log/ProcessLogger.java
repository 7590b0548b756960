package io.ovrseer.log;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The log of one process: every line it writes on stdout and stderr, in a bounded buffer, with
 * regex {@link Flag flags} that count matching lines.
 *
 * <p>Defaults: {@code maxBufferSize} 10,000 lines are kept (older lines are dropped), {@code
 * getLogs()} returns the last {@code maxLogSize} 1,000 of them. The buffer grows as lines come: a
 * large {@code maxBufferSize} costs memory only for the lines logged. A logger lives as long as its
 * process unit: restarts append to the same log. It is thread-safe; lines get increasing sequence
 * numbers across both streams, and listeners see lines and matches in that order.
 */
public class ProcessLogger {

  /** Default number of lines kept. */
  public static final int DEFAULT_MAX_BUFFER_SIZE = 10_000;

  /** Default number of lines {@link #getLogs()} returns. */
  public static final int DEFAULT_MAX_LOG_SIZE = 1_000;

  private final int maxBufferSize;
  private final int maxLogSize;
  // Grows as lines come, up to maxBufferSize: a logger that may keep millions of lines (or
  // Integer.MAX_VALUE, "all of them") reserves no room for lines not logged yet.
  private final ArrayDeque<LogLine> lines = new ArrayDeque<>();
  private long nextSequence;
  private final Map<String, FlagTracker> flags = new LinkedHashMap<>();
  // The flags' values, for matching outside the monitor; replaced whenever flags changes.
  private volatile FlagTracker[] trackers = new FlagTracker[0];
  private final List<Listener> listeners = new CopyOnWriteArrayList<>();
  private final Object deliveryLock = new Object();

  /** A logger keeping 10,000 lines, of which {@link #getLogs()} returns the last 1,000. */
  public ProcessLogger() {
    this(DEFAULT_MAX_BUFFER_SIZE, DEFAULT_MAX_LOG_SIZE);
  }

  /**
   * A logger keeping {@code maxBufferSize} lines, of which {@link #getLogs()} returns the last
   * {@code maxLogSize}.
   */
  public ProcessLogger(int maxBufferSize, int maxLogSize) {
    if (maxBufferSize < 1) {
      throw new IllegalArgumentException(
          "maxBufferSize must be at least 1 but was " + maxBufferSize);
    }
    if (maxLogSize < 1) {
      throw new IllegalArgumentException("maxLogSize must be at least 1 but was " + maxLogSize);
    }
    this.maxBufferSize = maxBufferSize;
    this.maxLogSize = Math.min(maxLogSize, maxBufferSize);
  }

  /** How many lines this logger keeps. */
  public int maxBufferSize() {
    return maxBufferSize;
  }

  /** How many lines {@link #getLogs()} returns at most. */
  public int maxLogSize() {
    return maxLogSize;
  }

  /**
   * Appends one line (without its line ending) read from {@code stream}, counts it against every
   * flag and tells the listeners. Process units call this; tests and custom units may too.
   */
  public LogLine append(LogLine.Stream stream, String text) {
    return append(stream, text, Instant.now());
  }

  /**
   * Appends one line that was read at {@code time} (process units read many lines at once and give
   * them all the time of that read), as {@link #append(LogLine.Stream, String)} does.
   */
  public LogLine append(LogLine.Stream stream, String text, Instant time) {
    Objects.requireNonNull(stream, "stream");
    Objects.requireNonNull(text, "text");
    Instant now = Objects.requireNonNull(time, "time");
    // Listeners are told outside this logger's monitor, so that one that reads the logger (or
    // waits for someone who does) cannot deadlock with the appending thread; the delivery lock
    // keeps them in sequence order.
    synchronized (deliveryLock) {
      // The flags' patterns run outside the monitor too: one that backtracks for ages on a line
      // holds up the reading of this process, as a slow listener does, but not those who read
      // the logger (an exit waiting for the last lines, a crash report, a stop).
      FlagTracker[] matching = trackers;
      for (FlagTracker tracker : matching) {
        tracker.matched = tracker.matcher.matches(text);
      }
      LogLine line;
      List<Runnable> matchNotices;
      synchronized (this) {
        line = new LogLine(nextSequence++, now, stream, text);
        matchNotices = matching.length == 0 ? List.of() : trackFlags(line, matching);
        if (lines.size() == maxBufferSize) {
          lines.pollFirst();
        }
        lines.addLast(line);
      }
      for (Listener listener : listeners) {
        notify(() -> listener.onLine(line));
      }
      matchNotices.forEach(this::notify);
      return line;
    }
  }

  private List<Runnable> trackFlags(LogLine line, FlagTracker[] matching) {
    List<Runnable> notices = null;
    for (FlagTracker tracker : matching) {
      tracker.offerAfterContext(line.text());
      if (tracker.matched) {
        List<String> before = lastTexts(tracker.flag.contextWindowSize());
        MatchRecord match = tracker.record(line, before, maxBufferSize);
        if (listeners.isEmpty()) {
          // A flag matching every line of a flood costs no copy nobody is told of.
          continue;
        }
        FlagMatch snapshot = match.snapshot();
        int count = tracker.count;
        if (notices == null) {
          notices = new ArrayList<>(2);
        }
        for (Listener listener : listeners) {
          notices.add(() -> listener.onFlagMatched(tracker.name, tracker.flag, count, snapshot));
        }
      }
    }
    return notices == null ? List.of() : notices;
  }

  private void notify(Runnable notice) {
    try {
      notice.run();
    } catch (RuntimeException | Error e) {
      // A listener must not break log reading, not even with an AssertionError: a reader that
      // ends leaves the pipe full and its process blocked. Only the JVM's own failures go on.
      if (e instanceof VirtualMachineError fatal) {
        throw fatal;
      }
      Thread current = Thread.currentThread();
      current.getUncaughtExceptionHandler().uncaughtException(current, e);
    }
  }

  private List<String> lastTexts(int n) {
    int count = Math.min(n, lines.size());
    if (count == 0) {
      return List.of();
    }
    String[] texts = new String[count];
    Iterator<LogLine> newestFirst = lines.descendingIterator();
    for (int i = count - 1; i >= 0; i--) {
      texts[i] = newestFirst.next().text();
    }
    return Arrays.asList(texts);
  }

  /** The last {@code maxLogSize} lines, oldest first. */
  public List<String> getLogs() {
    return getLogs(maxLogSize);
  }

  /** The last {@code numberOfLines} lines (at most the buffer size), oldest first. */
  public synchronized List<String> getLogs(int numberOfLines) {
    if (numberOfLines < 0) {
      throw new IllegalArgumentException(
          "numberOfLines must be 0 or more but was " + numberOfLines);
    }
    return Collections.unmodifiableList(lastTexts(numberOfLines));
  }

  /** Every buffered line with its sequence, time and stream, oldest first. */
  public synchronized List<LogLine> getEntries() {
    return Collections.unmodifiableList(new ArrayList<>(lines));
  }

  /** The number of lines appended since this logger was created (including dropped ones). */
  public synchronized long getLineCount() {
    return nextSequence;
  }

  /** Drops every buffered line; flags keep their counts. */
  public synchronized void clear() {
    lines.clear();
  }

  /**
   * Adds a flag under {@code name}, replacing (and resetting) any flag of that name. Its pattern is
   * matched on the appending thread outside this logger's monitor, so a slow pattern holds up that
   * thread only.
   */
  public synchronized void addFlag(String name, Flag flag) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(flag, "flag");
    flags.put(name, new FlagTracker(name, flag));
    trackers = flags.values().toArray(FlagTracker[]::new);
  }

  /** The state of the flag {@code name}, or empty if there is none. */
  public synchronized Optional<FlagState> getFlag(String name) {
    FlagTracker tracker = flags.get(name);
    return tracker == null ? Optional.empty() : Optional.of(tracker.snapshot());
  }

  /** The state of every flag, in the order they were added. */
  public synchronized Map<String, FlagState> getFlags() {
    Map<String, FlagState> states = new LinkedHashMap<>();
    flags.forEach((name, tracker) -> states.put(name, tracker.snapshot()));
    return Collections.unmodifiableMap(states);
  }

  /** Each flag's count, in the order flags were added; cheaper than {@link #getFlags()}. */
  public synchronized Map<String, Integer> getFlagCounts() {
    Map<String, Integer> counts = new LinkedHashMap<>();
    flags.forEach((name, tracker) -> counts.put(name, tracker.count));
    return Collections.unmodifiableMap(counts);
  }

  /** Removes the flag {@code name}, if there is one. */
  public synchronized void removeFlag(String name) {
    flags.remove(name);
    trackers = flags.values().toArray(FlagTracker[]::new);
  }

  /** Removes every flag. */
  public synchronized void clearFlags() {
    flags.clear();
    trackers = new FlagTracker[0];
  }

  /** Registers a listener told of every line and every flag match from now on. */
  public void addListener(Listener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  /** Removes a listener added before; does nothing if it was not registered. */
  public void removeListener(Listener listener) {
    listeners.remove(listener);
  }

  /**
   * Told of each line appended to a {@link ProcessLogger} and each flag match, on the thread that
   * appended the line, in sequence order. Implementations must be quick and should not throw: what
   * they throw, except a {@link VirtualMachineError}, goes to that thread's uncaught-exception
   * handler, and the other listeners and the reading go on.
   */
  public interface Listener {
    /** A line was appended. */
    void onLine(LogLine line);

    /**
     * The line {@code match} matched the flag {@code flagName}, whose count is now {@code
     * matchCount}. The match's context holds only the lines before it.
     */
    default void onFlagMatched(String flagName, Flag flag, int matchCount, FlagMatch match) {}
  }

  private static final class FlagTracker {
    final String name;
    final Flag flag;
    final LineMatcher matcher;
    // Whether the line being appended matches; set and read by the appending thread alone.
    boolean matched;
    int count;
    final ArrayDeque<MatchRecord> matches = new ArrayDeque<>();
    final ArrayDeque<MatchRecord> awaitingAfter = new ArrayDeque<>();

    FlagTracker(String name, Flag flag) {
      this.name = name;
      this.flag = flag;
      this.matcher = LineMatcher.of(flag.pattern());
    }

    void offerAfterContext(String text) {
      if (awaitingAfter.isEmpty()) {
        return; // the usual case, and no iterator for it
      }
      for (MatchRecord pending : awaitingAfter) {
        pending.after.add(text);
      }
      while (!awaitingAfter.isEmpty()
          && awaitingAfter.peekFirst().after.size() >= flag.contextWindowSize()) {
        awaitingAfter.pollFirst();
      }
    }

    MatchRecord record(LogLine line, List<String> before, int maxMatches) {
      count++;
      MatchRecord match = new MatchRecord(line, before, flag.contextWindowSize() > 0);
      matches.addLast(match);
      if (matches.size() > maxMatches) {
        matches.pollFirst();
      }
      if (flag.contextWindowSize() > 0) {
        awaitingAfter.addLast(match);
      }
      return match;
    }

    FlagState snapshot() {
      List<FlagMatch> list = new ArrayList<>(matches.size());
      for (MatchRecord match : matches) {
        list.add(match.snapshot());
      }
      boolean reached = flag.targetCount() != null && count >= flag.targetCount();
      return new FlagState(name, flag, count, list, reached);
    }
  }

  private static final class MatchRecord {
    final LogLine line;
    final List<String> before;
    // Only a flag with a context window collects the lines after its matches.
    final List<String> after;

    MatchRecord(LogLine line, List<String> before, boolean withAfter) {
      this.line = line;
      this.before = before;
      this.after = withAfter ? new ArrayList<>(2) : List.of();
    }

    FlagMatch snapshot() {
      if (before.isEmpty() && after.isEmpty()) {
        return new FlagMatch(line.text(), line.sequence(), line.time(), List.of());
      }
      List<String> context = new ArrayList<>(before.size() + after.size());
      context.addAll(before);
      context.addAll(after);
      return new FlagMatch(line.text(), line.sequence(), line.time(), context);
    }
  }
}
