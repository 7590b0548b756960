package io.ovrseer.assertj;

import io.ovrseer.Ovrseer;
import io.ovrseer.crash.CrashReport;
import io.ovrseer.process.ProcessUnit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.assertj.core.api.AbstractAssert;
import org.assertj.core.api.Assertions;
import org.assertj.core.api.FactoryBasedNavigableListAssert;

/**
 * Assertions about an {@link Ovrseer}: its crash reports, and navigation to its processes. Obtain
 * one with {@link OvrseerAssertions#assertThat(Ovrseer)}.
 */
public class OvrseerAssert extends AbstractAssert<OvrseerAssert, Ovrseer> {
  private static final int REPORT_LOG_LINES = 5;

  /** Assertions about {@code actual}; records the ids of its processes for messages. */
  public OvrseerAssert(Ovrseer actual) {
    super(actual, OvrseerAssert.class);
    if (actual != null) {
      ProcessNames.record(actual);
    }
  }

  /** Verifies that the orchestrator's crash reporter holds no report. */
  public OvrseerAssert hasNoCrashReports() {
    isNotNull();
    List<CrashReport> reports = reports();
    if (!reports.isEmpty()) {
      StringBuilder message =
          new StringBuilder("Expecting no crash reports but found ")
              .append(reports.size())
              .append(":");
      reports.forEach(r -> message.append("\n").append(r.toText(REPORT_LOG_LINES)));
      failWithMessage("%s", message);
    }
    return this;
  }

  /**
   * Verifies that {@link Ovrseer#start()} completed and {@link Ovrseer#stop()} was not called
   * since.
   */
  public OvrseerAssert isRunning() {
    isNotNull();
    if (!actual.isRunning()) {
      failWithMessage(
          "%s", "Expecting the Ovrseer to be running but it was not (never started, or stopped)");
    }
    return this;
  }

  /**
   * Navigates to the orchestrator's crash reports so far, oldest first. Its description is {@code
   * crash reports of [db, api]}, after this assertion's own if it has one ({@code as("nightly")}:
   * {@code nightly: crash reports of [db, api]}). Its failure messages show each report on a line
   * of its own: {@code process "api" (main) CRASH, signal SIGKILL, retries used: 0 of 1: ... (at
   * 2026-12-07T22:37:32.222Z)}, not every field of the record. Its navigations to one report
   * ({@code first()}, {@code last()}, {@code element(i)}, {@code singleElement()}) give a {@link
   * CrashReportAssert}, with its assertions and messages.
   */
  public FactoryBasedNavigableListAssert<
          ?, List<? extends CrashReport>, CrashReport, CrashReportAssert>
      crashReports() {
    isNotNull();
    String ours = "crash reports of " + actual.getAllProcesses().keySet();
    return Assertions.<List<? extends CrashReport>, CrashReport, CrashReportAssert>assertThat(
            reports(), CrashReportAssert::new)
        .withRepresentation(ReportLines.INSTANCE)
        .as("%s", info.hasDescription() ? descriptionText() + ": " + ours : ours);
  }

  /**
   * Navigates to the process {@code id}, failing if there is none. This assertion's description
   * carries over.
   */
  public ProcessUnitAssert process(String id) {
    Objects.requireNonNull(id, "id");
    isNotNull();
    Optional<ProcessUnit> unit = actual.getProcess(id);
    if (unit.isEmpty()) {
      failWithMessage(
          "%s",
          "Expecting a process \""
              + id
              + "\" but the processes are "
              + actual.getAllProcesses().keySet());
    }
    ProcessNames.record(id, unit.get());
    return Describe.carried(new ProcessUnitAssert(unit.get()), this);
  }

  private List<CrashReport> reports() {
    return actual.getOptions().crashReporter().getReports();
  }
}
