package io.ovrseer.process;

import static io.ovrseer.fixtures.Fixtures.freePort;
import static io.ovrseer.fixtures.Fixtures.steps;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.ovrseer.testing.NoLeftoverProcesses;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** The HTTP readiness check against real local servers that misbehave. */
@ExtendWith(NoLeftoverProcesses.class)
@Timeout(value = 2, unit = TimeUnit.MINUTES) // a check that hangs fails the test instead of the run
class HttpCheckTest {
  private final ExecutorService serverThreads = Executors.newCachedThreadPool();
  private final List<AutoCloseable> servers = new CopyOnWriteArrayList<>();
  private ProcessUnit unit;

  @AfterEach
  void stop() throws Exception {
    if (unit != null) {
      unit.stop();
    }
    for (AutoCloseable server : servers) {
      server.close();
    }
    serverThreads.shutdownNow();
  }

  /**
   * Starts a unit with {@code check}. The tests' servers listen only after this: a port that
   * answers before the spawn is another process's, and the unit refuses to start.
   */
  private ProcessUnit start(ReadyCheck check) {
    unit = steps("out", "up", "hang").readyCheck(check).build();
    unit.start();
    return unit;
  }

  @Test
  void aServerThatSendsAnEndlessBodyIsReadyOnItsStatusAndTheBodyIsNotReadToTheEnd()
      throws IOException {
    AtomicLong sent = new AtomicLong();
    AtomicBoolean clientGone = new AtomicBoolean();
    int port = freePort();
    start(ReadyCheck.http("http://127.0.0.1:" + port + "/health", Duration.ofSeconds(30)));
    httpServer(
        port,
        "/health",
        exchange -> {
          exchange.sendResponseHeaders(200, 0); // chunked, no length: endless
          byte[] chunk = "x".repeat(8192).getBytes(StandardCharsets.US_ASCII);
          try (OutputStream body = exchange.getResponseBody()) {
            while (true) {
              body.write(chunk);
              sent.addAndGet(chunk.length);
            }
          } catch (IOException e) {
            clientGone.set(true);
          }
        });

    unit.ready().join();

    assertThat(unit.getState()).isEqualTo(ProcessState.READY);
    await("the client closed the endless answer").until(clientGone::get);
  }

  /** A wrong health path shows in the timeout's message, not only as a timeout. */
  @Test
  void anAttemptCutShortByTheDeadlineLeavesTheEarlierFailureTold() throws IOException {
    // The last attempt's read timeout is what is left of the check's: it ran out, and its "Read
    // timed out" replaced the 404 the server had answered (seen in CI, where a slow 404 did so).
    int port = freePort();
    java.util.concurrent.atomic.AtomicInteger requests =
        new java.util.concurrent.atomic.AtomicInteger();
    java.util.concurrent.CountDownLatch testOver = new java.util.concurrent.CountDownLatch(1);
    servers.add(testOver::countDown);
    start(ReadyCheck.http("http://127.0.0.1:" + port + "/health", Duration.ofSeconds(1)));
    httpServer(
        port,
        "/",
        exchange -> {
          if (requests.getAndIncrement() > 0) {
            try {
              testOver.await(); // every later request: no answer until the test is over
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
          exchange.sendResponseHeaders(404, -1);
          exchange.close();
        });

    assertThatThrownBy(() -> unit.ready().join())
        .cause()
        .isInstanceOf(ReadinessException.class)
        .hasMessageContaining("(last attempt: answered HTTP 404)");
    assertThat(requests).hasValueGreaterThan(1);
  }

  @Test
  void aTimeoutSaysHowTheLastAttemptFailed() throws IOException {
    int port = freePort();
    start(ReadyCheck.http("http://127.0.0.1:" + port + "/helth", Duration.ofSeconds(1)));
    httpServer(
        port,
        "/",
        exchange -> {
          exchange.sendResponseHeaders(404, -1);
          exchange.close();
        });

    assertThatThrownBy(() -> unit.ready().join())
        .cause()
        .isInstanceOf(ReadinessException.class)
        .hasMessageContaining(
            "did not become ready within 1 s: waited for HTTP GET http://127.0.0.1:"
                + port
                + "/helth answering 2xx (last attempt: answered HTTP 404)");
  }

  /**
   * A URL with user info, as curl takes it ({@code http://elastic:changeme@localhost:9200/}) for a
   * server that wants basic authentication, was asked without it: 401 until the timeout, and the
   * password was shown in every message.
   */
  @Test
  void userInfoInTheUrlIsSentAsBasicAuthenticationAndNotShown() throws IOException {
    int port = freePort();
    ReadyCheck check =
        ReadyCheck.http(
            "http://elastic:chan%40ge@127.0.0.1:" + port + "/health", Duration.ofSeconds(10));
    start(check);
    String expected =
        "Basic "
            + java.util.Base64.getEncoder()
                .encodeToString("elastic:chan@ge".getBytes(StandardCharsets.UTF_8));
    httpServer(
        port,
        "/health",
        exchange -> {
          boolean authenticated =
              expected.equals(exchange.getRequestHeaders().getFirst("Authorization"));
          exchange.sendResponseHeaders(authenticated ? 200 : 401, -1);
          exchange.close();
        });

    unit.ready().join();

    assertThat(unit.getState()).isEqualTo(ProcessState.READY);
    assertThat(check.description())
        .isEqualTo("HTTP GET http://elastic:***@127.0.0.1:" + port + "/health answering 2xx");
  }

  /** An HTTP server on {@code port} whose {@code path} is served by {@code handler}. */
  private void httpServer(int port, String path, HttpHandler handler) throws IOException {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
    server.setExecutor(serverThreads);
    server.createContext(path, handler);
    server.start();
    servers.add(() -> server.stop(0));
  }

  /** A raw server on {@code port} that accepts connections and hands each to {@code behaviour}. */
  private void rawServer(int port, SocketBehaviour behaviour, List<Socket> accepted)
      throws IOException {
    ServerSocket server = new ServerSocket(port, 50, InetAddress.getLoopbackAddress());
    servers.add(server);
    serverThreads.execute(
        () -> {
          while (!server.isClosed()) {
            try {
              Socket socket = server.accept();
              accepted.add(socket);
              servers.add(socket);
              serverThreads.execute(() -> behaviour.serve(socket));
            } catch (IOException closed) {
              return;
            }
          }
        });
  }

  interface SocketBehaviour {
    void serve(Socket socket);
  }

  /** Whether the client closed {@code socket}: a read sees the end of the stream or a reset. */
  private static boolean closedByClient(Socket socket) {
    try {
      socket.setSoTimeout(50);
      InputStream in = socket.getInputStream();
      while (true) {
        if (in.read() < 0) {
          return true;
        }
      }
    } catch (SocketTimeoutException stillOpen) {
      return false;
    } catch (IOException reset) {
      return true;
    }
  }

  @Test
  void aServerThatNeverAnswersFailsReadinessAtItsTimeoutAndNoConnectionIsLeftOpen()
      throws IOException {
    List<Socket> accepted = new CopyOnWriteArrayList<>();
    int port = freePort();
    start(ReadyCheck.http("http://127.0.0.1:" + port + "/health", Duration.ofSeconds(2)));
    rawServer(port, socket -> {}, accepted);

    assertThatThrownBy(() -> unit.ready().join())
        .isInstanceOf(CompletionException.class)
        .cause()
        .isInstanceOf(ReadinessException.class)
        .hasMessageContaining("did not become ready within 2 s")
        .hasMessageContaining(
            "HTTP GET http://127.0.0.1:"
                + port
                + "/health answering 2xx (last attempt: GET http://");
    assertThat(accepted).isNotEmpty();
    await("every connection closed by the check")
        .atMost(Duration.ofSeconds(10))
        .until(() -> accepted.stream().allMatch(HttpCheckTest::closedByClient));
  }

  @Test
  void aServerThatNeverFinishesItsHeadersCannotHoldTheCheckPastItsTimeout() throws IOException {
    // Each read gets a byte well within the read timeout, so only the end of the wait can stop
    // the attempt.
    List<Socket> accepted = new CopyOnWriteArrayList<>();
    int port = freePort();
    start(ReadyCheck.http("http://127.0.0.1:" + port + "/health", Duration.ofSeconds(2)));
    rawServer(
        port,
        socket -> {
          try {
            OutputStream out = socket.getOutputStream();
            out.write("HTTP/1.1 200 OK\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
            while (true) {
              out.write('x');
              out.flush();
              Thread.sleep(100); // the server's pace, not a synchronisation
            }
          } catch (IOException | InterruptedException gone) {
            // The client closed the connection, or the test is over.
          }
        },
        accepted);

    assertThatThrownBy(() -> unit.ready().join())
        .cause()
        .isInstanceOf(ReadinessException.class)
        .hasMessageContaining("did not become ready within 2 s");
    await("the connection in flight closed by the check")
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> !accepted.isEmpty() && accepted.stream().allMatch(HttpCheckTest::closedByClient));
  }
}
