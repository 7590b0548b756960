package io.ovrseer.spec;

import java.util.List;
import java.util.stream.Collectors;

/**
 * An environment declaration that cannot be used: every {@link Problem} found, one per line. The
 * JUnit extension wraps it in an {@code ExtensionConfigurationException}, the command line prints
 * it.
 */
public final class SpecException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient List<Problem> problems;

  /** An exception listing {@code problems}, at least one. */
  public SpecException(List<Problem> problems) {
    super(problems.stream().map(Problem::toString).collect(Collectors.joining("\n")));
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("a SpecException needs at least one problem");
    }
    this.problems = List.copyOf(problems);
  }

  /** An exception with the one problem {@code message} at {@code where}. */
  public SpecException(String where, String message) {
    this(List.of(new Problem(where, message)));
  }

  /** Each problem, in the order found. */
  public List<Problem> problems() {
    return problems;
  }
}
