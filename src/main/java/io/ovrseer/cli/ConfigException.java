package io.ovrseer.cli;

import java.util.List;

/**
 * An environment description that cannot be used: every problem found, one per line, each starting
 * with where it is ({@code env.yml:7: dependencies.db.ready.timeout: malformed duration [5 sec];
 * use 500ms, 30s, 2m}).
 */
final class ConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final List<String> problems;

  ConfigException(List<String> problems) {
    super(String.join(System.lineSeparator(), problems));
    this.problems = List.copyOf(problems);
  }

  ConfigException(String problem, Throwable cause) {
    super(problem, cause);
    this.problems = List.of(problem);
  }

  /** Each problem, with its location. */
  List<String> getProblems() {
    return problems;
  }
}
