package io.ovrseer.internal;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds a program on a search path as the platform's shell does: {@code PATH}'s directories in
 * order (separated by {@code :} on Unix; by {@code ;} on Windows, where an entry may be quoted),
 * the first regular, executable file of that name. On Windows a name is tried with each extension
 * of {@code PATHEXT} (default {@code .COM;.EXE;.BAT;.CMD}), so that {@code java} finds {@code
 * java.exe}; a name that already ends with one of them is tried as it is.
 */
public final class SearchPath {
  private static final boolean WINDOWS = OsName.isWindows();

  /**
   * Searches already done in this JVM, by name and search path: the processes of a test suite are
   * built anew for each class, and they run the same few programs (a search costs two stats per
   * directory). A remembered hit is only checked to still be executable.
   */
  private static final Map<String, Path> FOUND = new ConcurrentHashMap<>();

  private SearchPath() {}

  /** The program {@code name} on {@code searchPath}, or empty (also when the path is null). */
  public static Optional<Path> find(String name, String searchPath) {
    return find(name, searchPath, WINDOWS, System.getenv("PATHEXT"));
  }

  /**
   * As {@link #find(String, String)} on Windows ({@code windows}, with {@code PATHEXT} {@code
   * pathext}, null for the default) or on Unix.
   */
  static Optional<Path> find(String name, String searchPath, boolean windows, String pathext) {
    if (searchPath == null) {
      return Optional.empty();
    }
    List<String> names = windows ? windowsNames(name, pathext) : List.of(name);
    return Arrays.stream(searchPath.split(windows ? ";" : ":"))
        // Windows lets an entry be quoted (for a ';' in it); a quote is no file name's part there.
        .map(dir -> windows ? dir.replace("\"", "") : dir)
        .flatMap(dir -> names.stream().flatMap(file -> executable(dir, file).stream()))
        .findFirst();
  }

  private static List<String> windowsNames(String name, String pathext) {
    List<String> extensions =
        List.of(
            (pathext == null || pathext.isBlank() ? ".COM;.EXE;.BAT;.CMD" : pathext).split(";"));
    String lower = name.toLowerCase(Locale.ROOT);
    boolean hasOne =
        extensions.stream()
            .anyMatch(e -> !e.isEmpty() && lower.endsWith(e.toLowerCase(Locale.ROOT)));
    return hasOne ? List.of(name) : extensions.stream().map(e -> name + e).toList();
  }

  private static Optional<Path> executable(String dir, String file) {
    if (dir.isEmpty()) {
      return Optional.empty();
    }
    try {
      Path candidate = Path.of(dir, file);
      return Files.isRegularFile(candidate) && Files.isExecutable(candidate)
          ? Optional.of(candidate)
          : Optional.empty();
    } catch (InvalidPathException notAPath) {
      // An entry no file can be in (a stray character in PATH): the shell skips it too.
      return Optional.empty();
    }
  }

  /**
   * The file a command given by its {@code path} runs, as the platform's shell takes it: on Windows
   * the first of {@code path} with each extension of {@code PATHEXT} that exists ({@code
   * C:\jdk\bin\java} runs {@code java.exe}, {@code bin\app} runs {@code app.bat}, not a Unix script
   * {@code app} beside it), or {@code path} itself when it has one of them or none exists;
   * elsewhere {@code path}.
   */
  public static Path withExtension(Path path) {
    return withExtension(path, WINDOWS, System.getenv("PATHEXT"));
  }

  static Path withExtension(Path path, boolean windows, String pathext) {
    Path name = path.getFileName();
    if (!windows || name == null) {
      return path;
    }
    for (String file : windowsNames(name.toString(), pathext)) {
      Path candidate = path.resolveSibling(file);
      if (Files.exists(candidate)) {
        return candidate;
      }
    }
    return path;
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

  /**
   * The file {@code command} runs in {@code workingDirectory} (null: the JVM's) with {@code env}: a
   * path ({@link #isPath}) against that directory {@link #withExtension}, found or not; a name as
   * {@link #findRemembered} finds it on the search path {@link #of(Map) of} {@code env}, or empty.
   */
  public static Optional<Path> locate(
      String command, Path workingDirectory, Map<String, String> env) {
    if (!isPath(command)) {
      return findRemembered(command, of(env));
    }
    Path path = Path.of(command);
    if (!path.isAbsolute() && workingDirectory != null) {
      path = workingDirectory.resolve(path);
    }
    return Optional.of(withExtension(path));
  }

  /**
   * Whether {@code command} names a file by its path rather than a program to look up: it holds a
   * {@code /}, or on Windows also a {@code \} or a drive's {@code :}.
   */
  public static boolean isPath(String command) {
    return isPath(command, WINDOWS);
  }

  static boolean isPath(String command, boolean windows) {
    return command.contains("/") || (windows && (command.contains("\\") || command.contains(":")));
  }

  /**
   * The search path {@code env} sets, else the JVM's: its {@code PATH}, on Windows whatever the
   * case of the name ({@code Path} there is the same variable).
   */
  public static String of(Map<String, String> env) {
    return of(env, WINDOWS, System.getenv("PATH"));
  }

  static String of(Map<String, String> env, boolean windows, String jvmPath) {
    for (Map.Entry<String, String> variable : env.entrySet()) {
      if (windows ? variable.getKey().equalsIgnoreCase("PATH") : variable.getKey().equals("PATH")) {
        return variable.getValue();
      }
    }
    return jvmPath;
  }
}
