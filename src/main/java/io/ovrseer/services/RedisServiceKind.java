package io.ovrseer.services;

import io.ovrseer.spec.ServiceKind;
import java.util.Set;

/**
 * The service kind {@code redis}: a {@link RedisProcess} on the environment's port of the service's
 * id. Option: {@code config}, {@code redis.conf} lines.
 */
public final class RedisServiceKind implements ServiceKind {
  /** For {@link java.util.ServiceLoader}. */
  public RedisServiceKind() {}

  @Override
  public String name() {
    return "redis";
  }

  @Override
  public Set<String> options() {
    return Set.of("config");
  }

  @Override
  public Set<String> connectionKeys() {
    return Set.of("url", "host", "port");
  }

  @Override
  public Instance create(Request request) {
    ServiceKindSupport.noUser(request, "Redis");
    RedisProcess.Builder builder =
        RedisProcess.builder()
            .port(request.ports().get(request.id()))
            .dependsOn(request.dependsOn().toArray(String[]::new))
            .config(request.values("config").toArray(String[]::new));
    request.stopTimeout().ifPresent(builder::stopTimeout);
    return ServiceKindSupport.instance(builder.build());
  }
}
