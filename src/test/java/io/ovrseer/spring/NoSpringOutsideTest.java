package io.ovrseer.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Users without Spring are not affected: only io.ovrseer.spring refers to Spring's classes. */
class NoSpringOutsideTest {

  @Test
  void noClassOutsideTheSpringPackageRefersToSpring() throws IOException {
    Path classes = Path.of("target", "classes");
    Path spring = classes.resolve("io/ovrseer/spring");
    List<Path> offenders;
    try (Stream<Path> files = Files.walk(classes)) {
      offenders =
          files
              .filter(f -> f.toString().endsWith(".class") && !f.startsWith(spring))
              .filter(NoSpringOutsideTest::refersToSpring)
              .toList();
    }

    assertThat(spring.resolve("OvrseerContextCustomizerFactory.class")).exists();
    assertThat(offenders).isEmpty();
  }

  private static boolean refersToSpring(Path classFile) {
    try {
      // Class names sit in the constant pool as UTF-8 text, such as org/springframework/....
      return new String(Files.readAllBytes(classFile), StandardCharsets.ISO_8859_1)
          .contains("org/springframework/");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
