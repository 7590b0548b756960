package com.example.notes.boot;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** A client of the notes API on {@code localhost:port}, with the JDK's HTTP client. */
final class NotesHttp {
  private final HttpClient client = HttpClient.newHttpClient();
  private final String base;

  NotesHttp(int port) {
    this.base = "http://localhost:" + port;
  }

  long create(String text) throws IOException, InterruptedException {
    HttpResponse<String> response =
        client.send(
            HttpRequest.newBuilder(URI.create(base + "/notes"))
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString(text))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IllegalStateException("POST /notes answered " + response.statusCode());
    }
    return Long.parseLong(response.body().trim());
  }

  String read(long id) throws IOException, InterruptedException {
    HttpResponse<String> response = get(id);
    if (response.statusCode() != 200) {
      throw new IllegalStateException("GET /notes/" + id + " answered " + response.statusCode());
    }
    return response.body();
  }

  int status(long id) throws IOException, InterruptedException {
    return get(id).statusCode();
  }

  private HttpResponse<String> get(long id) throws IOException, InterruptedException {
    return client.send(
        HttpRequest.newBuilder(URI.create(base + "/notes/" + id)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
