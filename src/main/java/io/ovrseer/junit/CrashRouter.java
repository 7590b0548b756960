package io.ovrseer.junit;

import io.ovrseer.crash.CrashReport;
import io.ovrseer.event.ProcessCrash;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Routes an environment's crash reports: to every open test sink; when no test is running, to every
 * open class sink; when neither is open, to the unclaimed list.
 */
final class CrashRouter implements Consumer<ProcessCrash> {
  private final List<CrashSink> tests = new CopyOnWriteArrayList<>();
  private final List<CrashSink> classes = new CopyOnWriteArrayList<>();
  private final List<CrashReport> unclaimed = new ArrayList<>();

  void attachTest(CrashSink sink) {
    tests.add(sink);
  }

  void attachClass(CrashSink sink) {
    classes.add(sink);
  }

  /**
   * Detaches {@code sink}; a report being routed meanwhile reaches it before this returns (both
   * hold the router's lock), so no report falls between a sink that closes and the others.
   */
  synchronized void detach(CrashSink sink) {
    tests.remove(sink);
    classes.remove(sink);
  }

  @Override
  public synchronized void accept(ProcessCrash crash) {
    CrashReport report = crash.report();
    if (!tests.isEmpty()) {
      tests.forEach(sink -> sink.add(report));
    } else if (!classes.isEmpty()) {
      classes.forEach(sink -> sink.add(report));
    } else {
      synchronized (unclaimed) {
        unclaimed.add(report);
      }
    }
  }

  /** Takes the reports no sink was open for so far: they are no longer unclaimed. */
  List<CrashReport> takeUnclaimed() {
    synchronized (unclaimed) {
      List<CrashReport> taken = List.copyOf(unclaimed);
      unclaimed.clear();
      return taken;
    }
  }

  /** The reports no sink was open for. */
  List<CrashReport> unclaimed() {
    synchronized (unclaimed) {
      return List.copyOf(unclaimed);
    }
  }
}
