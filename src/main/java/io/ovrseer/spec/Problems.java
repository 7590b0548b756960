package io.ovrseer.spec;

import java.util.ArrayList;
import java.util.List;

/** Collects the mistakes of one declaration, so that all of them are reported at once. */
public final class Problems {
  private final List<Problem> problems = new ArrayList<>();

  /** Records {@code message} about the value at {@code where}. */
  public void add(String where, String message) {
    problems.add(new Problem(where, message));
  }

  /** Records every problem of {@code e}. */
  public void addAll(SpecException e) {
    problems.addAll(e.problems());
  }

  public boolean isEmpty() {
    return problems.isEmpty();
  }

  /**
   * Throws a {@link SpecException} listing every problem, if there is one.
   *
   * @throws SpecException if a problem was recorded
   */
  public void throwIfAny() {
    if (!problems.isEmpty()) {
      throw new SpecException(problems);
    }
  }
}
