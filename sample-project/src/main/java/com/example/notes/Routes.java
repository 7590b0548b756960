package com.example.notes;

import com.example.notes.NotesHttpServer.Response;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.stream.Collectors;

/** The request handlers of {@link NotesHttpServer}, one method per context. */
final class Routes {

  private final NotesService service;

  Routes(NotesService service) {
    this.service = service;
  }

  Response health(HttpExchange exchange) {
    return service.isHealthy()
        ? Response.text(200, "ok")
        : Response.text(503, "database unavailable");
  }

  Response notes(HttpExchange exchange) throws IOException {
    String method = exchange.getRequestMethod();
    String path = exchange.getRequestURI().getPath();
    if (path.equals("/notes") || path.equals("/notes/")) {
      if (method.equals("POST")) {
        return create(exchange);
      }
      if (method.equals("GET")) {
        return Response.json(
            200,
            service.findAll().stream().map(Json::of).collect(Collectors.joining(",", "[", "]")));
      }
      return Response.text(405, "use GET or POST");
    }
    if (!method.equals("GET")) {
      return Response.text(405, "use GET");
    }
    long id;
    try {
      id = Long.parseLong(path.substring("/notes/".length()));
    } catch (NumberFormatException e) {
      return Response.text(400, "not a note id: " + path);
    }
    return service
        .find(id)
        .map(
            found ->
                new Response(
                    200,
                    "application/json",
                    Json.of(found.note()),
                    found.cached() ? "HIT" : "MISS"))
        .orElseGet(() -> Response.text(404, "no note " + id));
  }

  private Response create(HttpExchange exchange) throws IOException {
    String text = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    if (text.isBlank()) {
      return Response.text(400, "a note needs some text");
    }
    Note note = service.create(text);
    exchange.getResponseHeaders().set("Location", "/notes/" + note.id());
    Log.info("created note " + note.id());
    return Response.json(201, Json.of(note));
  }
}
