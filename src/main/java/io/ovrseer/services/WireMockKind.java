package io.ovrseer.services;

import io.ovrseer.spec.ServiceKind;
import java.util.Set;

/**
 * The service kind {@code wiremock}: a {@link WireMockProcess} declared by YAML {@code service:
 * wiremock} or a service annotation. Options: {@code stubs} (the stubs directory), {@code jar},
 * {@code args} (WireMock options, separated by spaces), {@code jvmOptions}. Loaded by {@link
 * java.util.ServiceLoader}.
 */
public final class WireMockKind implements ServiceKind {
  @Override
  public String name() {
    return "wiremock";
  }

  @Override
  public Set<String> options() {
    return Set.of("stubs", "jar", "args", "jvmOptions");
  }

  @Override
  public Set<String> connectionKeys() {
    return Set.of("baseUrl", "url", "host", "port");
  }

  @Override
  public Instance create(Request request) {
    KindOptions o = new KindOptions(request);
    WireMockProcess.Builder b = WireMockProcess.builder().port(o.port()).dependsOn(o.dependsOn());
    o.path("stubs").ifPresent(b::stubs);
    o.path("jar").ifPresent(b::jar);
    o.text("args").ifPresent(a -> b.args(a.split("\\s+")));
    o.text("jvmOptions").ifPresent(b::jvmOptions);
    WireMockProcess unit = b.build();
    return new Instance(unit, unit.connectionProperties());
  }
}
