package io.ovrseer.junit;

import io.ovrseer.Ovrseer;
import io.ovrseer.RegisteredProcess;
import io.ovrseer.internal.FileNames;
import io.ovrseer.internal.Plural;
import io.ovrseer.log.LogLine;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.MediaType;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What each process logged during one test, published when the test fails: the processes of the
 * test's environment and of the environments of enclosing classes it also runs against; one file
 * per process ({@code ovrseer-<id>.log}, {@code -1}, {@code -2}... before {@code .log} when two ids
 * make one name, through {@link ExtensionContext#publishFile}), a report entry per process with its
 * last lines, and the last lines on stderr.
 */
final class TestLogs {
  static final int LAST_LINES = 20;

  /** The processes of one environment and where each one's log stood at the mark. */
  private record Marked(Ovrseer ovrseer, Map<String, Long> marks) {}

  private final List<Marked> environments;

  private TestLogs(List<Marked> environments) {
    this.environments = environments;
  }

  /** Marks where each process's log stands now; with {@code fromStart}, the whole log counts. */
  static TestLogs mark(Ovrseer ovrseer, boolean fromStart) {
    return new TestLogs(List.of(marked(ovrseer, fromStart)));
  }

  /**
   * These marks and those of the processes of {@code enclosing} now: an enclosing class's
   * environment, which a {@code @Nested} class with its own environment also runs against.
   */
  TestLogs and(Ovrseer enclosing) {
    List<Marked> all = new ArrayList<>(environments);
    all.add(marked(enclosing, false));
    return new TestLogs(List.copyOf(all));
  }

  private static Marked marked(Ovrseer ovrseer, boolean fromStart) {
    Map<String, Long> marks = new LinkedHashMap<>();
    ovrseer
        .getAllProcesses()
        .forEach(
            (id, registered) ->
                marks.put(id, fromStart ? 0L : registered.process().logger().getLineCount()));
    return new Marked(ovrseer, marks);
  }

  /**
   * Publishes every process's lines since the mark, the test's own environment's first; for the
   * context of a test class that failed itself (in {@code @BeforeAll} or {@code @AfterAll}), as the
   * lines during the class.
   */
  void publish(ExtensionContext context) {
    boolean ofClass = isClass(context);
    String during = ofClass ? "during the class" : "during the test";
    StringBuilder stderr = new StringBuilder();
    stderr.append("ovrseer: ");
    if (ofClass) {
      stderr.append(testClass(context)).append(" failed outside its tests");
    } else {
      stderr
          .append(testName(context))
          // The class too: in a parallel run, two classes may have a test of that name.
          .append(" of ")
          .append(testClass(context))
          .append(" failed");
    }
    stderr
        .append("; the last ")
        .append(LAST_LINES)
        .append(" log lines of each process ")
        .append(ofClass ? during : "during it")
        .append(":");
    // Two ids may make one file name ("api:v1" and "api/v1"); the second would overwrite the first.
    Set<String> fileNames = new HashSet<>();
    for (Marked environment : environments) {
      Map<String, Long> marks = environment.marks();
      for (Map.Entry<String, RegisteredProcess> entry :
          environment.ovrseer().getAllProcesses().entrySet()) {
        String id = entry.getKey();
        RegisteredProcess registered = entry.getValue();
        long mark = marks.getOrDefault(id, 0L);
        List<LogLine> entries =
            registered.process().logger().getEntries().stream()
                .filter(line -> line.sequence() >= mark)
                .toList();
        List<String> lines = entries.stream().map(LogLine::text).toList();
        List<String> last = lines.subList(Math.max(0, lines.size() - LAST_LINES), lines.size());
        // Counted from the sequence numbers: a chatty test's first lines are no longer kept.
        long logged = entries.isEmpty() ? 0 : entries.get(entries.size() - 1).sequence() + 1 - mark;
        String header =
            id
                + " ("
                + registered.type().name().toLowerCase(Locale.ROOT)
                + ", "
                + registered.process().getState()
                + ", "
                + Plural.of(logged, "line", "lines")
                + " "
                + during
                + (logged > lines.size()
                    ? ", the first " + (logged - lines.size()) + " dropped"
                    : "")
                + ")";
        publishFile(context, id, fileName(id, fileNames), lines);
        context.publishReportEntry(
            "ovrseer.log." + id, header + (last.isEmpty() ? "" : "\n" + String.join("\n", last)));
        stderr.append("\n--- ").append(header);
        last.forEach(line -> stderr.append("\n| ").append(line));
      }
    }
    System.err.println(stderr);
  }

  /**
   * The test's display name after those of what holds it below its class: {@code
   * "crashes(ProcessUnit) / [2] 7"} for an invocation of a parameterized or repeated test, {@code
   * "crashesOnce() / crashes"} for a dynamic test; the invocation's alone ("[2] 7") does not say
   * which test it is.
   */
  private static String testName(ExtensionContext context) {
    String name = context.getDisplayName();
    for (Optional<ExtensionContext> c = context.getParent();
        c.isPresent() && c.get().getParent().isPresent() && !isClass(c.get());
        c = c.get().getParent()) {
      name = c.get().getDisplayName() + " / " + name;
    }
    return name;
  }

  private static boolean isClass(ExtensionContext context) {
    return context.getElement().filter(Class.class::isInstance).isPresent();
  }

  /**
   * The simple name of the test class (a dynamic test's context has none, its factory's has); for
   * an invocation of a {@code @ParameterizedClass} (a class template) followed by the invocation's
   * name, {@code "ApiIT [2] 500"}: the test's name is the same in every invocation.
   */
  private static String testClass(ExtensionContext context) {
    for (Optional<ExtensionContext> c = Optional.of(context);
        c.isPresent();
        c = c.get().getParent()) {
      if (isClass(c.get())) {
        Object type = c.get().getElement().orElseThrow();
        String name = ((Class<?>) type).getSimpleName();
        boolean invocation =
            c.get()
                .getParent()
                .flatMap(ExtensionContext::getElement)
                .filter(type::equals)
                .isPresent();
        return invocation ? name + " " + c.get().getDisplayName() : name;
      }
    }
    return "?";
  }

  /** {@code ovrseer-<id>.log}, or with {@code -1}, {@code -2}... if another process took it. */
  private static String fileName(String id, Set<String> taken) {
    String base = "ovrseer-" + FileNames.part(id);
    String name = base + ".log";
    for (int n = 1; !taken.add(name); n++) {
      name = base + "-" + n + ".log";
    }
    return name;
  }

  private static void publishFile(
      ExtensionContext context, String id, String name, List<String> lines) {
    try {
      context.publishFile(
          name,
          MediaType.TEXT_PLAIN_UTF_8,
          path -> Files.write(path, lines, StandardCharsets.UTF_8));
    } catch (LinkageError olderJUnit) {
      // JUnit before 5.14 has no publishFile with this media type; the report entry remains.
    } catch (RuntimeException e) {
      System.err.println("ovrseer: could not publish the log of \"" + id + "\" as a file: " + e);
    }
  }
}
