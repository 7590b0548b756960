package io.ovrseer.spring;

import io.ovrseer.spring.EnvironmentDeclaration.Service;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Which service of each kind Spring Boot's own properties point to (see {@link SpringService}), and
 * those properties' values.
 *
 * @param chosen the id of the chosen service, per kind that has Spring Boot properties
 */
record SpringBootBindings(Map<SpringBootProperties, String> chosen) {

  SpringBootBindings {
    chosen = Map.copyOf(chosen);
  }

  /**
   * Chooses per kind: the service named by {@code named} ({@link SpringService#value()}), else the
   * only service of that kind.
   *
   * @param services the environment's services, in declaration order
   * @param testClass the test class, for messages
   * @throws IllegalStateException if a kind has several services and none is named, or a named id
   *     is not a service, has no Spring Boot properties, or is the second named of its kind
   */
  static SpringBootBindings choose(
      List<Service> services, Optional<String[]> named, Class<?> testClass) {
    Map<SpringBootProperties, String> chosen = new EnumMap<>(SpringBootProperties.class);
    for (String id : named.orElse(new String[0])) {
      String annotation = "@SpringService [" + id + "] on " + testClass.getName();
      Service service =
          services.stream()
              .filter(s -> s.id().equals(id))
              .findFirst()
              .orElseThrow(
                  () ->
                      new IllegalStateException(
                          annotation
                              + " names no service of its Ovrseer environment; services: "
                              + services.stream().map(s -> s.kind() + " " + s.id()).toList()));
      SpringBootProperties kind =
          SpringBootProperties.forKind(service.kind())
              .orElseThrow(
                  () ->
                      new IllegalStateException(
                          annotation
                              + " is a "
                              + service.kind()
                              + " service, which has no Spring Boot properties; read its"
                              + " ovrseer.KEY."
                              + id
                              + " properties instead"));
      String earlier = chosen.putIfAbsent(kind, id);
      if (earlier != null) {
        throw new IllegalStateException(
            annotation
                + " names a second "
                + service.kind()
                + " service after ["
                + earlier
                + "]; Spring Boot's properties can point to one service of a kind");
      }
    }
    for (SpringBootProperties kind : SpringBootProperties.values()) {
      if (chosen.containsKey(kind)) {
        continue;
      }
      List<Service> ofKind =
          services.stream()
              .filter(s -> SpringBootProperties.forKind(s.kind()).orElse(null) == kind)
              .toList();
      if (ofKind.size() == 1) {
        chosen.put(kind, ofKind.get(0).id());
      } else if (ofKind.size() > 1) {
        List<String> ids = ofKind.stream().map(Service::id).toList();
        throw new IllegalStateException(
            testClass.getName()
                + " has "
                + ids.size()
                + " "
                + ofKind.get(0).kind()
                + " services "
                + ids
                + ": name the one Spring Boot's properties point to with @SpringService(\""
                + ids.get(0)
                + "\"); the others stay reachable through their ovrseer.KEY.ID properties");
      }
    }
    return new SpringBootBindings(chosen);
  }

  /**
   * Spring Boot's properties for the chosen services, from the {@code published} properties of the
   * running environment.
   *
   * @param alreadySet whether the context has a property already (from a source other than the
   *     environment's), for {@link SpringBootProperties#replacedIfSet()}
   * @throws IllegalStateException if a connection property of a chosen service is not published
   */
  Map<String, String> resolve(
      Map<String, String> published, EnvironmentIdentity identity, Predicate<String> alreadySet) {
    Map<String, String> boot = new LinkedHashMap<>();
    List<String> missing = new ArrayList<>();
    for (SpringBootProperties kind : SpringBootProperties.values()) {
      String id = chosen.get(kind);
      if (id == null) {
        continue;
      }
      Map<String, String> table = new LinkedHashMap<>(kind.properties());
      kind.replacedIfSet()
          .forEach(
              (bootName, key) -> {
                if (alreadySet.test(bootName)) {
                  table.put(bootName, key);
                }
              });
      table.forEach(
          (bootName, key) -> {
            String value = published.get("ovrseer." + key + "." + id);
            if (value == null) {
              missing.add("ovrseer." + key + "." + id);
            } else {
              boot.put(bootName, value);
            }
          });
    }
    if (!missing.isEmpty()) {
      throw new IllegalStateException(
          "the running Ovrseer environment "
              + identity
              + " publishes no "
              + missing
              + "; published: "
              + published.keySet());
    }
    return boot;
  }
}
