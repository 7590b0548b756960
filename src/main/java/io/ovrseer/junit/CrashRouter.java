package io.ovrseer.junit;

import io.ovrseer.crash.CrashReport;
import io.ovrseer.event.ProcessCrash;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Routes an environment's crash reports: to every open test sink; when no test is running, to every
 * open class sink but those of classes whose {@code @Nested} classes are under way (theirs take
 * it); when neither is open, to the unclaimed list.
 */
final class CrashRouter implements Consumer<ProcessCrash> {
  private final List<CrashSink> tests = new CopyOnWriteArrayList<>();
  private final List<CrashSink> classes = new CopyOnWriteArrayList<>();
  private final List<CrashReport> unclaimed = new ArrayList<>();

  /** The sink of each open nested class's sink's enclosing class; guarded by this. */
  private final Map<CrashSink, CrashSink> enclosingOf = new IdentityHashMap<>();

  void attachTest(CrashSink sink) {
    tests.add(sink);
  }

  void attachClass(CrashSink sink) {
    classes.add(sink);
  }

  /**
   * Attaches the class sink of a {@code @Nested} class that runs against its enclosing class's
   * environment: until it is detached, {@code enclosing} (that class's sink) hears no crash outside
   * the tests, which happen in the nested class's {@code @BeforeAll}, {@code @AfterAll} or between
   * its tests.
   */
  synchronized void attachNestedClass(CrashSink sink, CrashSink enclosing) {
    enclosingOf.put(sink, enclosing);
    classes.add(sink);
  }

  /**
   * Detaches {@code sink}; a report being routed meanwhile reaches it before this returns (both
   * hold the router's lock), so no report falls between a sink that closes and the others.
   */
  synchronized void detach(CrashSink sink) {
    tests.remove(sink);
    classes.remove(sink);
    enclosingOf.remove(sink);
  }

  @Override
  public synchronized void accept(ProcessCrash crash) {
    CrashReport report = crash.report();
    if (!tests.isEmpty()) {
      tests.forEach(sink -> sink.add(report));
    } else if (!classes.isEmpty()) {
      classes.stream()
          .filter(sink -> !enclosingOf.containsValue(sink))
          .forEach(sink -> sink.add(report));
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
