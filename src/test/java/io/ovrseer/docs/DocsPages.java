package io.ovrseer.docs;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.tools.JavaCompiler;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * The Java examples of pages in {@code docs/}: which of them a test class that runs them does not
 * hold, and which whole files among them do not compile alone (one check for every such class, so
 * that they all compare pages and code alike).
 */
final class DocsPages {
  /** Ends a line of a test class that is a check of its own, not part of the page. */
  static final String TEST_ONLY = "//test-only";

  private DocsPages() {}

  /**
   * The examples of {@code pages} (names in {@code docs/}) that the source of {@code testClass}
   * does not hold, each shown with its stand-ins, prefixed with its page. An example is held when,
   * after each key of {@code standIns} is replaced by its value, its code (all but its {@code
   * import} lines) is a run of the source, apart from white space and lines ending in {@link
   * #TEST_ONLY}, and each of its {@code import} lines is one of the source; a page without Java
   * examples is reported too.
   */
  static List<String> missingExamples(
      Class<?> testClass, List<String> pages, Map<String, String> standIns) throws IOException {
    Path file = Path.of("src/test/java", testClass.getName().replace('.', '/') + ".java");
    String source =
        normalize(
            Files.readAllLines(file).stream()
                .filter(line -> !line.trim().endsWith(TEST_ONLY))
                .collect(Collectors.joining("\n")));
    List<String> missing = new ArrayList<>();
    for (String page : pages) {
      List<String> blocks = javaBlocks(Files.readString(Path.of("docs", page)));
      if (blocks.isEmpty()) {
        missing.add("docs/" + page + ": no Java examples at all");
      }
      for (String block : blocks) {
        String runnable = withStandIns(block, standIns);
        List<String> imports = new ArrayList<>();
        List<String> code = new ArrayList<>();
        runnable.lines().forEach(l -> (l.startsWith("import ") ? imports : code).add(l));
        boolean held =
            source.contains(normalize(String.join("\n", code)))
                && imports.stream().allMatch(i -> source.contains(normalize(i)));
        if (!held) {
          missing.add("docs/" + page + ":\n" + runnable);
        }
      }
    }
    return missing;
  }

  /**
   * What javac says about each example of {@code pages} that is a whole source file (it begins with
   * its imports and declares a type) and does not compile on its own, with {@code standIns} and the
   * class path of this JVM: a test class that runs the example has imports of its own, so it does
   * not show that the page's are complete.
   */
  static List<String> notCompilingAlone(List<String> pages, Map<String, String> standIns, Path work)
      throws IOException {
    Pattern declaresAType = Pattern.compile("(?m)^(class|interface|@interface|record|enum) ");
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    List<String> failures = new ArrayList<>();
    try (StandardJavaFileManager files = javac.getStandardFileManager(null, null, null)) {
      for (String page : pages) {
        List<String> blocks = javaBlocks(Files.readString(Path.of("docs", page)));
        for (int i = 0; i < blocks.size(); i++) {
          String code = withStandIns(blocks.get(i), standIns);
          if (!code.startsWith("import ") || !declaresAType.matcher(code).find()) {
            continue;
          }
          Path dir = Files.createDirectories(work.resolve(page + "-" + (i + 1)));
          Path file = Files.writeString(dir.resolve("Example.java"), code);
          List<String> options =
              List.of(
                  "-proc:none", "-d", dir.toString(), "-cp", System.getProperty("java.class.path"));
          StringWriter messages = new StringWriter();
          if (!javac
              .getTask(messages, files, null, options, null, files.getJavaFileObjects(file))
              .call()) {
            failures.add("docs/" + page + ", Java example " + (i + 1) + ":\n" + messages);
          }
        }
      }
    }
    return failures;
  }

  /** The code of each {@code ```java} block of {@code markdown}, in order. */
  private static List<String> javaBlocks(String markdown) {
    List<String> blocks = new ArrayList<>();
    Matcher matcher = Pattern.compile("(?ms)^```java\\n(.*?)^```").matcher(markdown);
    while (matcher.find()) {
      blocks.add(matcher.group(1));
    }
    return blocks;
  }

  private static String withStandIns(String code, Map<String, String> standIns) {
    for (Map.Entry<String, String> standIn : standIns.entrySet()) {
      code = code.replace(standIn.getKey(), standIn.getValue());
    }
    return code;
  }

  private static String normalize(String code) {
    return code.replaceAll("\\s+", " ").trim();
  }
}
