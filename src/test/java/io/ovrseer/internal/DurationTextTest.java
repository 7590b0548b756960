package io.ovrseer.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationTextTest {

  @Test
  void wholeSecondsThenMillisecondsThenMicroseconds() {
    assertThat(DurationText.of(Duration.ofSeconds(5))).isEqualTo("5 s");
    assertThat(DurationText.of(Duration.ofMillis(1500))).isEqualTo("1500 ms");
    assertThat(DurationText.of(Duration.ofNanos(500_000))).isEqualTo("500 µs");
    assertThat(DurationText.of(Duration.ZERO)).isEqualTo("0 s");
  }
}
