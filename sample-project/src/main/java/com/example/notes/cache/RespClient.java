package com.example.notes.cache;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A minimal Redis client speaking RESP2 over a plain socket: sends a command, reads one reply
 * (simple string, error, integer or bulk string). One connection, used by one caller at a time;
 * after an I/O failure it is closed and the next call connects again.
 */
final class RespClient implements AutoCloseable {

  private static final int TIMEOUT_MILLIS = 2_000;

  private final String host;
  private final int port;
  private Socket socket;
  private InputStream in;
  private OutputStream out;

  RespClient(String host, int port) {
    this.host = host;
    this.port = port;
  }

  String address() {
    return host + ":" + port;
  }

  /**
   * Sends a command and returns its reply as text (null for a nil reply).
   *
   * @throws UncheckedIOException when Redis cannot be reached
   * @throws IllegalStateException when Redis answers with an error
   */
  synchronized String call(String... command) {
    try {
      connectIfNeeded();
      out.write(encode(command));
      out.flush();
      return readReply();
    } catch (IOException e) {
      close();
      throw new UncheckedIOException("redis " + address() + ": " + e.getMessage(), e);
    }
  }

  @Override
  public synchronized void close() {
    if (socket != null) {
      try {
        socket.close();
      } catch (IOException ignored) {
        // Closing a broken connection: nothing left to release.
      }
      socket = null;
    }
  }

  private void connectIfNeeded() throws IOException {
    if (socket == null) {
      Socket s = new Socket();
      try {
        s.connect(new InetSocketAddress(host, port), TIMEOUT_MILLIS);
        s.setSoTimeout(TIMEOUT_MILLIS);
      } catch (IOException e) {
        s.close();
        throw e;
      }
      socket = s;
      in = new BufferedInputStream(s.getInputStream());
      out = s.getOutputStream();
    }
  }

  private static byte[] encode(String... command) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    writeLine(bytes, "*" + command.length);
    for (String part : command) {
      byte[] data = part.getBytes(StandardCharsets.UTF_8);
      writeLine(bytes, "$" + data.length);
      bytes.writeBytes(data);
      writeLine(bytes, "");
    }
    return bytes.toByteArray();
  }

  private static void writeLine(ByteArrayOutputStream bytes, String line) {
    bytes.writeBytes(line.getBytes(StandardCharsets.UTF_8));
    bytes.write('\r');
    bytes.write('\n');
  }

  private String readReply() throws IOException {
    String line = readLine();
    char type = line.charAt(0);
    String rest = line.substring(1);
    switch (type) {
      case '+':
      case ':':
        return rest;
      case '-':
        throw new IllegalStateException("redis " + address() + " answered: " + rest);
      case '$':
        int length = Integer.parseInt(rest);
        if (length < 0) {
          return null;
        }
        byte[] data = in.readNBytes(length + 2); // the value and its CRLF
        if (data.length < length + 2) {
          throw new EOFException("connection closed in a reply");
        }
        return new String(data, 0, length, StandardCharsets.UTF_8);
      default:
        throw new IOException("unexpected reply from redis: " + line);
    }
  }

  private String readLine() throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) != '\n') {
      if (b == -1) {
        throw new EOFException("connection closed by redis");
      }
      if (b != '\r') {
        line.write(b);
      }
    }
    return line.toString(StandardCharsets.UTF_8);
  }
}
