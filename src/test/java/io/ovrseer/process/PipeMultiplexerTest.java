package io.ovrseer.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PipeMultiplexerTest {
  private final List<String> lines = new CopyOnWriteArrayList<>();

  private CompletableFuture<Void> read(Pipe pipe) throws Exception {
    return PipeMultiplexer.get().read(pipe.source(), new LineReader(text -> lines.add(text)));
  }

  private static void write(Pipe pipe, String text) throws Exception {
    ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
    while (bytes.hasRemaining()) {
      pipe.sink().write(bytes);
    }
  }

  @Test
  void endOfStreamAfterWholeLinesEndsThePipe() throws Exception {
    Pipe pipe = Pipe.open();
    CompletableFuture<Void> done = read(pipe);
    write(pipe, "one\ntwo\n");
    await().atMost(Duration.ofSeconds(10)).until(() -> lines.size() == 2);

    pipe.sink().close();

    done.get(10, TimeUnit.SECONDS);
    assertThat(lines).containsExactly("one", "two");
    assertThat(pipe.source().isOpen()).isFalse();
  }

  @Test
  void anUnfinishedLastLineReadBeforeEndOfStreamIsStillDelivered() throws Exception {
    Pipe pipe = Pipe.open();
    CompletableFuture<Void> done = read(pipe);
    // One write: when "first" is delivered, "last" waits in the reader as an unfinished line.
    write(pipe, "first\nlast");
    await().atMost(Duration.ofSeconds(10)).until(() -> lines.contains("first"));

    pipe.sink().close();

    done.get(10, TimeUnit.SECONDS);
    assertThat(lines).containsExactly("first", "last");
  }

  @Test
  void dataAndEndOfStreamTogetherLoseNothing() throws Exception {
    Pipe pipe = Pipe.open();
    write(pipe, "a\nb\nc");
    pipe.sink().close();

    read(pipe).get(10, TimeUnit.SECONDS);

    assertThat(lines).containsExactly("a", "b", "c");
  }

  @Test
  void whatAWatchedPipeReadsWaitsForDeliveryAndIsNotLost() throws Exception {
    Pipe watchedPipe = Pipe.open();
    Pipe marker = Pipe.open();
    List<String> watchedLines = new CopyOnWriteArrayList<>();
    PipeMultiplexer.Reading watched =
        PipeMultiplexer.get()
            .watch(watchedPipe.source(), new LineReader(text -> watchedLines.add(text)));
    CompletableFuture<Void> markerDone = read(marker);
    // Registered in turn: once the marker's line arrived, the watched pipe is registered too.
    write(marker, "registered\n");
    await().atMost(Duration.ofSeconds(10)).until(() -> lines.contains("registered"));

    write(watchedPipe, "early\n");
    write(marker, "after\n");
    await().atMost(Duration.ofSeconds(10)).until(() -> lines.contains("after"));
    assertThat(watchedLines).as("delivered before deliver()").isEmpty();

    watched.deliver();
    await().atMost(Duration.ofSeconds(10)).until(() -> watchedLines.contains("early"));
    write(watchedPipe, "later\n");
    watchedPipe.sink().close();
    watched.done().get(10, TimeUnit.SECONDS);
    assertThat(watchedLines).containsExactly("early", "later");

    marker.sink().close();
    markerDone.get(10, TimeUnit.SECONDS);
  }

  @Test
  void anAbandonedPipeIsClosedAndDeliversNothing() throws Exception {
    Pipe pipe = Pipe.open();
    PipeMultiplexer.Reading watched =
        PipeMultiplexer.get().watch(pipe.source(), new LineReader(text -> lines.add(text)));
    write(pipe, "never delivered\n");

    watched.abandon();

    watched.done().get(10, TimeUnit.SECONDS);
    assertThat(pipe.source().isOpen()).isFalse();
    assertThat(lines).isEmpty();
    pipe.sink().close();
  }
}
