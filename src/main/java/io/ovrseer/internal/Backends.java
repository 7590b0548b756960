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

  /**
   * The backend {@code requested} names, or the best that works here when it is empty: on Linux,
   * falling back to {@code portable} logs a warning (once per JVM, as {@link #selected()} selects
   * once), since the user loses what {@code linux} gives without asking for it.
   */
  static ProcessBackend select(String requested) {
    return select(requested, System.getenv("PATH"));
  }

  /** As {@link #select(String)} where the search path is {@code path}. */
  static ProcessBackend select(String requested, String path) {
    return switch (requested) {
      case "portable" -> new PortableBackend();
      case "linux" -> {
        List<String> missing = LinuxBackend.missing(path);
        if (!missing.isEmpty()) {
          throw new IllegalStateException(
              ProcessBackend.PROPERTY
                  + "=linux, but this machine lacks "
                  + String.join(" and ", missing));
        }
        yield LinuxBackend.create(path);
      }
      case "" -> {
        List<String> missing = LinuxBackend.missing(path);
        if (missing.isEmpty()) {
          yield LinuxBackend.create(path);
        }
        if (OsName.isLinux()) {
          System.getLogger(Backends.class.getName())
              .log(
                  System.Logger.Level.WARNING,
                  "Ovrseer uses the portable backend: this Linux lacks {0}. Processes get no session of"
                      + " their own and a stop does not search /proc, so a daemon that calls setsid or"
                      + " double-forks outlives stop() and the JVM. Provide it (setsid is in"
                      + " util-linux), or choose the portable backend with -D{1}=portable to silence"
                      + " this warning.",
                  String.join(" and ", missing),
                  ProcessBackend.PROPERTY);
        }
        yield new PortableBackend();
      }
      default ->
          throw new IllegalStateException(
              ProcessBackend.PROPERTY
                  + "="
                  + requested
                  + " names no backend; use linux or portable (or leave it unset)");
    };
  }
}
