package io.ovrseer.process;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.time.Duration;

/** Ready once a GET of the URL answers 2xx. */
final class HttpCheck extends PollingCheck {
  private final URI url;

  HttpCheck(URI url, Duration timeout) {
    super(timeout);
    this.url = url;
  }

  @Override
  boolean attempt() {
    HttpURLConnection connection = null;
    try {
      connection = (HttpURLConnection) url.toURL().openConnection();
      connection.setConnectTimeout(500);
      connection.setReadTimeout(1000);
      connection.setInstanceFollowRedirects(true);
      connection.setUseCaches(false);
      int status = connection.getResponseCode();
      try (InputStream body =
          status >= 400 ? connection.getErrorStream() : connection.getInputStream()) {
        if (body != null) {
          body.readAllBytes();
        }
      }
      return status >= 200 && status < 300;
    } catch (IOException notYet) {
      return false;
    } finally {
      if (connection != null) {
        connection.disconnect();
      }
    }
  }

  @Override
  public String description() {
    return "HTTP GET " + url + " answering 2xx";
  }
}
