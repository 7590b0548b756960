package io.ovrseer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TextTest {
  @Test
  void aCleanedPrefixIsThePrefixOfTheCleanedText() {
    List<String> texts =
        List.of(
            "plain text",
            "\u001B[31mred\u001B[0m and\ttab\u001B]0;title\u0007 end",
            "a\u0001b\rc\u009Bd",
            "emoji \uD83D\uDE00\uD83D\uDE00 and \u6F22\u5B57",
            "\t\tx",
            "\u001B[");
    for (String text : texts) {
      String whole = Text.clean(text);
      for (int n = 0; n <= whole.length() + 2; n++) {
        String prefix = Text.clean(text, n);
        int expected = Math.min(n, whole.length());
        if (expected > 0
            && expected < whole.length()
            && Character.isHighSurrogate(whole.charAt(expected - 1))) {
          expected++;
        }
        assertThat(prefix).as("%s cut at %d", text, n).isEqualTo(whole.substring(0, expected));
      }
    }
  }

  @Test
  void wrapBreaksAtSpacesWithinWordsTooLongAndCountsWideCharactersAsTwoColumns() {
    assertThat(Text.wrap("could not bind port 8080", 10, 5))
        .containsExactly("could not", "bind port", "8080");
    assertThat(Text.wrap("abcdefghijkl mn", 5, 5)).containsExactly("abcde", "fghij", "kl mn");
    assertThat(Text.wrap("\u6F22\u5B57\u6F22\u5B57\u6F22", 5, 5))
        .containsExactly("\u6F22\u5B57", "\u6F22\u5B57", "\u6F22");
    assertThat(Text.wrap("one two three four", 5, 2)).containsExactly("one", "two \u2026");
    assertThat(Text.wrap("   ", 5, 2)).containsExactly("");
  }
}
