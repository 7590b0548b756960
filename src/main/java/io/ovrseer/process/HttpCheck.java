package io.ovrseer.process;

import io.ovrseer.internal.Failures;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Ready once a GET of the URL answers 2xx (redirects followed). User info in the URL ({@code
 * http://elastic:changeme@localhost:9200/}) is sent as basic authentication, as curl sends it, and
 * messages show the URL without its password.
 *
 * <p>Bounded, whatever the server does: an attempt connects within 500 ms and waits at most 1 s for
 * each read, and neither ever beyond the check's remaining time; when the wait is over (ready,
 * timed out, or the process ended) the connection in flight is closed, so a server that never
 * finishes its headers cannot hold an attempt. The status decides; of the body, at most {@value
 * #MAX_BODY_BYTES} bytes that have already arrived are read (so that a small answer is consumed as
 * a client normally would), and the connection is then closed: an endless or slow body is never
 * waited for.
 */
final class HttpCheck extends PollingCheck {
  /** The most of a body an attempt reads: 64 KiB. */
  static final int MAX_BODY_BYTES = 64 * 1024;

  private static final Duration CONNECT_LIMIT = Duration.ofMillis(500);
  private static final Duration READ_LIMIT = Duration.ofSeconds(1);

  private final URI url;
  // The URL as messages show it: without the password of its user info.
  private final String shown;
  // Basic authentication from the URL's user info, as curl sends it; the JDK sends none.
  private final Optional<String> authorization;

  HttpCheck(URI url, Duration timeout) {
    super(timeout);
    this.url = url;
    String userInfo = url.getRawUserInfo();
    if (userInfo == null) {
      this.shown = url.toString();
      this.authorization = Optional.empty();
    } else {
      int colon = userInfo.indexOf(':');
      // A user info without a colon may be a token: nothing of it is shown.
      String masked = colon < 0 ? "***" : userInfo.substring(0, colon) + ":***";
      this.shown =
          url.toString()
              .replaceFirst(
                  Pattern.quote("//" + userInfo + "@"),
                  "//" + Matcher.quoteReplacement(masked) + "@");
      this.authorization =
          Optional.of(
              "Basic "
                  + Base64.getEncoder()
                      .encodeToString(url.getUserInfo().getBytes(StandardCharsets.UTF_8)));
    }
  }

  @Override
  boolean attempt(Poll poll) {
    HttpURLConnection connection = null;
    boolean cutShort = poll.remaining().compareTo(READ_LIMIT) < 0;
    try {
      connection = (HttpURLConnection) url.toURL().openConnection();
      connection.setConnectTimeout(poll.millisWithin(CONNECT_LIMIT));
      connection.setReadTimeout(poll.millisWithin(READ_LIMIT));
      connection.setInstanceFollowRedirects(true);
      connection.setUseCaches(false);
      if (authorization.isPresent()) {
        connection.setRequestProperty("Authorization", authorization.get());
      }
      if (!poll.inFlight(connection::disconnect)) {
        return false;
      }
      int status = connection.getResponseCode();
      try (InputStream body =
          status >= 400 ? connection.getErrorStream() : connection.getInputStream()) {
        if (body != null) {
          readArrived(body);
        }
      }
      if (status < 200 || status >= 300) {
        poll.failed("answered HTTP " + status);
        return false;
      }
      return true;
    } catch (IOException notYet) {
      poll.failed(
          "GET " + shown + ": " + Failures.messageOf(notYet),
          cutShort && notYet instanceof SocketTimeoutException);
      return false;
    } finally {
      if (connection != null) {
        connection.disconnect();
      }
    }
  }

  @Override
  Optional<String> takenBeforeSpawn() {
    int port =
        url.getPort() != -1 ? url.getPort() : url.getScheme().equalsIgnoreCase("https") ? 443 : 80;
    // The JDK connects to the host's first address only: that is the one the check would find.
    return TcpPortCheck.takenOnThisMachine(url.getHost(), port, true, description());
  }

  /** Reads what of {@code body} has already arrived, up to {@link #MAX_BODY_BYTES}. */
  private static void readArrived(InputStream body) throws IOException {
    byte[] buffer = new byte[8192];
    int total = 0;
    while (total < MAX_BODY_BYTES) {
      int available = Math.min(body.available(), Math.min(buffer.length, MAX_BODY_BYTES - total));
      if (available <= 0) {
        return;
      }
      int read = body.read(buffer, 0, available);
      if (read < 0) {
        return;
      }
      total += read;
    }
  }

  @Override
  public String description() {
    return "HTTP GET " + shown + " answering 2xx";
  }
}
