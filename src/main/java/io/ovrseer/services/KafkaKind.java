package io.ovrseer.services;

import io.ovrseer.spec.ServiceKind;
import java.util.Set;

/**
 * The service kind {@code kafka}: a {@link KafkaProcess} declared by YAML {@code service: kafka} or
 * a service annotation. Options: {@code topics} ({@code name} or {@code name:partitions},
 * comma-separated), {@code settings} ({@code key=value}, comma-separated), {@code classPath},
 * {@code jvmOptions}. The controller's port is the environment's port {@code <id>.controller}.
 * Loaded by {@link java.util.ServiceLoader}.
 */
public final class KafkaKind implements ServiceKind {
  @Override
  public String name() {
    return "kafka";
  }

  @Override
  public Set<String> options() {
    return Set.of("topics", "settings", "classPath", "jvmOptions");
  }

  @Override
  public Set<String> connectionKeys() {
    return Set.of("bootstrapServers", "host", "port");
  }

  @Override
  public Instance create(Request request) {
    KindOptions o = new KindOptions(request);
    KafkaProcess.Builder b =
        KafkaProcess.builder()
            .port(o.port())
            .controllerPort(o.port("controller"))
            .dependsOn(o.dependsOn());
    for (String topic : o.list("topics")) {
      int colon = topic.lastIndexOf(':');
      if (colon < 0) {
        b.topic(topic);
      } else {
        String partitions = topic.substring(colon + 1).trim();
        if (!partitions.matches("[1-9][0-9]{0,5}")) {
          throw new IllegalArgumentException(
              "[" + topic + "] of topics is not name or name:partitions");
        }
        b.topic(topic.substring(0, colon).trim(), Integer.parseInt(partitions));
      }
    }
    o.settings("settings").forEach(b::setting);
    o.text("classPath").ifPresent(b::classPath);
    o.text("jvmOptions").ifPresent(b::jvmOptions);
    KafkaProcess unit = b.build();
    return new Instance(unit, unit.connectionProperties());
  }
}
