package io.ovrseer.services;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Binary resources on the class path: finding exactly one, and the digest of its content. */
final class ClassPathResources {
  /** Digests already computed in this JVM, by resource URL: a jar's entry does not change. */
  private static final Map<String, String> DIGESTS = new ConcurrentHashMap<>();

  private ClassPathResources() {}

  /**
   * The resource {@code name} on the class path, if any.
   *
   * @throws IllegalStateException if several jars hold it (two versions of the same artifact)
   */
  static Optional<URL> find(String name) {
    try {
      List<URL> urls = new ArrayList<>(Collections.list(loader().getResources(name)));
      if (urls.size() > 1) {
        throw new IllegalStateException(
            "the class path holds ["
                + name
                + "] "
                + urls.size()
                + " times: "
                + urls
                + "; keep one version of the artifact");
      }
      return urls.stream().findFirst();
    } catch (IOException e) {
      throw new UncheckedIOException("could not search the class path for [" + name + "]", e);
    }
  }

  /** The SHA-256 of {@code resource}'s content, hex, computed once per JVM. */
  static String digest(URL resource) {
    return DIGESTS.computeIfAbsent(resource.toString(), key -> compute(resource));
  }

  private static String compute(URL resource) {
    try (InputStream in = resource.openStream()) {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      byte[] buffer = new byte[256 * 1024];
      int n;
      while ((n = in.read(buffer)) > 0) {
        sha.update(buffer, 0, n);
      }
      return HexFormat.of().formatHex(sha.digest());
    } catch (IOException e) {
      throw new UncheckedIOException("could not read [" + resource + "]", e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JVM lacks SHA-256", e);
    }
  }

  private static ClassLoader loader() {
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    return context != null ? context : ClassPathResources.class.getClassLoader();
  }
}
