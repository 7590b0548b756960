package com.example.notes.boot;

import java.util.Optional;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/** The notes in PostgreSQL, read through the Redis cache {@value #CACHE}. */
@Service
public class NoteStore {
  /** The cache of note texts by id; Redis keys are {@code notes::ID}. */
  public static final String CACHE = "notes";

  private final JdbcClient jdbc;

  public NoteStore(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** Stores a note and returns its id. */
  public long add(String text) {
    return jdbc.sql("INSERT INTO notes (text) VALUES (?) RETURNING id")
        .param(text)
        .query(Long.class)
        .single();
  }

  /** The text of note {@code id}, from the cache when it is there. */
  @Cacheable(CACHE)
  public Optional<String> text(long id) {
    return jdbc.sql("SELECT text FROM notes WHERE id = ?").param(id).query(String.class).optional();
  }
}
