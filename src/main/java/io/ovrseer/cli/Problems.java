package io.ovrseer.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects what is wrong with an environment description, so that all of it is reported at once.
 */
final class Problems {
  private final List<String> problems = new ArrayList<>();

  /** Records {@code message} about the value at {@code path}, written at {@code location}. */
  void add(String location, String path, String message) {
    problems.add(location + ": " + (path.isEmpty() ? "" : path + ": ") + message);
  }

  boolean isEmpty() {
    return problems.isEmpty();
  }

  /** Throws a {@link ConfigException} listing every problem, if there is one. */
  void throwIfAny() {
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
  }
}
