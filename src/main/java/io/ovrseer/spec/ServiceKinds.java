package io.ovrseer.spec;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/** The {@link ServiceKind}s on the class path, loaded once. */
final class ServiceKinds {
  private static List<ServiceKind> kinds;

  private ServiceKinds() {}

  static synchronized List<ServiceKind> all() {
    if (kinds == null) {
      List<ServiceKind> found = new ArrayList<>();
      ServiceLoader.load(ServiceKind.class, ServiceKinds.class.getClassLoader())
          .forEach(found::add);
      kinds = List.copyOf(found);
    }
    return kinds;
  }

  static List<String> names() {
    return all().stream().map(ServiceKind::name).sorted().toList();
  }
}
