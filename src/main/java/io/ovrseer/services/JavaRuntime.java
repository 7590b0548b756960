package io.ovrseer.services;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The pieces of a server that runs as a JVM: this JVM's {@code java}, and jars on the class path.
 */
final class JavaRuntime {
  private JavaRuntime() {}

  /** This JVM's {@code java} program. */
  static String java() {
    return Path.of(System.getProperty("java.home"), "bin", Platform.current().program("java"))
        .toString();
  }

  /** This JVM's class path, as a child JVM's {@code -cp}. */
  static String classPath() {
    return System.getProperty("java.class.path");
  }

  /** The jar that holds {@code resource} on the class path, if it comes from a jar. */
  static Optional<Path> jarHolding(String resource) {
    Optional<URL> url = ClassPathResources.find(resource);
    if (url.isEmpty()) {
      return Optional.empty();
    }
    try {
      URLConnection connection = url.get().openConnection();
      if (connection instanceof JarURLConnection jar) {
        return Optional.of(Path.of(jar.getJarFileURL().toURI()));
      }
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("could not open [" + url.get() + "]", e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException("not a file URL: " + url.get(), e);
    }
  }
}
