package io.ovrseer;

import io.ovrseer.process.ProcessUnit;
import java.util.Objects;

/** A process registered with an {@link Ovrseer}, together with the group it was added to. */
public record RegisteredProcess(ProcessUnit process, ProcessType type) {
  /** Both components are required. */
  public RegisteredProcess {
    Objects.requireNonNull(process, "process");
    Objects.requireNonNull(type, "type");
  }
}
