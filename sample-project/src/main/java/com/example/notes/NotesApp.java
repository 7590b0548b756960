package com.example.notes;

import com.example.notes.cache.InMemoryNoteCache;
import com.example.notes.cache.NoteCache;
import com.example.notes.cache.RedisNoteCache;
import java.io.IOException;
import java.net.URI;

/**
 * The notes service's entry point: reads its configuration, connects to the database and the cache,
 * and serves HTTP until the process is stopped (SIGTERM runs a clean shutdown).
 *
 * <pre>
 * java -cp ... com.example.notes.NotesApp --port 8080 \
 *     --db-url jdbc:postgresql://localhost:5432/postgres --db-user postgres \
 *     --cache redis://localhost:6379
 * </pre>
 *
 * See {@link NotesConfig} for every option and its environment variable.
 */
public final class NotesApp {

  private NotesApp() {}

  /** Starts the service; exits with status 1 when it cannot start. */
  public static void main(String[] args) {
    try {
      NotesConfig config = NotesConfig.parse(args, System.getenv());
      start(config);
    } catch (IllegalArgumentException e) {
      Log.error("invalid configuration: " + e.getMessage());
      System.exit(2);
    } catch (RuntimeException | IOException e) {
      Log.error("could not start: " + e, e);
      System.exit(1);
    }
  }

  private static void start(NotesConfig config) throws IOException {
    Log.info("starting notes service, database " + config.dbUrl() + ", cache " + config.cache());
    NoteRepository repository =
        new NoteRepository(config.dbUrl(), config.dbUser(), config.dbPassword());
    repository.createSchema();
    NoteCache cache = createCache(config.cache());
    NotesService service = new NotesService(repository, cache);
    NotesHttpServer server = NotesHttpServer.start(config.port(), service);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  Log.info("stopping");
                  server.stop();
                  cache.close();
                  Log.info("stopped");
                },
                "notes-shutdown"));
    Log.info("listening on http://localhost:" + server.port());
  }

  private static NoteCache createCache(String cache) {
    if (cache.equals("memory")) {
      return new InMemoryNoteCache();
    }
    URI uri = URI.create(cache);
    if (!"redis".equals(uri.getScheme())) {
      throw new IllegalArgumentException(
          "unknown cache [" + cache + "]; use memory or redis://host:port");
    }
    return new RedisNoteCache(uri.getHost(), uri.getPort() == -1 ? 6379 : uri.getPort());
  }
}
