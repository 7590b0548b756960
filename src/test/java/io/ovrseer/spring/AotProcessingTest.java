package io.ovrseer.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.ovrseer.fixtures.SpringAotProcessing;
import io.ovrseer.testing.FixtureJvm;
import io.ovrseer.testing.NoLeftoverProcesses;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Spring's build-time AOT processing of tests calls the integration's context customizer factory
 * too, in a JVM that runs no test and must spawn nothing; a test run brings the orphan guard up as
 * soon as Spring builds a test class's context configuration.
 */
@ExtendWith(NoLeftoverProcesses.class)
class AotProcessingTest {

  @Test
  void aotProcessingStartsNoGuardAndATestContextStartsItAtOnce(@TempDir Path output)
      throws Exception {
    String printed =
        FixtureJvm.outputOf(
            new ProcessBuilder(
                    FixtureJvm.java(),
                    "-cp",
                    System.getProperty("java.class.path"),
                    SpringAotProcessing.class.getName(),
                    output.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT));

    assertThat(printed)
        .isEqualTo("aot ok\nguard during aot false\nguard after test context true\n");
  }
}
