package io.ovrseer.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.ovrseer.testing.NoLeftoverProcesses;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** One unit run again: what a run that ended leaves to the next. */
@ExtendWith(NoLeftoverProcesses.class)
class RunsTest {

  @Test
  void aStateListenerCanStartTheNextRunWhenTheProcessExits() throws Exception {
    ProcessUnit unit = ProcessUnit.builder("sh", "-c", "echo run; exit 3").build();
    List<Throwable> failures = new CopyOnWriteArrayList<>();
    CompletableFuture<ExitStatus> secondExit = new CompletableFuture<>();
    unit.addStateListener(
        state -> {
          if (state == ProcessState.CRASHED && unit.logger().getLineCount() == 1) {
            try {
              unit.start();
              unit.exit().whenComplete((status, error) -> secondExit.complete(status));
            } catch (RuntimeException e) {
              failures.add(e);
              secondExit.complete(null);
            }
          }
        });
    unit.start();

    assertThat(secondExit.get(20, TimeUnit.SECONDS)).isEqualTo(ExitStatus.fromExitValue(3));
    assertThat(failures).isEmpty();
    assertThat(unit.logger().getLogs()).containsExactly("run", "run");
  }
}
