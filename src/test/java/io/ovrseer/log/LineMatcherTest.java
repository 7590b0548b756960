package io.ovrseer.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LineMatcherTest {
  private static final List<String> PATTERNS =
      List.of(
          "ERROR",
          "ERROR|Exception",
          "WARN|WARNING|warn",
          "\\bFAILED\\b",
          "timeout after \\d+ ms",
          "a.c",
          "colou?r",
          "x+yz",
          "[Ee]rror",
          "(?i)fatal",
          "^start",
          "end$",
          "a\\.b",
          "ab*c",
          "conn(ection)? refused",
          "\\d{3}-\\d{4}",
          "OutOfMemoryError",
          "dead\\s*lock",
          "q{2}rs",
          "a\\|b");
  private static final String ALPHABET = "abcxyzqrsERORWANFILDTimeoutfa| .-0123456789\\";

  @Test
  void alwaysAgreesWithRegexFind() {
    Random random = new Random(42);
    for (String regex : PATTERNS) {
      Pattern pattern = Pattern.compile(regex);
      LineMatcher matcher = LineMatcher.of(pattern);
      for (int i = 0; i < 20_000; i++) {
        String line = randomLine(random, regex);
        assertThat(matcher.matches(line))
            .as("/%s/ on [%s]", regex, line)
            .isEqualTo(pattern.matcher(line).find());
      }
    }
  }

  private static String randomLine(Random random, String regex) {
    StringBuilder line = new StringBuilder();
    int length = random.nextInt(30);
    for (int i = 0; i < length; i++) {
      if (random.nextInt(10) == 0) {
        String fragment = regex.replaceAll("[\\\\^$()?*+{}\\[\\]|]", "");
        line.append(fragment, 0, random.nextInt(fragment.length() + 1));
      } else {
        line.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
      }
    }
    return line.toString();
  }

  /** Patterns whose braces, escapes or classes are not text a matching line must contain. */
  @ParameterizedTest
  @CsvSource(
      delimiter = ';',
      value = {
        "\\d{10,};order 12345678901 failed",
        "[A-Z]{3,5}ERR;XYZERR",
        "\\p{Upper}\\d;A1",
        "ab{0,1}cd;acd",
        "[a\\]bc]x;]x",
        "[a[bc]de]x;bx",
        "\\x41BC;ABC",
        "\\u0041BC;ABC",
        "\\0101BC;ABC",
        "\\QAB\\E?C;AC",
        "\\cAbc;zz\u0001bc",
        "x\\k<n>;x",
        "ab\uD83D\uDE00?;ab",
        "ab\uD83D\uDE00*;abc",
        "ab\\\uD83D\uDE00?;ab",
        "\uD83D\uDE00{0,1}xy;xy"
      })
  void agreesWithRegexFindOnPatternsWithArgumentsAndClasses(String regex, String line) {
    Pattern pattern;
    try {
      pattern = Pattern.compile(regex);
    } catch (java.util.regex.PatternSyntaxException notARegex) {
      // \\k<n> without a group n: not a pattern a flag could have.
      return;
    }
    assertThat(LineMatcher.of(pattern).matches(line))
        .as("/%s/ on [%s]", regex, line)
        .isEqualTo(pattern.matcher(line).find())
        .isTrue();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = ';',
      value = {"ERROR|Exception;[ERROR, Exception]", "a\\.b;[a.b]", "x.y;", "(?i)err;", "a||b;"})
  void recognisesLiteralAlternations(String regex, String expected) {
    List<String> literals = LineMatcher.literalAlternatives(regex);
    assertThat(literals == null ? null : literals.toString()).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = ';',
      value = {
        "\\bFAILED\\b;FAILED",
        "timeout after \\d+ ms;'timeout after '",
        "colou?r;colo",
        "x+yz;yz",
        "[Ee]rror;rror",
        "a|b;",
        "conn(ection)?;",
        "\\d{10,}x;x",
        "ab{0,1}cd;cd",
        "[A-Z]{3,5}ERR;ERR",
        "\\p{Upper}xy;",
        "[a\\]bc]x;",
        "\\QAB\\E;",
        "ab\uD83D\uDE00?;ab",
        "\uD83D\uDE00+x;\uD83D\uDE00"
      })
  void findsTheLongestRequiredLiteral(String regex, String expected) {
    assertThat(LineMatcher.requiredLiteral(regex)).isEqualTo(expected);
  }
}
