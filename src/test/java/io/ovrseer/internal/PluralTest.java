package io.ovrseer.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PluralTest {
  @Test
  void oneTakesTheSingularEveryOtherCountThePlural() {
    assertThat(Plural.of(1, "process", "processes")).isEqualTo("1 process");
    assertThat(Plural.of(2, "process", "processes")).isEqualTo("2 processes");
    assertThat(Plural.of(0, "process", "processes")).isEqualTo("0 processes");
  }
}
