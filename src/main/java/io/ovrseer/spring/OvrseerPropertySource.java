package io.ovrseer.spring;

import java.util.Map;
import org.springframework.core.env.MapPropertySource;

/**
 * The property source an Ovrseer environment adds to a Spring context: what the environment
 * published when the context loaded, and Spring Boot's properties for its services. It remembers
 * the environment it was taken from, so that a cached context is checked against the environment
 * running now before it is reused.
 */
final class OvrseerPropertySource extends MapPropertySource {
  /** The name of this source in the context's {@code Environment}. */
  static final String NAME = "ovrseer";

  private final EnvironmentIdentity identity;
  private final Map<String, String> published;

  OvrseerPropertySource(
      EnvironmentIdentity identity, Map<String, String> published, Map<String, Object> all) {
    super(NAME, Map.copyOf(all));
    this.identity = identity;
    this.published = Map.copyOf(published);
  }

  EnvironmentIdentity identity() {
    return identity;
  }

  /**
   * What the environment published when the context loaded, with what the environments of the
   * classes enclosing it published (see {@link RunningEnvironmentProperties}).
   */
  Map<String, String> published() {
    return published;
  }
}
