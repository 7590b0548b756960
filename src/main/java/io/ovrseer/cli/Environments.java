package io.ovrseer.cli;

import io.ovrseer.Ovrseer;
import io.ovrseer.junit.AnnotationReader;
import io.ovrseer.spec.Assembly;
import io.ovrseer.spec.ConfigNode;
import io.ovrseer.spec.Declaration;
import io.ovrseer.spec.EnvironmentSpec;
import io.ovrseer.spec.PlaceholderContext;
import io.ovrseer.spec.Ports;
import io.ovrseer.spec.Problems;
import io.ovrseer.spec.ProcessGroup;
import io.ovrseer.spec.SpecException;
import io.ovrseer.spec.SpecReader;
import java.io.File;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The front ends of the command line: a YAML file (its shape: the settings and the groups {@code
 * setup}, {@code dependencies}, {@code main}, {@code cleanup}, each a map from id to process), and
 * a test class's annotations, read by the same {@link AnnotationReader} as the JUnit extension.
 * Both produce the one model, {@link EnvironmentSpec}.
 */
final class Environments {
  private static final List<String> GROUP_KEYS =
      Arrays.stream(ProcessGroup.values()).map(ProcessGroup::yamlKey).toList();

  private Environments() {}

  /**
   * Reads the YAML file {@code file}.
   *
   * @throws SpecException listing every problem with its {@code file:line}
   */
  static EnvironmentSpec fromYaml(Path file) {
    Problems problems = new Problems();
    return fromYaml(file.getFileName().toString(), YamlReader.read(file, problems), problems);
  }

  /** Reads YAML {@code text} named {@code fileName}. */
  static EnvironmentSpec fromYamlText(String fileName, String text) {
    Problems problems = new Problems();
    return fromYaml(fileName, YamlReader.read(fileName, text, problems), problems);
  }

  private static EnvironmentSpec fromYaml(String source, ConfigNode root, Problems problems) {
    Map<String, ConfigNode> settings = new LinkedHashMap<>();
    List<Declaration> declarations = new ArrayList<>();
    if (root.kind() == ConfigNode.Kind.MAP) {
      root.entries()
          .forEach(
              (key, value) -> {
                if (ProcessGroup.ofYamlKey(key).isEmpty()) {
                  settings.put(key, value);
                }
              });
      for (ProcessGroup group : ProcessGroup.values()) {
        ConfigNode node = root.entries().get(group.yamlKey());
        if (node != null) {
          readGroup(group, node, declarations, problems);
        }
      }
    } else if (root.kind() != ConfigNode.Kind.NULL) {
      problems.add(root.location() + ":", "expected a map, but was " + root.describeKind());
    }
    Map<String, String> keyLocations = new LinkedHashMap<>();
    settings.keySet().forEach(key -> keyLocations.put(key, root.keyLocation(key)));
    EnvironmentSpec spec =
        SpecReader.read(
            source,
            "",
            ConfigNode.map(root.location(), settings, keyLocations),
            GROUP_KEYS,
            declarations,
            problems);
    if (spec.processes().isEmpty()) {
      throw new SpecException(
          root.location() + ":",
          "declares no process: add setup, dependencies, main or cleanup processes");
    }
    return spec;
  }

  private static void readGroup(
      ProcessGroup group, ConfigNode node, List<Declaration> out, Problems problems) {
    if (node.kind() == ConfigNode.Kind.NULL) {
      return;
    }
    if (node.kind() != ConfigNode.Kind.MAP) {
      problems.add(
          node.location() + ": " + group.yamlKey(),
          "expected a map from process id to process, such as {api: {command: [sh, -c, 'echo"
              + " hi']}}, but was "
              + node.describeKind());
      return;
    }
    node.entries()
        .forEach(
            (id, process) -> out.add(Declaration.ofYaml(group, id, node.keyLocation(id), process)));
  }

  /**
   * Reads the annotations of {@code className}, found on {@code classpath} (null: this JVM's class
   * path).
   *
   * @throws SpecException if the class cannot be loaded or its annotations are wrong
   */
  static EnvironmentSpec fromClass(String className, String classpath) {
    return fromClass(className, classpath, classLoader(classpath));
  }

  /**
   * What {@code --classpath} loads from, before this JVM's own class path: also where services find
   * their binaries (the Maven artifacts of PostgreSQL, Redis, Kafka). This JVM's class loader when
   * {@code classpath} is null.
   */
  static ClassLoader classLoader(String classpath) {
    ClassLoader parent = Environments.class.getClassLoader();
    return classpath == null ? parent : new URLClassLoader(urls(classpath), parent);
  }

  /** As {@link #fromClass(String, String)}, with the class loader of {@code classpath}. */
  static EnvironmentSpec fromClass(String className, String classpath, ClassLoader loader) {
    Class<?> testClass;
    try {
      testClass = Class.forName(className, false, loader);
    } catch (ClassNotFoundException | LinkageError e) {
      throw new SpecException(
          "--class",
          "["
              + className
              + "] cannot be loaded from "
              + (classpath == null ? "this JVM's class path" : "--classpath [" + classpath + "]")
              + ": "
              + e);
    }
    EnvironmentSpec spec = AnnotationReader.read(testClass);
    if (spec.processes().isEmpty()) {
      throw new SpecException(
          "--class",
          "["
              + className
              + "] declares no process: add @SetupProcess, @Dependency, @MainProcess or"
              + " @CleanupProcess");
    }
    return spec;
  }

  /**
   * The locations of {@code classpath}'s entries. An entry {@code *} or ending in {@code /*} stands
   * for the {@code .jar} and {@code .JAR} files of its directory, as in {@code java -cp} (none if
   * the directory does not exist).
   */
  private static URL[] urls(String classpath) {
    List<URL> urls = new ArrayList<>();
    for (String entry : classpath.split(File.pathSeparator)) {
      if (entry.isBlank()) {
        continue;
      }
      // java.io.File, not Path: an entry such as lib/* is no valid Path on Windows.
      File file = new File(entry).getAbsoluteFile();
      List<File> files = file.getName().equals("*") ? jars(file.getParentFile()) : List.of(file);
      for (File each : files) {
        try {
          urls.add(each.toURI().toURL());
        } catch (MalformedURLException e) {
          throw new SpecException("--classpath", "[" + entry + "] is not a path: " + e);
        }
      }
    }
    return urls.toArray(URL[]::new);
  }

  /** The jar files in {@code directory}, by name (java leaves their order open). */
  private static List<File> jars(File directory) {
    File[] jars = directory.listFiles(f -> f.isFile() && f.getName().matches(".*\\.(jar|JAR)"));
    return jars == null ? List.of() : Arrays.stream(jars).sorted().toList();
  }

  /**
   * A new orchestrator with every process of {@code spec} built and registered, not started; its
   * crash reporter a {@link TrackedCrashReporter}, writing to the default directory.
   *
   * @param baseDirectory what relative working directories are resolved against
   * @throws SpecException listing every value that is wrong once resolved
   */
  static Ovrseer toOvrseer(
      EnvironmentSpec spec, PlaceholderContext context, Ports ports, Path baseDirectory) {
    Assembly.Assembled assembled = Assembly.build(spec, ports, context, baseDirectory);
    Ovrseer ovrseer = new Ovrseer(spec.options().crashReporter(new TrackedCrashReporter()).build());
    Assembly.register(ovrseer, assembled.processes());
    return ovrseer;
  }
}
