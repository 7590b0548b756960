package io.ovrseer.internal;

import java.util.List;

/** Chooses the {@link ProcessBackend} of this JVM, once. */
final class Backends {
  private static ProcessBackend selected;

  private Backends() {}

  static synchronized ProcessBackend selected() {
    if (selected == null) {
      selected = select(System.getProperty(ProcessBackend.PROPERTY, ""));
    }
    return selected;
  }

  /** The backend {@code requested} names, or the best that works here when it is empty. */
  static ProcessBackend select(String requested) {
    return switch (requested) {
      case "portable" -> new PortableBackend();
      case "linux" -> {
        List<String> missing = LinuxBackend.missing();
        if (!missing.isEmpty()) {
          throw new IllegalStateException(
              ProcessBackend.PROPERTY
                  + "=linux, but this machine lacks "
                  + String.join(" and ", missing));
        }
        yield LinuxBackend.create();
      }
      case "" -> LinuxBackend.missing().isEmpty() ? LinuxBackend.create() : new PortableBackend();
      default ->
          throw new IllegalStateException(
              ProcessBackend.PROPERTY
                  + "="
                  + requested
                  + " names no backend; use linux or portable (or leave it unset)");
    };
  }
}
