package io.ovrseer.services;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SetupCommandTest {
  @Test
  void aCommandThatStopsReadingItsInputIsEndedAtItsTimeoutWithItsOutput() {
    // The input was written before the timeout was counted: a command that stopped reading (an
    // init script stuck in pg_sleep, with more SQL after it than a pipe holds) blocked the write,
    // and the build, for as long as the command lived; the timeout never came.
    byte[] input = new byte[4 << 20];
    RunAs.SwitchedCommand stuck =
        RunAs.commandLine(Optional.empty(), "sh", List.of("-c", "echo started; exec sleep 600"));
    assertTimeoutPreemptively(
        Duration.ofSeconds(30),
        () ->
            assertThatThrownBy(
                    () ->
                        SetupCommand.run(
                            "stuck setup",
                            stuck,
                            new ByteArrayInputStream(input),
                            Duration.ofSeconds(1)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("stuck setup: [sh, -c, echo started; exec sleep 600]")
                .hasMessageContaining("did not finish within PT1S; output:\nstarted"));
  }
}
