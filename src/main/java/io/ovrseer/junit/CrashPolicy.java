package io.ovrseer.junit;

import io.ovrseer.crash.CrashReport;
import java.lang.reflect.AnnotatedElement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Decides whether crashes fail a test (or a test class): with {@code failOnCrash}, every crash of a
 * process that no {@link AllowCrash @AllowCrash} in scope allows.
 *
 * @param failOnCrash whether crashes fail at all
 * @param allowAll whether an {@code @AllowCrash} without ids is in scope
 * @param allowed the ids allowed by {@code @AllowCrash} in scope
 */
record CrashPolicy(boolean failOnCrash, boolean allowAll, Set<String> allowed) {
  private static final int LOG_LINES = 20;

  /** A policy that allows nothing: every crash is reported. */
  static final CrashPolicy REPORT_ALL = new CrashPolicy(true, false, Set.of());

  /**
   * The policy for {@code context}: {@code @AllowCrash} on its method (if any), its class and
   * superclasses, and enclosing classes.
   */
  static CrashPolicy of(boolean failOnCrash, ExtensionContext context) {
    boolean allowAll = false;
    Set<String> allowed = new LinkedHashSet<>();
    for (Optional<ExtensionContext> c = Optional.of(context);
        c.isPresent();
        c = c.get().getParent()) {
      Optional<AnnotatedElement> element = c.get().getElement();
      if (element.isEmpty()) {
        continue;
      }
      Optional<AllowCrash> allow =
          AnnotationSupport.findAnnotation(element.get(), AllowCrash.class);
      if (allow.isPresent()) {
        allowAll |= allow.get().value().length == 0;
        allowed.addAll(Arrays.asList(allow.get().value()));
      }
    }
    return new CrashPolicy(failOnCrash, allowAll, Set.copyOf(allowed));
  }

  /**
   * Throws the crash {@code verdict}, with {@code alsoFailed} (the environment could not be
   * stopped, say) attached as suppressed; else {@code alsoFailed} itself (a {@code
   * RuntimeException} or an {@code Error}); returns when there is neither.
   */
  static void throwFirst(Optional<AssertionError> verdict, Throwable alsoFailed) {
    if (verdict.isPresent()) {
      if (alsoFailed != null) {
        verdict.get().addSuppressed(alsoFailed);
      }
      throw verdict.get();
    }
    if (alsoFailed instanceof RuntimeException e) {
      throw e;
    }
    if (alsoFailed instanceof Error e) {
      throw e;
    }
  }

  /** The reports this policy does not allow. */
  List<CrashReport> disallowed(List<CrashReport> reports) {
    if (!failOnCrash || allowAll) {
      return List.of();
    }
    return reports.stream().filter(r -> !allowed.contains(r.processId())).toList();
  }

  /**
   * The failure for {@code reports}, if any is disallowed.
   *
   * @param when where they happened, such as "during this test"
   * @param marked what to mark with {@code @AllowCrash}, such as "the test"
   */
  Optional<AssertionError> check(List<CrashReport> reports, String when, String marked) {
    List<CrashReport> failing = disallowed(reports);
    if (failing.isEmpty()) {
      return Optional.empty();
    }
    Set<String> ids = new LinkedHashSet<>();
    failing.forEach(r -> ids.add(r.processId()));
    List<String> quoted = new ArrayList<>();
    ids.forEach(id -> quoted.add("\"" + id + "\""));
    String joined = String.join(", ", quoted);
    StringBuilder message = new StringBuilder();
    message
        .append(ids.size() == 1 ? "process " : "processes ")
        .append(joined)
        .append(" crashed ")
        .append(when)
        .append("; if that is expected, mark ")
        .append(marked)
        .append(" @AllowCrash(")
        .append(quoted.size() == 1 ? joined : "{" + joined + "}")
        .append("). ")
        .append(failing.size())
        .append(failing.size() == 1 ? " crash report:" : " crash reports:");
    for (CrashReport report : failing) {
      message.append("\n").append(report.toText(LOG_LINES));
    }
    return Optional.of(new AssertionError(message.toString()));
  }
}
