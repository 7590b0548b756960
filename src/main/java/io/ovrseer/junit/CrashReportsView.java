package io.ovrseer.junit;

import io.ovrseer.crash.CrashReport;
import java.util.AbstractList;

/**
 * The {@code List<CrashReport>} injected into a test: a live, read-only view of the crash reports
 * of that test, each read after every event posted so far was delivered.
 */
final class CrashReportsView extends AbstractList<CrashReport> {
  private final CrashSink sink;

  CrashReportsView(CrashSink sink) {
    this.sink = sink;
  }

  @Override
  public CrashReport get(int index) {
    return sink.reportsDelivered().get(index);
  }

  @Override
  public int size() {
    return sink.reportsDelivered().size();
  }
}
