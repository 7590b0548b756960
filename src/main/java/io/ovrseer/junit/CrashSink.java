package io.ovrseer.junit;

import io.ovrseer.crash.CrashReport;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The crash reports seen during one test (or, for a test class, outside any test), collected from
 * the environment's {@code process:crash} events while the sink is open. Closing detaches it.
 */
@SuppressWarnings("deprecation") // Store.CloseableResource: still needed by JUnit before 5.13
final class CrashSink implements AutoCloseable, ExtensionContext.Store.CloseableResource {
  private final RunningEnvironment environment;
  private final CrashRouter router;
  private final List<CrashReport> reports = new ArrayList<>();
  private volatile boolean open = true;

  CrashSink(RunningEnvironment environment, CrashRouter router) {
    this.environment = environment;
    this.router = router;
  }

  /** The environment this sink listens to. */
  RunningEnvironment environment() {
    return environment;
  }

  synchronized void add(CrashReport report) {
    if (open) {
      reports.add(report);
    }
  }

  /** Adds reports seen before the sink opened (the crashes while its environment started). */
  synchronized void addAll(List<CrashReport> earlier) {
    reports.addAll(earlier);
  }

  /** Drops {@code claimed}: a dynamic test of this sink's test failed for them already. */
  synchronized void forget(List<CrashReport> claimed) {
    reports.removeAll(claimed);
  }

  /** The reports collected so far, oldest first. */
  synchronized List<CrashReport> reports() {
    return List.copyOf(reports);
  }

  /** The reports, after every event posted so far was delivered. */
  List<CrashReport> reportsDelivered() {
    if (open) {
      environment.awaitEventsDelivered();
    }
    return reports();
  }

  @Override
  public void close() {
    // Detached first: a report routed to this sink until then is still taken.
    router.detach(this);
    open = false;
  }
}
