package io.ovrseer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Properties of the compiled library that its build settings are responsible for. */
class ClassFilesTest {

  /**
   * Every test JVM links the concatenations its first environment runs: with invokedynamic, each
   * one's bootstrap, about 28 ms for the first class of a JVM here (see pom.xml).
   */
  @Test
  void theLibraryConcatenatesStringsWithoutInvokedynamic() throws Exception {
    Path classes =
        Path.of(Ovrseer.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    assertThat(classes).as("the library's classes, as a directory").isDirectory();
    List<Path> files;
    try (Stream<Path> walk = Files.walk(classes)) {
      files = walk.filter(p -> p.toString().endsWith(".class")).collect(Collectors.toList());
    }
    assertThat(files).hasSizeGreaterThan(100);

    List<Path> withBootstrap =
        files.stream().filter(ClassFilesTest::namesTheConcatBootstrap).collect(Collectors.toList());

    assertThat(withBootstrap).isEmpty();
  }

  private static boolean namesTheConcatBootstrap(Path classFile) {
    try {
      // Latin-1 keeps every byte, so the constant pool's UTF-8 name is found as text.
      return new String(Files.readAllBytes(classFile), StandardCharsets.ISO_8859_1)
          .contains("java/lang/invoke/StringConcatFactory");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
