package io.ovrseer.services;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * What {@link KafkaBroker} checks before it runs Kafka (a refused setting and a taken port: {@code
 * KafkaProcessTest}).
 */
class KafkaBrokerTest {
  @Test
  void aKafkaWithoutKafkaConfigFromPropsIsLeftToCheckItsSettingsItself() throws Exception {
    URL ovrseerOnly =
        Path.of(KafkaBroker.class.getProtectionDomain().getCodeSource().getLocation().toURI())
            .toUri()
            .toURL();
    try (URLClassLoader withoutKafka =
        new URLClassLoader(new URL[] {ovrseerOnly}, ClassLoader.getPlatformClassLoader())) {
      Method problem =
          withoutKafka
              .loadClass(KafkaBroker.class.getName())
              .getDeclaredMethod("problem", Properties.class);
      problem.setAccessible(true);

      assertThat(problem.invoke(null, new Properties())).isEqualTo(Optional.empty());
    }
  }
}
