package io.ovrseer.junit;

import io.ovrseer.ProcessType;
import java.util.Objects;

/**
 * One declared process: its id, group and how to build it. Equal definitions declare the same
 * process (annotation declarations compare by value, programmatic ones by factory identity).
 *
 * @param id the process id
 * @param type its group
 * @param idAttribute where the id was declared, for messages: {@code @Dependency(id)} or {@code
 *     dependency(id)}
 * @param label the declaration, for messages: {@code @Dependency(id = "db")}
 * @param factory builds the unit from the environment's ports
 */
record ProcessDefinition(
    String id, ProcessType type, String idAttribute, String label, ProcessFactory factory) {
  ProcessDefinition {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(factory, "factory");
  }
}
