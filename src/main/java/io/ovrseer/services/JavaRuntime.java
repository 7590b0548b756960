package io.ovrseer.services;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.net.URLConnection;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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

  /**
   * The class path a server JVM gets, as its {@code -cp}: the file entries of the context class
   * loader's {@link URLClassLoader}s (such as the class path {@code ovrseer up --classpath} gives),
   * then this JVM's class path. Where the server's classes are found ({@link ClassPathResources}
   * looks through the context class loader), its JVM finds them too.
   */
  static String classPath() {
    List<String> entries = new ArrayList<>();
    for (ClassLoader loader = Thread.currentThread().getContextClassLoader();
        loader != null;
        loader = loader.getParent()) {
      if (loader instanceof URLClassLoader urls) {
        for (URL url : urls.getURLs()) {
          if ("file".equals(url.getProtocol())) {
            try {
              entries.add(Path.of(url.toURI()).toString());
            } catch (URISyntaxException e) {
              throw new IllegalStateException("not a file URL: " + url, e);
            }
          }
        }
      }
    }
    entries.add(System.getProperty("java.class.path"));
    return String.join(File.pathSeparator, entries);
  }

  /** JVM options given as one string separated by spaces, as a list; blank gives none. */
  static List<String> options(String jvmOptions) {
    String trimmed = jvmOptions.trim();
    return trimmed.isEmpty() ? List.of() : List.of(trimmed.split("\\s+"));
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
