package io.ovrseer.event;

import io.ovrseer.process.ProcessUnit;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The state of a process changed, or one was added or removed. The maps are snapshots, id to
 * process, in registration order. Event name {@value #NAME}.
 */
public record StateUpdate(
    Map<String, ProcessUnit> dependencies,
    Map<String, ProcessUnit> main,
    Map<String, ProcessUnit> cleanup,
    Instant timestamp)
    implements OvrseerEvent {
  /** The seed name of this event. */
  public static final String NAME = "state:update";

  /** Copies the maps, keeping their order. */
  public StateUpdate {
    dependencies = Collections.unmodifiableMap(new LinkedHashMap<>(dependencies));
    main = Collections.unmodifiableMap(new LinkedHashMap<>(main));
    cleanup = Collections.unmodifiableMap(new LinkedHashMap<>(cleanup));
  }

  @Override
  public String eventName() {
    return NAME;
  }
}
