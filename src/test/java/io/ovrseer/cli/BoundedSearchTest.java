package io.ovrseer.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BoundedSearchTest {
  private static final Duration AMPLE = Duration.ofMinutes(1);

  @Test
  void findsTheRegexIgnoringCaseAndTakesAnInvalidOneLiterally() {
    assertThat(new BoundedSearch(BoundedSearch.compile("err(or)?"), AMPLE).find("an ERROR here"))
        .isTrue();
    BoundedSearch unclosed = new BoundedSearch(BoundedSearch.compile("[x"), AMPLE);
    assertThat(unclosed.find("a [x b")).isTrue();
    assertThat(unclosed.find("x")).isFalse();
  }

  @Test
  void matchesAreTheNonEmptyOnesOfTheWholeLine() {
    BoundedSearch search = new BoundedSearch(BoundedSearch.compile("a*"), AMPLE);

    assertThat(search.matches("baba")).containsExactly(new int[] {1, 2}, new int[] {3, 4});
  }

  @Test
  void aRegexThatBacktracksForAgesEndsWhenItsBudgetIsSpent() {
    BoundedSearch search =
        new BoundedSearch(BoundedSearch.compile("(.*a){12}x"), Duration.ofMillis(20));

    assertThatThrownBy(() -> search.find("a".repeat(80))).isInstanceOf(BoundedSearch.TooSlow.class);
  }

  @Test
  void aRegexThatRecursesPastTheStackEndsAsTooSlowNotAsAnError() {
    BoundedSearch search = new BoundedSearch(BoundedSearch.compile("(x|y)+"), AMPLE);

    assertThatThrownBy(() -> search.matches("x".repeat(65_536)))
        .isInstanceOf(BoundedSearch.TooSlow.class);
  }
}
