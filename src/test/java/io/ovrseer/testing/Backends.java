package io.ovrseer.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.ovrseer.internal.ProcessBackend;

/** What tests ask of the backend this JVM runs with. */
public final class Backends {
  private Backends() {}

  /** Whether the {@code linux} backend runs here (not forced to {@code portable}). */
  public static boolean linux() {
    return ProcessBackend.get().name().equals("linux");
  }

  /** Skips the test unless the {@code linux} backend runs here, saying {@code why} it needs it. */
  public static void assumeLinux(String why) {
    assumeTrue(linux(), "needs the linux backend: " + why);
  }

  /** Skips the test unless this JVM runs as root on Linux, saying {@code why} it needs that. */
  public static void assumeRootOnLinux(String why) {
    assumeTrue(
        "Linux".equals(System.getProperty("os.name"))
            && "root".equals(System.getProperty("user.name")),
        "needs root on Linux: " + why);
  }
}
