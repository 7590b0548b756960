package io.ovrseer.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.ovrseer.testing.NoLeftoverProcesses;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Exit values read as each system numbers its signals; only Linux runs here, so the others are
 * tested through their names, as {@code os.name} gives them.
 */
@ExtendWith(NoLeftoverProcesses.class)
class ExitStatusTest {

  private static ExitStatus on(String osName, int exitValue) {
    return ExitStatus.fromExitValue(exitValue, ExitStatus.signalsOf(osName));
  }

  @Test
  void linuxNumbersItsSignalsAsKillDashLListsThem() {
    assertThat(on("Linux", 143)).isEqualTo(new ExitStatus(null, "SIGTERM"));
    assertThat(on("Linux", 135)).isEqualTo(new ExitStatus(null, "SIGBUS"));
    assertThat(on("Linux", 138)).isEqualTo(new ExitStatus(null, "SIGUSR1"));
    assertThat(on("Linux", 3)).isEqualTo(new ExitStatus(3, null));
  }

  @Test
  void macOsAndTheBsdsNumberSignalsPast15TheirOwnWay() {
    for (String os : new String[] {"Mac OS X", "FreeBSD", "OpenBSD"}) {
      assertThat(on(os, 137)).isEqualTo(new ExitStatus(null, "SIGKILL"));
      assertThat(on(os, 138)).isEqualTo(new ExitStatus(null, "SIGBUS"));
      assertThat(on(os, 135)).isEqualTo(new ExitStatus(null, "SIGEMT"));
      assertThat(on(os, 158)).isEqualTo(new ExitStatus(null, "SIGUSR1"));
    }
  }

  @Test
  void windowsHasNoSignalsSoEveryValueIsAnExitCode() {
    assertThat(on("Windows 11", 143)).isEqualTo(new ExitStatus(143, null));
    assertThat(on("Windows Server 2022", 137)).isEqualTo(new ExitStatus(137, null));
  }

  @Test
  void otherUnixesReadOnlyTheNumbersEverySystemShares() {
    assertThat(on("AIX", 143)).isEqualTo(new ExitStatus(null, "SIGTERM"));
    assertThat(on("SunOS", 139)).isEqualTo(new ExitStatus(null, "SIGSEGV"));
    assertThat(on("SunOS", 138)).isEqualTo(new ExitStatus(138, null));
  }

  /** A real child killed by SIGUSR1 (10 here): the name is this system's. */
  @Test
  void aChildKilledBySigusr1IsReportedSo() throws Exception {
    Process child = new ProcessBuilder("sh", "-c", "kill -USR1 $$; sleep 60").start();
    assertThat(child.waitFor()).isEqualTo(138);
    assertThat(ExitStatus.fromExitValue(child.exitValue()))
        .isEqualTo(new ExitStatus(null, "SIGUSR1"));
  }
}
