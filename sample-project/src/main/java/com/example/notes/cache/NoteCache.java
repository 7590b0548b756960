package com.example.notes.cache;

import java.util.Optional;

/**
 * A cache of note texts by id. Implementations may fail with an unchecked exception when their
 * backing store is unavailable; callers treat the cache as optional.
 */
public interface NoteCache extends AutoCloseable {

  /** The cached text of note {@code id}, if cached. */
  Optional<String> get(long id);

  /** Caches the text of note {@code id}. */
  void put(long id, String text);

  /** Releases connections; the default does nothing. */
  @Override
  default void close() {}
}
