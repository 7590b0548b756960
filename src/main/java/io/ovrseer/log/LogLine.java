package io.ovrseer.log;

import java.time.Instant;
import java.util.Objects;

/**
 * One line a process wrote, as kept by a {@link ProcessLogger}: whole, without its line ending.
 *
 * @param sequence position in the logger, increasing by one per line across both streams
 * @param time when the line was read
 * @param stream which output stream it came from
 * @param text the line without {@code \n} or {@code \r\n}
 */
public record LogLine(long sequence, Instant time, Stream stream, String text) {

  /** Requires every component but the sequence. */
  public LogLine {
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(stream, "stream");
    Objects.requireNonNull(text, "text");
  }

  /** The output stream a line came from. */
  public enum Stream {
    /** Standard output. */
    STDOUT,
    /** Standard error. */
    STDERR
  }
}
