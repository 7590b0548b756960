package io.ovrseer.cli;

import java.io.File;
import java.lang.annotation.Annotation;
import java.lang.reflect.InvocationTargetException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the environment a test class declares with the annotations of {@code io.ovrseer.junit}
 * ({@code @OvrseerEnvironment}, {@code @Dependency}, {@code @MainProcess}, {@code @CleanupProcess}
 * with their {@code @Ready} and {@code @LogFlag}), for {@code ovrseer up --class}. The annotations
 * are read by reflection and checked by the same {@link SpecReader} as a YAML file, so the rules
 * and the messages are the same; a location reads like {@code ApiIT @MainProcess(id = "api")}.
 *
 * <p>Annotations are found on the class, its superclasses, and one level of meta-annotations.
 */
final class AnnotationReader {
  private static final String PACKAGE = "io.ovrseer.junit.";
  private static final Map<String, String> GROUPS =
      Map.of("Dependency", "dependencies", "MainProcess", "main", "CleanupProcess", "cleanup");
  private static final Map<String, String> CONTAINERS =
      Map.of(
          "Dependencies",
          "Dependency",
          "MainProcesses",
          "MainProcess",
          "CleanupProcesses",
          "CleanupProcess");

  private final String className;
  private final Map<String, Map<String, ConfigNode>> groups = new LinkedHashMap<>();
  private final Map<String, Map<String, String>> idLocations = new LinkedHashMap<>();
  private final Map<String, ConfigNode> top = new LinkedHashMap<>();
  private final Problems problems;

  private AnnotationReader(String className, Problems problems) {
    this.className = className;
    this.problems = problems;
    for (String group : List.of("dependencies", "main", "cleanup")) {
      groups.put(group, new LinkedHashMap<>());
      idLocations.put(group, new LinkedHashMap<>());
    }
  }

  /**
   * Reads the annotations of {@code className}, found on {@code classpath} (null: this JVM's class
   * path), which is also what {@code ${classpath}} stands for.
   *
   * @throws ConfigException if the class cannot be loaded or its annotations are wrong
   */
  static EnvironmentSpec read(String className, String classpath) {
    Class<?> testClass = load(className, classpath);
    Problems problems = new Problems();
    AnnotationReader reader = new AnnotationReader(testClass.getSimpleName(), problems);
    List<Class<?>> hierarchy = new ArrayList<>();
    for (Class<?> c = testClass; c != null && c != Object.class; c = c.getSuperclass()) {
      hierarchy.add(0, c);
    }
    for (Class<?> c : hierarchy) {
      reader.scan(c.getDeclaredAnnotations(), new HashSet<>());
    }
    ConfigNode root = reader.root();
    return new SpecReader(
            Placeholders.forThisJvm(classpath), Path.of("").toAbsolutePath(), problems)
        .read(testClass.getName(), root);
  }

  private static Class<?> load(String className, String classpath) {
    ClassLoader parent = AnnotationReader.class.getClassLoader();
    ClassLoader loader = classpath == null ? parent : new URLClassLoader(urls(classpath), parent);
    try {
      return Class.forName(className, false, loader);
    } catch (ClassNotFoundException | LinkageError e) {
      throw new ConfigException(
          "--class "
              + className
              + ": cannot load it from "
              + (classpath == null ? "this JVM's class path" : "--classpath [" + classpath + "]")
              + ": "
              + e,
          e);
    }
  }

  private static URL[] urls(String classpath) {
    List<URL> urls = new ArrayList<>();
    for (String entry : classpath.split(File.pathSeparator)) {
      if (!entry.isBlank()) {
        try {
          urls.add(Path.of(entry).toAbsolutePath().toUri().toURL());
        } catch (MalformedURLException e) {
          throw new ConfigException("--classpath entry [" + entry + "] is not a path: " + e, e);
        }
      }
    }
    return urls.toArray(URL[]::new);
  }

  private void scan(Annotation[] annotations, Set<Class<?>> seen) {
    for (Annotation annotation : annotations) {
      Class<? extends Annotation> type = annotation.annotationType();
      String name = type.getName();
      if (name.startsWith(PACKAGE)) {
        String simple = name.substring(PACKAGE.length());
        if (simple.equals("OvrseerEnvironment")) {
          environment(annotation);
        } else if (GROUPS.containsKey(simple)) {
          process(GROUPS.get(simple), simple, annotation);
        } else if (CONTAINERS.containsKey(simple)) {
          String element = CONTAINERS.get(simple);
          for (Object each : (Object[]) attribute(annotation, "value")) {
            process(GROUPS.get(element), element, (Annotation) each);
          }
        }
      } else if (!name.startsWith("java.") && !name.startsWith("org.junit.") && seen.add(type)) {
        scan(type.getDeclaredAnnotations(), seen);
      }
    }
  }

  private void environment(Annotation annotation) {
    if (top.containsKey("retries")) {
      return;
    }
    String location = className + " @OvrseerEnvironment";
    top.put("retries", scalar(location, attribute(annotation, "retries")));
    top.put("retryDelay", scalar(location, attribute(annotation, "retryDelay")));
    top.put("cleanupTimeout", scalar(location, attribute(annotation, "cleanupTimeout")));
  }

  private void process(String group, String kind, Annotation annotation) {
    String id = (String) attribute(annotation, "id");
    String location = className + " @" + kind + "(id = \"" + id + "\")";
    Map<String, ConfigNode> process = new LinkedHashMap<>();
    process.put("command", list(location, (String[]) attribute(annotation, "command")));
    Map<String, ConfigNode> env = new LinkedHashMap<>();
    for (String pair : (String[]) attribute(annotation, "env", new String[0])) {
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        problems.add(
            location, group + "." + id + ".env", "[" + pair + "] must be written KEY=VALUE");
      } else {
        env.put(pair.substring(0, eq), ConfigNode.scalar(location, pair.substring(eq + 1)));
      }
    }
    if (!env.isEmpty()) {
      process.put("env", map(location, env));
    }
    String workingDirectory = (String) attribute(annotation, "workingDirectory", "");
    if (!workingDirectory.isEmpty()) {
      process.put("workingDirectory", ConfigNode.scalar(location, workingDirectory));
    }
    if (hasAttribute(annotation, "stopTimeout")) {
      process.put("stopTimeout", scalar(location, attribute(annotation, "stopTimeout")));
    }
    if (hasAttribute(annotation, "ready")) {
      ConfigNode ready = ready(location, (Annotation) attribute(annotation, "ready"));
      if (ready != null) {
        process.put("ready", ready);
      }
    }
    List<ConfigNode> flags = new ArrayList<>();
    for (Object flag : (Object[]) attribute(annotation, "flags", new Object[0])) {
      flags.add(flag(location, (Annotation) flag));
    }
    if (!flags.isEmpty()) {
      process.put("flags", ConfigNode.list(location, flags));
    }
    String first = idLocations.get(group).putIfAbsent(id, location);
    if (first != null) {
      problems.add(
          location, group + "." + id, "duplicate id [" + id + "]; already declared by " + first);
      return;
    }
    groups.get(group).put(id, map(location, process));
  }

  private ConfigNode ready(String location, Annotation ready) {
    Map<String, ConfigNode> checks = new LinkedHashMap<>();
    for (String key : List.of("log", "tcpPort", "http")) {
      String value = (String) attribute(ready, key);
      if (!value.isEmpty()) {
        checks.put(key, ConfigNode.scalar(location, value));
      }
    }
    String[] command = (String[]) attribute(ready, "command");
    if (command.length > 0) {
      checks.put("command", list(location, command));
    }
    if (checks.isEmpty()) {
      return null;
    }
    if (checks.containsKey("log")) {
      checks.put("times", scalar(location, attribute(ready, "times")));
      if (hasAttribute(ready, "passIfNotFound")) {
        checks.put("passIfNotFound", scalar(location, attribute(ready, "passIfNotFound")));
      }
    }
    checks.put("timeout", scalar(location, attribute(ready, "timeout")));
    return map(location, checks);
  }

  private ConfigNode flag(String location, Annotation flag) {
    Map<String, ConfigNode> keys = new LinkedHashMap<>();
    keys.put("name", scalar(location, attribute(flag, "name")));
    keys.put("pattern", scalar(location, attribute(flag, "pattern")));
    keys.put("color", scalar(location, attribute(flag, "color")));
    int target = ((Number) attribute(flag, "targetCount")).intValue();
    if (target >= 0) {
      keys.put("targetCount", scalar(location, target));
    }
    keys.put("contextWindowSize", scalar(location, attribute(flag, "contextWindowSize")));
    return map(location, keys);
  }

  private ConfigNode root() {
    Map<String, ConfigNode> entries = new LinkedHashMap<>(top);
    groups.forEach(
        (group, processes) -> {
          if (!processes.isEmpty()) {
            entries.put(group, map(className, processes));
          }
        });
    return map(className, entries);
  }

  private static ConfigNode scalar(String location, Object value) {
    return ConfigNode.scalar(
        location, value instanceof Enum<?> e ? e.name() : String.valueOf(value));
  }

  private static ConfigNode list(String location, String[] values) {
    List<ConfigNode> items = new ArrayList<>();
    for (String value : values) {
      items.add(ConfigNode.scalar(location, value));
    }
    return ConfigNode.list(location, items);
  }

  private static ConfigNode map(String location, Map<String, ConfigNode> entries) {
    Map<String, String> keyLocations = new LinkedHashMap<>();
    entries.forEach((key, value) -> keyLocations.put(key, value.location()));
    return ConfigNode.map(location, entries, keyLocations);
  }

  private static boolean hasAttribute(Annotation annotation, String name) {
    try {
      annotation.annotationType().getMethod(name);
      return true;
    } catch (NoSuchMethodException e) {
      return false;
    }
  }

  private static Object attribute(Annotation annotation, String name, Object absent) {
    return hasAttribute(annotation, name) ? attribute(annotation, name) : absent;
  }

  private static Object attribute(Annotation annotation, String name) {
    try {
      return annotation.annotationType().getMethod(name).invoke(annotation);
    } catch (NoSuchMethodException | IllegalAccessException e) {
      throw new ConfigException(
          "@"
              + annotation.annotationType().getSimpleName()
              + " has no readable attribute "
              + name
              + "; is the ovrseer jar on --classpath of another version?",
          e);
    } catch (InvocationTargetException e) {
      throw new ConfigException(
          "@" + annotation.annotationType().getSimpleName() + "(" + name + "): " + e.getCause(),
          e.getCause());
    }
  }
}
