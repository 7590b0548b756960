package com.example.notes;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The HTTP API, on the JDK's built-in server.
 *
 * <ul>
 *   <li>{@code GET /health}: 200 {@code ok} when the database answers, 503 otherwise;
 *   <li>{@code POST /notes} with the note's text as body: 201 and the note as JSON;
 *   <li>{@code GET /notes}: every note as a JSON array;
 *   <li>{@code GET /notes/<id>}: the note as JSON, header {@code X-Cache: HIT} or {@code MISS}; 404
 *       if there is none.
 * </ul>
 *
 * An unexpected failure answers 500 and is logged as an ERROR with its stack trace.
 */
public final class NotesHttpServer {

  private final HttpServer server;
  private final ExecutorService executor;

  private NotesHttpServer(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  /** Starts serving {@code service} on {@code port} of the loopback interface. */
  public static NotesHttpServer start(int port, NotesService service) throws IOException {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
    ExecutorService executor = Executors.newFixedThreadPool(4);
    server.setExecutor(executor);
    Routes routes = new Routes(service);
    server.createContext("/health", exchange -> handle(exchange, routes::health));
    server.createContext("/notes", exchange -> handle(exchange, routes::notes));
    server.start();
    return new NotesHttpServer(server, executor);
  }

  /** The port the server listens on. */
  public int port() {
    return server.getAddress().getPort();
  }

  /** Stops accepting requests and closes the server. */
  public void stop() {
    server.stop(0);
    executor.shutdown();
  }

  /** A response: status, content type and body. */
  record Response(int status, String contentType, String body, String cacheHeader) {
    static Response text(int status, String body) {
      return new Response(status, "text/plain", body, null);
    }

    static Response json(int status, String body) {
      return new Response(status, "application/json", body, null);
    }
  }

  /** A route: computes the response to an exchange. */
  interface Route {
    Response respond(HttpExchange exchange) throws IOException;
  }

  private static void handle(HttpExchange exchange, Route route) throws IOException {
    Response response;
    try {
      response = route.respond(exchange);
    } catch (RuntimeException | IOException e) {
      Log.error(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " failed", e);
      response = Response.text(500, "internal error: " + e.getMessage());
    }
    byte[] body = response.body().getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", response.contentType() + "; charset=utf-8");
    if (response.cacheHeader() != null) {
      exchange.getResponseHeaders().set("X-Cache", response.cacheHeader());
    }
    exchange.sendResponseHeaders(response.status(), body.length == 0 ? -1 : body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }
}
