package io.ovrseer.services;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JavaRuntimeTest {

  @Test
  void aServerJvmGetsTheContextClassLoadersEntriesBeforeThisJvmsClassPath(@TempDir Path extra)
      throws Exception {
    Thread thread = Thread.currentThread();
    ClassLoader original = thread.getContextClassLoader();
    try (URLClassLoader given = new URLClassLoader(new URL[] {extra.toUri().toURL()}, original)) {
      thread.setContextClassLoader(given);

      assertThat(JavaRuntime.classPath())
          .isEqualTo(extra + File.pathSeparator + System.getProperty("java.class.path"));
    } finally {
      thread.setContextClassLoader(original);
    }
    assertThat(JavaRuntime.classPath()).isEqualTo(System.getProperty("java.class.path"));
  }
}
