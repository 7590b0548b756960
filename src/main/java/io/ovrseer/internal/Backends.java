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
    switch (requested) {
      case "portable":
        return new PortableBackend();
      case "linux":
        {
          List<String> missing = LinuxBackend.missing();
          if (!missing.isEmpty()) {
            throw new IllegalStateException(
                ProcessBackend.PROPERTY
                    + "=linux, but this machine lacks "
                    + String.join(" and ", missing));
          }
          return LinuxBackend.create();
        }
      case "":
        return LinuxBackend.missing().isEmpty() ? LinuxBackend.create() : new PortableBackend();
      default:
        throw new IllegalStateException(
            ProcessBackend.PROPERTY
                + "="
                + requested
                + " names no backend; use linux or portable (or leave it unset)");
    }
  }
}
