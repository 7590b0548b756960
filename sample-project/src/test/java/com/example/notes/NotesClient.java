package com.example.notes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The tests' HTTP client of the notes service: what a user of the API would do, in Java. */
final class NotesClient {

  private static final Pattern ID = Pattern.compile("\"id\":(\\d+)");

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final URI base;

  NotesClient(int port) {
    this.base = URI.create("http://localhost:" + port);
  }

  /** Posts a note and returns its id; fails unless the service answers 201. */
  long create(String text) {
    HttpResponse<String> response =
        send(
            HttpRequest.newBuilder(base.resolve("/notes"))
                .POST(HttpRequest.BodyPublishers.ofString(text)));
    if (response.statusCode() != 201) {
      throw new AssertionError(
          "POST /notes answered " + response.statusCode() + ": " + response.body());
    }
    Matcher id = ID.matcher(response.body());
    if (!id.find()) {
      throw new AssertionError("POST /notes answered no id: " + response.body());
    }
    return Long.parseLong(id.group(1));
  }

  /** {@code GET /notes/<id>}. */
  HttpResponse<String> get(long id) {
    return get("/notes/" + id);
  }

  /** {@code GET <path>}. */
  HttpResponse<String> get(String path) {
    return send(HttpRequest.newBuilder(base.resolve(path)).GET());
  }

  /** The {@code X-Cache} header of a note response: {@code HIT} or {@code MISS}. */
  static String cacheHeader(HttpResponse<String> response) {
    return response.headers().firstValue("X-Cache").orElse("(none)");
  }

  private HttpResponse<String> send(HttpRequest.Builder request) {
    try {
      return http.send(
          request.timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
