package io.ovrseer.services;

import io.ovrseer.spec.ServiceKind;
import java.util.Set;

/**
 * The service kind {@code wiremock}: a {@link WireMockProcess} on the environment's port of the
 * service's id. Option: {@code stubs}, WireMock's root directory ({@code mappings/}, {@code
 * __files/}).
 */
public final class WireMockServiceKind implements ServiceKind {
  /** For {@link java.util.ServiceLoader}. */
  public WireMockServiceKind() {}

  @Override
  public String name() {
    return "wiremock";
  }

  @Override
  public Set<String> options() {
    return Set.of("stubs");
  }

  @Override
  public Set<String> connectionKeys() {
    return Set.of("baseUrl", "url", "host", "port");
  }

  @Override
  public Instance create(Request request) {
    ServiceKindSupport.noUser(request, "WireMock");
    WireMockProcess.Builder builder =
        WireMockProcess.builder()
            .port(request.ports().get(request.id()))
            .dependsOn(request.dependsOn().toArray(String[]::new));
    request.option("stubs").ifPresent(s -> builder.stubs(request.path(s)));
    request.stopTimeout().ifPresent(builder::stopTimeout);
    return ServiceKindSupport.instance(builder.build());
  }
}
