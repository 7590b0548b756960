package io.ovrseer.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CommandTextTest {
  private static String path(String... entries) {
    return String.join(File.pathSeparator, entries);
  }

  @Test
  void aClassPathIsShownAsItsFirstEntryAndTheNumberOfEntries() {
    for (String option : List.of("-cp", "-classpath", "--class-path", "--module-path", "-p")) {
      assertThat(
              CommandText.of(
                  "java",
                  List.of(option, path("target/classes", "a.jar", "b.jar"), "com.example.Main")))
          .isEqualTo("java " + option + " target/classes… (3 entries) com.example.Main");
    }
  }

  @Test
  void aClassPathOfOneEntryAndOtherArgumentsAreShownAsTheyAre() {
    assertThat(CommandText.of("java", List.of("-cp", "target/classes", "Main", path("x", "y"))))
        .isEqualTo("java -cp target/classes Main " + path("x", "y"));
    assertThat(CommandText.of("redis-server", List.of())).isEqualTo("redis-server");
  }

  @Test
  void aLineStillTooLongKeepsItsTwoEnds() {
    List<String> args = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      args.add("--option-" + i);
    }
    String text = CommandText.of("server", args);

    assertThat(text).startsWith("server --option-0 ").endsWith(" --option-99").contains(" ... ");
    assertThat(text.length()).isEqualTo(300);
  }
}
