package com.example.notes.cache;

import java.util.Optional;

/**
 * A cache in Redis: note {@code 7} is the key {@code notes:7}, kept for ten minutes. Talks to Redis
 * over one connection, reopened after a failure, so the cache recovers by itself when Redis comes
 * back.
 */
public final class RedisNoteCache implements NoteCache {

  private static final int TTL_SECONDS = 600;

  private final RespClient client;

  /** A cache on the Redis server at {@code host:port}; connects on first use. */
  public RedisNoteCache(String host, int port) {
    this.client = new RespClient(host, port);
  }

  @Override
  public Optional<String> get(long id) {
    return Optional.ofNullable(client.call("GET", key(id)));
  }

  @Override
  public void put(long id, String text) {
    client.call("SET", key(id), text, "EX", Integer.toString(TTL_SECONDS));
  }

  @Override
  public void close() {
    client.close();
  }

  @Override
  public String toString() {
    return "redis://" + client.address();
  }

  private static String key(long id) {
    return "notes:" + id;
  }
}
