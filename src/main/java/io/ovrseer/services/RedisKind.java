package io.ovrseer.services;

import io.ovrseer.spec.ServiceKind;
import java.util.Set;

/**
 * The service kind {@code redis}: a {@link RedisProcess} declared by YAML {@code service: redis} or
 * a service annotation. Options: {@code config} ({@code redis.conf} lines, comma-separated), {@code
 * binary} (the {@code redis-server} program). Loaded by {@link java.util.ServiceLoader}.
 */
public final class RedisKind implements ServiceKind {
  @Override
  public String name() {
    return "redis";
  }

  @Override
  public Set<String> options() {
    return Set.of("config", "binary");
  }

  @Override
  public Set<String> connectionKeys() {
    return Set.of("url", "host", "port");
  }

  @Override
  public Instance create(Request request) {
    KindOptions o = new KindOptions(request);
    RedisProcess.Builder b = RedisProcess.builder().port(o.port()).dependsOn(o.dependsOn());
    b.config(o.list("config").toArray(String[]::new));
    o.path("binary").ifPresent(b::binary);
    RedisProcess unit = b.build();
    return new Instance(unit, unit.connectionProperties());
  }
}
