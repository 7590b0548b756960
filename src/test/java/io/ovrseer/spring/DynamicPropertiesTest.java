package io.ovrseer.spring;

import static io.ovrseer.spring.SpringKit.NAMES;
import static org.assertj.core.api.Assertions.assertThat;

import io.ovrseer.junit.Dependency;
import io.ovrseer.junit.OvrseerEnvironment;
import io.ovrseer.junit.Ready;
import io.ovrseer.testing.NoLeftoverProcesses;
import java.io.IOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.io.support.SpringFactoriesLoader;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.context.junit.jupiter.SpringJUnitConfig;

/**
 * {@code @DynamicPropertySource} wins over the environment's properties, as over every other
 * source, whichever jar (Ovrseer's or {@code spring-test}) comes first on the class path.
 */
@ExtendWith(NoLeftoverProcesses.class)
class DynamicPropertiesTest {

  @Test
  void aDynamicPropertySourceWinsOverTheEnvironment() {
    SpringKit.runSucceeding(Dynamic.class, DynamicAndInlined.class);
  }

  @Test
  void theEnvironmentsCustomizerComesBeforeSpringsWhicheverJarComesFirst() {
    ClassLoader loader = getClass().getClassLoader();

    assertThat(factoryNames(loader)).startsWith(OvrseerContextCustomizerFactory.class.getName());
    // spring-test's META-INF/spring.factories before Ovrseer's, as when its jar comes first: its
    // DynamicPropertiesContextCustomizerFactory would add its source first, and Ovrseer's
    // customizer would then put the environment's source on top of it
    assertThat(factoryNames(new ReversedResources(loader)))
        .startsWith(OvrseerContextCustomizerFactory.class.getName())
        .contains(
            "org.springframework.test.context.support.DynamicPropertiesContextCustomizerFactory");
  }

  private static List<String> factoryNames(ClassLoader loader) {
    return SpringFactoriesLoader.forDefaultResourceLocation(loader)
        .load(ContextCustomizerFactory.class)
        .stream()
        .map(f -> f.getClass().getName())
        .toList();
  }

  /** Lists each resource's copies in the reverse class path order. */
  private static final class ReversedResources extends ClassLoader {
    ReversedResources(ClassLoader parent) {
      super(parent);
    }

    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
      List<URL> all = new ArrayList<>(Collections.list(getParent().getResources(name)));
      Collections.reverse(all);
      return Collections.enumeration(all);
    }
  }

  @SpringKit.Fixture
  @SpringJUnitConfig(Names.Wiring.class)
  @OvrseerEnvironment
  @Dependency(
      id = "names",
      command = {"${java}", "-cp", "${classpath}", NAMES, "${port:names}", "dynamic"},
      ready = @Ready(log = "listening"))
  static class Dynamic {
    @DynamicPropertySource
    static void names(DynamicPropertyRegistry registry) {
      registry.add("ovrseer.port.names", () -> "2");
    }

    @Autowired Names.Client names;

    @Test
    void seesTheDynamicValue() {
      assertThat(names.port()).isEqualTo(2);
    }
  }

  @SpringKit.Fixture
  @SpringJUnitConfig(Names.Wiring.class)
  @TestPropertySource(properties = "ovrseer.port.names=1")
  @OvrseerEnvironment
  @Dependency(
      id = "names",
      command = {"${java}", "-cp", "${classpath}", NAMES, "${port:names}", "dynamic-inlined"},
      ready = @Ready(log = "listening"))
  static class DynamicAndInlined {
    @DynamicPropertySource
    static void names(DynamicPropertyRegistry registry) {
      registry.add("ovrseer.port.names", () -> "2");
    }

    @Autowired Names.Client names;

    @Test
    void seesTheDynamicValue() {
      assertThat(names.port()).isEqualTo(2);
    }
  }
}
