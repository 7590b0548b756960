package io.ovrseer.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.ovrseer.junit.OvrseerEnvironment;
import io.ovrseer.junit.OvrseerService;
import io.ovrseer.testing.NoLeftoverProcesses;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.test.context.junit.jupiter.SpringJUnitConfig;

/**
 * Services are read through the environment model: their connection properties reach the context as
 * {@code ovrseer.KEY.ID}, and {@link SpringService} is checked against their kinds. Uses the test
 * service kind {@code echo} (registered for the model's tests), which has no Spring Boot
 * properties.
 */
@ExtendWith(NoLeftoverProcesses.class)
class ServiceEnvironmentTest {

  @Test
  void connectionPropertiesOfAServiceReachTheContext() {
    SpringKit.runSucceeding(WithService.class);
  }

  @Test
  void springServiceNamingAKindWithoutSpringBootPropertiesFailsTheClass() {
    List<Throwable> failures = SpringKit.failures(SpringKit.run(NamingEcho.class));

    assertThat(failures).hasSize(1);
    assertThat(SpringKit.messages(failures.get(0)))
        .contains("@SpringService [cache] on " + NamingEcho.class.getName())
        .contains("echo service, which has no Spring Boot properties");
  }

  /** Declares the test kind {@code echo}, as {@code @PostgresService} declares {@code postgres}. */
  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.TYPE)
  @OvrseerService("echo")
  @interface EchoService {
    String id();
  }

  @Configuration(proxyBeanMethods = false)
  static class NoBeans {}

  @SpringKit.Fixture
  @SpringJUnitConfig(NoBeans.class)
  @OvrseerEnvironment
  @EchoService(id = "cache")
  static class WithService {
    @Autowired ConfigurableApplicationContext context;

    @Test
    void seesTheServicesConnectionProperties() {
      assertThat(
              context
                  .getEnvironment()
                  .getPropertySources()
                  .get(OvrseerPropertySource.NAME)
                  .getProperty("ovrseer.url.cache"))
          .asString()
          .startsWith("echo://localhost:")
          .isEqualTo(System.getProperty("ovrseer.url.cache"));
    }
  }

  @SpringKit.Fixture
  @SpringJUnitConfig(NoBeans.class)
  @OvrseerEnvironment
  @EchoService(id = "cache")
  @SpringService("cache")
  static class NamingEcho {
    @Test
    void neverRuns() {}
  }
}
