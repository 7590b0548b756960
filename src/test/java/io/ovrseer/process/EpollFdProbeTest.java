package io.ovrseer.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The probe that tells a pipe's write-end fd through its selector's epoll. */
class EpollFdProbeTest {
  private EpollFdProbe probe;
  private final Pipe first = Pipe.open();
  private final Pipe second = Pipe.open();

  EpollFdProbeTest() throws IOException {}

  @BeforeEach
  void openProbe() throws IOException {
    probe = EpollFdProbe.open();
  }

  @AfterEach
  void close() throws IOException {
    probe.close();
    for (Pipe pipe : new Pipe[] {first, second}) {
      pipe.sink().close();
      pipe.source().close();
    }
  }

  @Test
  void whatIsWrittenToTheFdsItTellsReachesEachPipe() throws IOException {
    int[] fds = probe.fdsOf(first.sink(), second.sink());

    assertThat(fds[0]).isNotEqualTo(fds[1]);
    writeThroughProc(fds[0], "to the first");
    writeThroughProc(fds[1], "to the second");
    assertThat(readAvailable(first)).isEqualTo("to the first");
    assertThat(readAvailable(second)).isEqualTo("to the second");
  }

  @Test
  void itTellsTheFdsOfLaterPipesToo() throws IOException {
    probe.fdsOf(first.sink());
    int fd = probe.fdsOf(second.sink())[0];

    writeThroughProc(fd, "later");
    assertThat(readAvailable(second)).isEqualTo("later");
  }

  @Test
  void aWriteEndItProbedClosesAtOnceSoTheReaderSeesTheEnd() throws IOException {
    probe.fdsOf(first.sink());
    first.sink().close();
    first.source().configureBlocking(false);

    // Were the write end still registered with the probe's selector, the JDK would close its fd
    // only at the probe's next select, and the reader would wait for the end forever.
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> first.source().read(ByteBuffer.allocate(16)) == -1);
  }

  private static void writeThroughProc(int fd, String text) throws IOException {
    try (FileOutputStream out = new FileOutputStream("/proc/self/fd/" + fd)) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
  }

  private static String readAvailable(Pipe pipe) throws IOException {
    pipe.source().configureBlocking(false);
    ByteBuffer buffer = ByteBuffer.allocate(64);
    pipe.source().read(buffer);
    return new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8);
  }
}
