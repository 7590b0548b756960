package io.ovrseer.spec;

import io.ovrseer.internal.TopologicalOrder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The order services are built in: each after the services whose connection properties ({@code
 * ${KEY:ID}}) its options use, since those are known only once that service is built; otherwise in
 * declaration order. Services that use each other's properties cannot be built: a cycle.
 */
final class ServiceOrder {
  private ServiceOrder() {}

  /**
   * The services among {@code processes}, in the order to build them; each cycle recorded in {@code
   * problems}, at the option of its first service that uses the next.
   */
  static List<ProcessSpec> of(List<ProcessSpec> processes, Problems problems) {
    Map<String, ProcessSpec> services = new LinkedHashMap<>();
    Map<String, Map<String, String>> uses = new LinkedHashMap<>();
    for (ProcessSpec process : processes) {
      if (process.launch() instanceof ProcessSpec.Launch.Service service) {
        services.put(process.id(), process);
        uses.put(process.id(), uses(service));
      }
    }
    List<String> order =
        TopologicalOrder.of(
            services.keySet(),
            id -> uses.get(id).keySet(),
            cycle ->
                problems.add(
                    services.get(cycle.get(0)).where(uses.get(cycle.get(0)).get(cycle.get(1))),
                    "["
                        + String.join(" -> ", cycle)
                        + "] is a cycle: each service uses a connection property of the next, so"
                        + " none of them can be built first"));
    return order.stream().map(services::get).toList();
  }

  /** The ids of the services whose properties {@code service} uses, each with its first option. */
  private static Map<String, String> uses(ProcessSpec.Launch.Service service) {
    Map<String, String> ids = new LinkedHashMap<>();
    service
        .options()
        .forEach(
            (key, values) ->
                values.forEach(
                    value ->
                        Placeholders.serviceIds(value).forEach(id -> ids.putIfAbsent(id, key))));
    return ids;
  }
}
