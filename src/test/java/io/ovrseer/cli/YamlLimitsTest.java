package io.ovrseer.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ovrseer.spec.ConfigNode;
import io.ovrseer.spec.EnvironmentSpec;
import io.ovrseer.spec.Problem;
import io.ovrseer.spec.Problems;
import io.ovrseer.spec.SpecException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class YamlLimitsTest {

  private static ConfigNode read(String yaml) {
    return YamlReader.read("env.yml", yaml, new Problems());
  }

  /** 24 lines, each listing the previous one twice: 48 aliases, 2^24 values once expanded. */
  private static String aliasBomb() {
    StringBuilder yaml = new StringBuilder("a0: &a0 [x, x]\n");
    for (int i = 1; i <= 24; i++) {
      yaml.append("a").append(i).append(": &a").append(i);
      yaml.append(" [*a").append(i - 1).append(", *a").append(i - 1).append("]\n");
    }
    return yaml.toString();
  }

  @Test
  void aListThatContainsItselfIsAConfigErrorWithItsLine() {
    assertThatThrownBy(() -> read("main:\n  api:\n    command: &a [*a]\n"))
        .isInstanceOf(SpecException.class)
        .hasMessage(
            "env.yml:3: invalid YAML: an alias refers to a list or map that contains it (a"
                + " recursive structure)");
  }

  @Test
  void aFileWhoseAliasesExpandToMillionsOfValuesIsAConfigErrorWithItsLine() {
    String bomb = aliasBomb();
    assertThat(bomb.length()).as("a small file").isLessThan(1024);

    assertThatThrownBy(() -> read(bomb))
        .isInstanceOf(SpecException.class)
        .hasMessageMatching(
            "env\\.yml:\\d+: invalid YAML: more than 100000 values once aliases are expanded");
  }

  @Test
  void moreAliasesToCollectionsThanTheLimitAreAConfigErrorWithALine() {
    StringBuilder yaml = new StringBuilder("a: &a [x]\nb:\n");
    for (int i = 0; i < YamlLimits.MAX_ALIASES_FOR_COLLECTIONS + 1; i++) {
      yaml.append("  - *a\n");
    }

    assertThatThrownBy(() -> read(yaml.toString()))
        .isInstanceOf(SpecException.class)
        .hasMessageMatching("env\\.yml:\\d+: invalid YAML: .*");
  }

  @Test
  void nestingDeeperThanTheLimitIsAConfigErrorWithALine() {
    String deep = "[".repeat(YamlLimits.MAX_NESTING_DEPTH + 10) + "]".repeat(60);

    assertThatThrownBy(() -> read("main: " + deep + "\n"))
        .isInstanceOf(SpecException.class)
        .hasMessageMatching("env\\.yml:1: invalid YAML: .*");
  }

  @Test
  void aFileLargerThanTheLimitIsAConfigErrorNotAnOutOfMemoryError(@TempDir Path dir)
      throws Exception {
    // 3 GiB (sparse): reading it whole, before the code point limit applies, was an
    // OutOfMemoryError.
    Path file = dir.resolve("env.yml");
    try (RandomAccessFile huge = new RandomAccessFile(file.toFile(), "rw")) {
      huge.setLength(3L << 30);
    }

    assertThatThrownBy(() -> Environments.fromYaml(file))
        .isInstanceOf(SpecException.class)
        .hasMessage(file + ": is larger than 12 MiB; an environment file is a few kilobytes");
  }

  /** {@code n} main processes, each waiting for the next; the last for {@code lastWaitsFor}. */
  private static String chain(int n, String lastWaitsFor) {
    StringBuilder yaml = new StringBuilder("main:\n");
    for (int i = 0; i < n; i++) {
      String next = i + 1 < n ? "p" + (i + 1) : lastWaitsFor;
      yaml.append("  p").append(i).append(": {command: [x], dependsOn: [").append(next);
      yaml.append("]}\n");
    }
    return yaml.toString();
  }

  @Test
  @Timeout(30)
  void aLongDependsOnChainIsCheckedWithoutRecursion() {
    EnvironmentSpec spec = Environments.fromYamlText("env.yml", chain(6_000, ""));

    assertThat(spec.processes()).hasSize(6_000);
    assertThat(spec.processes().get(5_998).dependsOn()).containsExactly("p5999");
  }

  @Test
  @Timeout(30)
  void aLongDependsOnCycleIsReportedOnce() {
    assertThatThrownBy(() -> Environments.fromYamlText("env.yml", chain(6_000, "p0")))
        .isInstanceOfSatisfying(
            SpecException.class,
            e ->
                assertThat(e.problems())
                    .singleElement()
                    .extracting(Problem::toString)
                    .asString()
                    .startsWith("env.yml:2: main.p0.dependsOn [p0 -> p1 -> p2 -> ")
                    .endsWith(" -> p5999 -> p0] is a cycle; a process cannot wait for itself"));
  }

  @Test
  @Timeout(30)
  void thousandsOfUnknownDependsOnIdsListAFewKnownIdsEach() {
    // 24,000 processes, each waiting for an id that names none: one problem each, every one of
    // which listed all 24,000 known ids (gigabytes) before.
    StringBuilder yaml = new StringBuilder("main:\n");
    for (int i = 0; i < 24_000; i++) {
      yaml.append("  p").append(i).append(": {command: [x], dependsOn: q").append(i).append("}\n");
    }

    assertThatThrownBy(() -> Environments.fromYamlText("env.yml", yaml.toString()))
        .isInstanceOfSatisfying(
            SpecException.class,
            e -> {
              assertThat(e.problems()).hasSize(24_000);
              assertThat(e.problems().get(0))
                  .hasToString(
                      "env.yml:2: main.p0.dependsOn [q0] names no process; known: [p0, p1, p10,"
                          + " p100, p1000, p10000, p10001, p10002, p10003, p10004, p10005, p10006,"
                          + " p10007, p10008, p10009, p1001, p10010, p10011, p10012, p10013] and"
                          + " 23980 more");
            });
  }

  @Test
  void aliasesWithinTheLimitsStillWork() {
    ConfigNode root = read("base: &base [sh, -c]\nother: *base\nthird: *base\n");

    assertThat(root.entries().get("third").items())
        .extracting(ConfigNode::text)
        .containsExactly("sh", "-c");
  }
}
