package io.ovrseer.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ovrseer.internal.ProcessTree;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails the test class if, after all its tests, the test JVM still has live descendant processes.
 * Zombies (already dead, not yet reaped) do not count. Waits up to 5 s for exits in flight; what is
 * still there then is reported and killed, so that a failing class does not leave it running.
 */
public final class NoLeftoverProcesses implements AfterAllCallback {

  @Override
  public void afterAll(ExtensionContext context) {
    try {
      await("no leftover child processes after " + context.getDisplayName())
          .atMost(Duration.ofSeconds(5))
          .pollInterval(Duration.ofMillis(20))
          .untilAsserted(() -> assertThat(liveDescendants()).as("live child processes").isEmpty());
    } catch (AssertionError | RuntimeException leftovers) {
      ProcessHandle.current().descendants().forEach(ProcessHandle::destroyForcibly);
      throw leftovers;
    }
  }

  /** Live descendants of this JVM, described as "pid command". */
  public static List<String> liveDescendants() {
    return ProcessHandle.current()
        .descendants()
        .filter(p -> !ProcessTree.isDead(p.pid()))
        .map(p -> p.pid() + " " + p.info().commandLine().orElse("?"))
        .collect(Collectors.toList());
  }
}
