package io.ovrseer.cli;

import java.nio.file.Path;

/** Reads environment descriptions: a YAML file, or a test class's Ovrseer annotations. */
final class Environments {
  private Environments() {}

  /**
   * Reads the YAML file {@code file}; {@code classpath} is what {@code ${classpath}} stands for
   * (null: this JVM's). Relative working directories are resolved against the file's directory.
   *
   * @throws ConfigException listing every problem with its {@code file:line}
   */
  static EnvironmentSpec fromYaml(Path file, String classpath) {
    Problems problems = new Problems();
    ConfigNode root = YamlReader.read(file, problems);
    Path base = file.toAbsolutePath().getParent();
    return new SpecReader(Placeholders.forThisJvm(classpath), base, problems)
        .read(file.getFileName().toString(), root);
  }

  /** Reads YAML {@code text} named {@code fileName}, for tests. */
  static EnvironmentSpec fromYamlText(String fileName, String text, Placeholders placeholders) {
    Problems problems = new Problems();
    ConfigNode root = YamlReader.read(fileName, text, problems);
    return new SpecReader(placeholders, Path.of("").toAbsolutePath(), problems)
        .read(fileName, root);
  }
}
