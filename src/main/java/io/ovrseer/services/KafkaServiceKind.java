package io.ovrseer.services;

import io.ovrseer.spec.ServiceKind;
import java.util.Set;

/**
 * The service kind {@code kafka}: a {@link KafkaProcess} on the environment's port of the service's
 * id, its controller on the port {@code ID-controller}. Option: {@code topics}, each {@code name}
 * or {@code name:partitions}.
 */
public final class KafkaServiceKind implements ServiceKind {
  /** For {@link java.util.ServiceLoader}. */
  public KafkaServiceKind() {}

  @Override
  public String name() {
    return "kafka";
  }

  @Override
  public Set<String> options() {
    return Set.of("topics");
  }

  @Override
  public Set<String> connectionKeys() {
    return Set.of("bootstrapServers", "host", "port");
  }

  @Override
  public Instance create(Request request) {
    ServiceKindSupport.noUser(request, "Kafka");
    KafkaProcess.Builder builder =
        KafkaProcess.builder()
            .port(request.ports().get(request.id()))
            .controllerPort(request.ports().get(request.id() + "-controller"))
            .dependsOn(request.dependsOn().toArray(String[]::new));
    for (String topic : request.values("topics")) {
      int colon = topic.lastIndexOf(':');
      if (colon < 0) {
        builder.topic(topic.trim());
      } else {
        builder.topic(topic.substring(0, colon).trim(), partitions(topic, colon));
      }
    }
    request.stopTimeout().ifPresent(builder::stopTimeout);
    return ServiceKindSupport.instance(builder.build());
  }

  private static int partitions(String topic, int colon) {
    try {
      return Integer.parseInt(topic.substring(colon + 1).trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "[" + topic + "] is no topic; write name or name:partitions, such as orders:3", e);
    }
  }
}
