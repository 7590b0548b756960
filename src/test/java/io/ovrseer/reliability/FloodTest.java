package io.ovrseer.reliability;

import static io.ovrseer.fixtures.Fixtures.steps;
import static org.assertj.core.api.Assertions.assertThat;

import io.ovrseer.log.Flag;
import io.ovrseer.log.ProcessLogger;
import io.ovrseer.process.ProcessUnit;
import io.ovrseer.testing.NoLeftoverProcesses;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Five million lines while flags match: none is dropped, every match is counted, the child runs to
 * its end. (How much the reading slows the child is measured in bench/FloodBenchmark.)
 */
@ExtendWith(NoLeftoverProcesses.class)
class FloodTest {
  @Test
  void fiveMillionLinesWithMatchingFlagsAreAllTakenIn() {
    ProcessLogger logger = new ProcessLogger();
    logger.addFlag("fox", Flag.of("fox jumps"));
    logger.addFlag("numbers", Flag.of("line \\d*0 "));
    logger.addFlag("errors", Flag.of("ERROR|Exception"));
    ProcessUnit unit = steps("flood", "5000000").logger(logger).build();

    unit.start();

    assertThat(unit.exit().join().exitCode()).isZero();
    assertThat(logger.getLineCount()).isEqualTo(5_000_000);
    assertThat(logger.getFlag("fox").orElseThrow().count()).isEqualTo(5_000_000);
    assertThat(logger.getFlag("numbers").orElseThrow().count()).isEqualTo(500_000);
    assertThat(logger.getFlag("errors").orElseThrow().count()).isZero();
    assertThat(logger.getLogs(1).get(0)).startsWith("line 4999999 ");
  }
}
