package com.example.notes.cache;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** A cache in the service's own heap: unbounded, lost on restart. */
public final class InMemoryNoteCache implements NoteCache {

  private final Map<Long, String> texts = new ConcurrentHashMap<>();

  @Override
  public Optional<String> get(long id) {
    return Optional.ofNullable(texts.get(id));
  }

  @Override
  public void put(long id, String text) {
    texts.put(id, text);
  }

  @Override
  public String toString() {
    return "memory";
  }
}
