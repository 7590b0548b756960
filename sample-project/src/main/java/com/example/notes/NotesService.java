package com.example.notes;

import com.example.notes.cache.NoteCache;
import java.util.List;
import java.util.Optional;

/**
 * The service's logic: notes live in the database, reads go through the cache. The cache is an
 * optimisation only: when it fails, the failure is logged as an ERROR and the database answers.
 */
public final class NotesService {

  private final NoteRepository repository;
  private final NoteCache cache;

  /** A service over this repository and cache. */
  public NotesService(NoteRepository repository, NoteCache cache) {
    this.repository = repository;
    this.cache = cache;
  }

  /** A note read through the cache, and whether the cache had it. */
  public record Lookup(Note note, boolean cached) {}

  /** Stores a new note (and caches it). */
  public Note create(String text) {
    Note note = repository.insert(text);
    cachePut(note);
    return note;
  }

  /** The note with this id: from the cache if it has it, otherwise from the database. */
  public Optional<Lookup> find(long id) {
    Optional<String> cached = cacheGet(id);
    if (cached.isPresent()) {
      return Optional.of(new Lookup(new Note(id, cached.get()), true));
    }
    Optional<Note> stored = repository.find(id);
    stored.ifPresent(this::cachePut);
    return stored.map(note -> new Lookup(note, false));
  }

  /** Every note, from the database. */
  public List<Note> findAll() {
    return repository.findAll();
  }

  /** Whether the database answers; the cache is not required. */
  public boolean isHealthy() {
    return repository.isAvailable();
  }

  private Optional<String> cacheGet(long id) {
    try {
      return cache.get(id);
    } catch (RuntimeException e) {
      Log.error("cache " + cache + " unavailable, reading note " + id + " from the database: " + e);
      return Optional.empty();
    }
  }

  private void cachePut(Note note) {
    try {
      cache.put(note.id(), note.text());
    } catch (RuntimeException e) {
      Log.error("cache " + cache + " unavailable, note " + note.id() + " not cached: " + e);
    }
  }
}
