package io.ovrseer.assertj;

import io.ovrseer.Ovrseer;
import io.ovrseer.crash.CrashReport;
import io.ovrseer.log.FlagState;
import io.ovrseer.process.ProcessUnit;

/**
 * The entry point to Ovrseer's AssertJ assertions. Import it statically next to AssertJ's own
 * {@code Assertions.assertThat}; the overloads here take precedence for Ovrseer's types:
 *
 * <pre>{@code
 * import static io.ovrseer.assertj.OvrseerAssertions.assertThat;
 *
 * assertThat(api).isReady().hasLogLineMatching("listening on \\d+");
 * assertThat(api).flag("errors").hasNoMatches();
 * assertThat(crash).hasType(CrashType.CRASH).hasSignal("SIGKILL").lastLogsContain("started");
 * assertThat(ovrseer).hasNoCrashReports();
 * }</pre>
 *
 * Every assertion reads its subject when it runs, so it can be retried inside Awaitility's {@code
 * await().untilAsserted(..)}.
 */
public final class OvrseerAssertions {
  private OvrseerAssertions() {}

  /**
   * Assertions about a process: {@code isReady()}, {@code hasLogLineMatching(..)}, {@code
   * flag(..)}...
   */
  public static ProcessUnitAssert assertThat(ProcessUnit actual) {
    return new ProcessUnitAssert(actual);
  }

  /**
   * Assertions about a flag: {@code hasCount(..)}, {@code hasNoMatches()}, {@code
   * hasReachedTarget()}...
   */
  public static FlagStateAssert assertThat(FlagState actual) {
    return new FlagStateAssert(actual);
  }

  /**
   * Assertions about a crash report: {@code hasExitCode(..)}, {@code hasSignal(..)}, {@code
   * hasType(..)}...
   */
  public static CrashReportAssert assertThat(CrashReport actual) {
    return new CrashReportAssert(actual);
  }

  /**
   * Assertions about an orchestrator: {@code hasNoCrashReports()}, {@code crashReports()}, {@code
   * process(..)}.
   */
  public static OvrseerAssert assertThat(Ovrseer actual) {
    return new OvrseerAssert(actual);
  }
}
