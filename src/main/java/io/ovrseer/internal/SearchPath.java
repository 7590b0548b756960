package io.ovrseer.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds a program on a search path ({@code PATH}'s colon-separated directories, in order): the
 * first regular, executable file of that name.
 */
public final class SearchPath {
  /**
   * Searches already done in this JVM, by name and search path: the processes of a test suite are
   * built anew for each class, and they run the same few programs (a search costs two stats per
   * directory). A remembered hit is only checked to still be executable.
   */
  private static final Map<String, Path> FOUND = new ConcurrentHashMap<>();

  private SearchPath() {}

  /** The program {@code name} on {@code searchPath}, or empty (also when the path is null). */
  public static Optional<Path> find(String name, String searchPath) {
    if (searchPath == null) {
      return Optional.empty();
    }
    for (String dir : searchPath.split(":")) {
      if (dir.isEmpty()) {
        continue;
      }
      Path candidate = Path.of(dir, name);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /** As {@link #find}, remembering what it found for later calls with the same arguments. */
  public static Optional<Path> findRemembered(String name, String searchPath) {
    String key = name + '\0' + searchPath;
    Path known = FOUND.get(key);
    if (known != null && Files.isExecutable(known)) {
      return Optional.of(known);
    }
    Optional<Path> found = find(name, searchPath);
    found.ifPresent(path -> FOUND.put(key, path));
    return found;
  }
}
