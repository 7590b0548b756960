package io.ovrseer.process;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Splits a byte stream into lines for a logger: {@code \n} ends a line, a trailing {@code \r} is
 * dropped, bytes are decoded as UTF-8 with malformed input replaced by U+FFFD, and a last line
 * without a newline is delivered at end of stream.
 *
 * <p>A line longer than {@link #MAX_LINE_BYTES} is delivered cut at that length (on a character
 * boundary) followed by {@link #CUT_MARKER}, and the rest of it, up to the next newline, is
 * skipped; so a process writing gigabytes without a newline costs bounded memory.
 *
 * <p>Each line comes with the time its last bytes were read: the lines of one read share it, so a
 * flood costs one clock read per read rather than per line.
 *
 * <p>{@link #readAll} splits on the reading thread; {@link #deliverUnfinished} may be called from
 * another one.
 */
final class LineReader {
  /** The longest line kept whole, in bytes: 64 KiB. */
  static final int MAX_LINE_BYTES = 64 * 1024;

  /** Appended to a line that was cut at {@link #MAX_LINE_BYTES}. */
  static final String CUT_MARKER = " [ovrseer: line cut at 65536 bytes]";

  /** Receives each line and the time its last bytes were read. */
  @FunctionalInterface
  interface Sink {
    void line(String text, Instant readAt);
  }

  private final Sink sink;
  // When the bytes being split were read; taken at the first line they complete.
  private Instant readAt;
  private byte[] partial = new byte[256];
  private int partialLength;
  private boolean skippingRestOfLine;
  // Held while bytes read are split and their lines delivered, never while waiting on the stream:
  // so that another thread may deliver the unfinished line of a reader that waits.
  private final ReentrantLock splitting = new ReentrantLock();

  LineReader(Sink sink) {
    this.sink = sink;
  }

  /** Reads {@code in} on the calling thread until end of stream (or an I/O error). */
  void readAll(InputStream in) {
    byte[] buffer = new byte[64 * 1024];
    try {
      int read;
      while ((read = in.read(buffer)) >= 0) {
        splitting.lock();
        try {
          accept(buffer, read);
        } finally {
          splitting.unlock();
        }
      }
    } catch (IOException closed) {
      // The pipe was closed under us (process destroyed): deliver what we have.
    }
    splitting.lock();
    try {
      finish();
    } finally {
      splitting.unlock();
    }
  }

  /**
   * Delivers the line each of {@code readers} holds unfinished as if its stream had ended there,
   * for a process that exited while a descendant still holds its pipes open (so the readers wait on
   * them): their later bytes start new lines. Does nothing when one of them is delivering lines now
   * (held up by a slow listener), as delivering would wait for it. Returns at once.
   */
  static void deliverUnfinished(List<LineReader> readers) {
    // All or none: a line appended while the other reader is held up in a listener would wait for
    // that listener, as the logger delivers one line at a time.
    int locked = 0;
    try {
      for (LineReader reader : readers) {
        if (!reader.splitting.tryLock()) {
          return;
        }
        locked++;
      }
      readers.forEach(LineReader::finish);
    } finally {
      for (int i = 0; i < locked; i++) {
        readers.get(i).splitting.unlock();
      }
    }
  }

  /**
   * Delivers the line not ended by a newline, if there is one: at the end of the stream, or for
   * {@link #deliverUnfinished}.
   */
  void finish() {
    readAt = null;
    // A line cut at MAX_LINE_BYTES ends here too: what comes later (a daemon's output after the
    // exit) starts a new line, not the cut line's rest to skip.
    skippingRestOfLine = false;
    int length = partialLength;
    // Emptied before it is delivered: a listener's error thrown through the delivery must not leave
    // the line to be delivered again at the end of the stream.
    partialLength = 0;
    if (length > 0) {
      emit(partial, 0, length);
    }
  }

  /** Takes the next {@code length} bytes of the stream and delivers every line they complete. */
  void accept(byte[] buffer, int length) {
    readAt = null;
    int start = 0;
    for (int i = 0; i < length; i++) {
      if (buffer[i] != '\n') {
        continue;
      }
      if (partialLength == 0 && !skippingRestOfLine) {
        // The whole line is in this read: no copy.
        emit(buffer, start, i - start);
      } else {
        appendPartial(buffer, start, i - start);
        if (!skippingRestOfLine) {
          emit(partial, 0, partialLength);
        }
        skippingRestOfLine = false;
        partialLength = 0;
      }
      start = i + 1;
    }
    appendPartial(buffer, start, length - start);
  }

  /**
   * Keeps bytes of an unfinished line; past {@link #MAX_LINE_BYTES} and one more byte (a {@code \r}
   * that may end it, which {@link #emit} drops), delivers it cut.
   */
  private void appendPartial(byte[] bytes, int offset, int length) {
    if (skippingRestOfLine) {
      return;
    }
    int room = MAX_LINE_BYTES + 1 - partialLength;
    if (length > room) {
      ensureCapacity(MAX_LINE_BYTES + 1);
      System.arraycopy(bytes, offset, partial, partialLength, room);
      emitCut(partial, 0);
      partialLength = 0;
      skippingRestOfLine = true;
      return;
    }
    ensureCapacity(partialLength + length);
    System.arraycopy(bytes, offset, partial, partialLength, length);
    partialLength += length;
  }

  private void ensureCapacity(int needed) {
    if (partial.length < needed) {
      partial =
          Arrays.copyOf(
              partial, Math.min(MAX_LINE_BYTES + 1, Math.max(needed, partial.length * 2)));
    }
  }

  private void emit(byte[] bytes, int offset, int length) {
    if (length > 0 && bytes[offset + length - 1] == '\r') {
      length--;
    }
    if (length > MAX_LINE_BYTES) {
      emitCut(bytes, offset);
    } else {
      sink.line(new String(bytes, offset, length, StandardCharsets.UTF_8), readAt());
    }
  }

  /** Delivers the first {@link #MAX_LINE_BYTES} at {@code offset}, on a character boundary. */
  private void emitCut(byte[] bytes, int offset) {
    int cut = characterBoundary(bytes, offset, MAX_LINE_BYTES);
    sink.line(new String(bytes, offset, cut, StandardCharsets.UTF_8) + CUT_MARKER, readAt());
  }

  private Instant readAt() {
    if (readAt == null) {
      readAt = Instant.now();
    }
    return readAt;
  }

  /**
   * The largest length up to {@code length} from {@code offset} that does not split a UTF-8
   * sequence.
   */
  private static int characterBoundary(byte[] bytes, int offset, int length) {
    int end = offset + length;
    int back = 0;
    while (end > offset && back < 3 && (bytes[end - 1] & 0xC0) == 0x80) {
      end--;
      back++;
    }
    if (end > offset && (bytes[end - 1] & 0x80) != 0) {
      int lead = bytes[end - 1] & 0xFF;
      int expected = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
      return expected == back + 1 ? length : end - 1 - offset;
    }
    return length;
  }
}
