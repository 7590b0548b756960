package io.ovrseer.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The one port allocator, and the placeholders of {@link Ports#resolve}. */
class PortsTest {

  @Test
  void portsResolveTheSamePlaceholdersAsTheDeclarations() {
    Ports ports = new Ports();
    try {
      String resolved =
          ports.resolve(
              "${java} -cp ${classpath} ${port:a} ${port:b} ${port:a} ${sys:java.version} $${x}");

      assertThat(resolved.split(" "))
          .containsExactly(
              ProcessHandle.current().info().command().orElseThrow(),
              "-cp",
              System.getProperty("java.class.path"),
              String.valueOf(ports.get("a")),
              String.valueOf(ports.get("b")),
              String.valueOf(ports.get("a")),
              System.getProperty("java.version"),
              "${x}");
      assertThat(ports.asMap()).containsOnlyKeys("a", "b");
      assertThatThrownBy(() -> ports.resolve("x ${prot:a}"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage(
              "[${prot:a}] is not a known placeholder; did you mean [${port:a}]? known: "
                  + Placeholders.KNOWN);
      assertThatThrownBy(() -> ports.resolve("${env:OVRSEER_SURELY_UNSET_VARIABLE}"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage(
              "[${env:OVRSEER_SURELY_UNSET_VARIABLE}]: environment variable"
                  + " OVRSEER_SURELY_UNSET_VARIABLE is not set");
    } finally {
      ports.release();
    }
  }

  @Test
  void portsRejectTheSamePlaceholderTyposAsTheDeclarations() {
    Ports ports = new Ports();
    try {
      assertThatThrownBy(() -> ports.resolve("--db=${port:db"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("[${port:db] is not closed: end it with }, or write $${ for a literal ${");
      assertThatThrownBy(() -> ports.resolve("${port:db }"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage(
              "[${port:db }] holds whitespace, which no placeholder does; did you mean"
                  + " [${port:db}]?");
      assertThat(ports.asMap()).isEmpty();
    } finally {
      ports.release();
    }
  }

  @Test
  void portsHandedOutAtTheSameTimeAreDistinct() throws Exception {
    PortAllocator allocator = new PortAllocator();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Integer>> futures = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        futures.add(pool.submit(allocator::allocate));
      }
      Set<Integer> ports = new HashSet<>();
      for (Future<Integer> f : futures) {
        ports.add(f.get());
      }
      assertThat(ports).hasSize(200).allSatisfy(p -> assertThat(p).isBetween(1, 65_535));
    } finally {
      pool.shutdownNow();
    }
  }
}
