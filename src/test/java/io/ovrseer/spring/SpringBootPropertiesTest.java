package io.ovrseer.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ovrseer.internal.RunningEnvironments;
import io.ovrseer.spring.EnvironmentDeclaration.Service;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.MergedContextConfiguration;
import org.springframework.test.context.support.TestPropertySourceUtils;

/**
 * Spring Boot's own properties for services: which service of a kind they point to, their values,
 * and where they sit among the context's property sources.
 */
class SpringBootPropertiesTest {
  private static final Map<String, String> PUBLISHED =
      Map.of(
          "ovrseer.jdbcUrl.db", "jdbc:postgresql://localhost:5501/test",
          "ovrseer.user.db", "test",
          "ovrseer.password.db", "secret",
          "ovrseer.port.db", "5501",
          "ovrseer.host.cache", "localhost",
          "ovrseer.port.cache", "6601",
          "ovrseer.bootstrapServers.events", "localhost:9901");

  @AfterEach
  void unpublish() {
    RunningEnvironments.withdraw(identity().key(), PUBLISHED);
  }

  @Test
  void eachServiceKindGetsSpringBootsPropertiesFromItsConnectionProperties() {
    SpringBootBindings bindings =
        SpringBootBindings.choose(
            List.of(postgres("db"), redis("cache"), kafka("events")), Optional.empty(), getClass());

    assertThat(bindings.resolve(PUBLISHED, identity(), name -> false))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "spring.datasource.url", "jdbc:postgresql://localhost:5501/test",
                "spring.datasource.username", "test",
                "spring.datasource.password", "secret",
                "spring.data.redis.host", "localhost",
                "spring.data.redis.port", "6601",
                "spring.kafka.bootstrap-servers", "localhost:9901"));
  }

  @Test
  void aClientsOwnBootstrapServersOrARedisUrlSetElsewhereIsReplacedAndOnlyThen() {
    SpringBootBindings bindings =
        SpringBootBindings.choose(
            List.of(redis("cache"), kafka("events")), Optional.empty(), getClass());
    Map<String, String> published = new HashMap<>(PUBLISHED);
    published.put("ovrseer.url.cache", "redis://localhost:6601");
    Set<String> setElsewhere =
        Set.of(
            "spring.kafka.consumer.bootstrap-servers",
            "spring.kafka.streams.bootstrap-servers",
            "spring.data.redis.url");

    assertThat(bindings.resolve(published, identity(), setElsewhere::contains))
        .containsEntry("spring.kafka.bootstrap-servers", "localhost:9901")
        .containsEntry("spring.kafka.consumer.bootstrap-servers", "localhost:9901")
        .containsEntry("spring.kafka.streams.bootstrap-servers", "localhost:9901")
        .containsEntry("spring.data.redis.url", "redis://localhost:6601")
        .doesNotContainKeys(
            "spring.kafka.producer.bootstrap-servers", "spring.kafka.admin.bootstrap-servers");
    assertThat(bindings.resolve(published, identity(), name -> false))
        .doesNotContainKeys(
            "spring.kafka.consumer.bootstrap-servers",
            "spring.kafka.streams.bootstrap-servers",
            "spring.data.redis.url");
  }

  @Test
  void twoServicesOfOneKindNeedSpringServiceToNameOne() {
    List<Service> two = List.of(postgres("orders"), postgres("audit"));

    assertThatThrownBy(() -> SpringBootBindings.choose(two, Optional.empty(), getClass()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("has 2 postgres services [orders, audit]")
        .hasMessageContaining("@SpringService(\"orders\")");
    assertThat(
            SpringBootBindings.choose(two, Optional.of(new String[] {"audit"}), getClass())
                .chosen())
        .containsExactly(Map.entry(SpringBootProperties.POSTGRES, "audit"));
  }

  @Test
  void springServiceMustNameOneServiceWithSpringBootPropertiesPerKind() {
    List<Service> services = List.of(postgres("orders"), postgres("audit"), wiremock("mocks"));

    assertThatThrownBy(() -> choose(services, "ordrs"))
        .hasMessageContaining("@SpringService [ordrs]")
        .hasMessageContaining("names no service")
        .hasMessageContaining("postgres orders");
    assertThatThrownBy(() -> choose(services, "mocks"))
        .hasMessageContaining("@SpringService [mocks]")
        .hasMessageContaining("is a wiremock service, which has no Spring Boot properties");
    assertThatThrownBy(() -> choose(services, "orders", "audit"))
        .hasMessageContaining("@SpringService [audit]")
        .hasMessageContaining("a second postgres service after [orders]");
  }

  @Test
  void aMissingConnectionPropertyIsNamed() {
    SpringBootBindings bindings =
        SpringBootBindings.choose(List.of(redis("cache")), Optional.empty(), getClass());

    assertThatThrownBy(
            () -> bindings.resolve(Map.of("ovrseer.port.cache", "1"), identity(), name -> false))
        .hasMessageContaining("publishes no [ovrseer.host.cache]");
  }

  @Test
  void theContextSeesThemAfterItsInlinedTestPropertiesAndBeforeTheRest() {
    RunningEnvironments.publish(identity().key(), PUBLISHED);
    OvrseerContextCustomizer customizer =
        new OvrseerContextCustomizer(
            identity(),
            SpringBootBindings.choose(List.of(postgres("db")), Optional.empty(), getClass()));
    try (GenericApplicationContext context = new GenericApplicationContext()) {
      ConfigurableEnvironment spring = context.getEnvironment();
      spring
          .getPropertySources()
          .addFirst(
              new MapPropertySource(
                  TestPropertySourceUtils.INLINED_PROPERTIES_PROPERTY_SOURCE_NAME,
                  Map.of("spring.datasource.username", "inlined")));
      spring
          .getPropertySources()
          .addLast(new MapPropertySource("application", Map.of("spring.datasource.url", "app")));

      customizer.customizeContext(context, configuration());

      assertThat(spring.getProperty("spring.datasource.url"))
          .isEqualTo("jdbc:postgresql://localhost:5501/test");
      assertThat(spring.getProperty("spring.datasource.password")).isEqualTo("secret");
      assertThat(spring.getProperty("spring.datasource.username")).isEqualTo("inlined");
      assertThat(spring.getProperty("ovrseer.port.db")).isEqualTo("5501");
    }
  }

  @Test
  void anEnvironmentThatIsNotRunningFailsTheContextSayingWhy() {
    OvrseerContextCustomizer customizer =
        new OvrseerContextCustomizer(
            identity(), SpringBootBindings.choose(List.of(), Optional.empty(), getClass()));
    try (GenericApplicationContext context = new GenericApplicationContext()) {
      assertThatThrownBy(() -> customizer.customizeContext(context, configuration()))
          .hasMessageContaining("is not running while Spring loads its ApplicationContext")
          .hasMessageContaining("beforeTestClass");
    }
  }

  private SpringBootBindings choose(List<Service> services, String... named) {
    return SpringBootBindings.choose(services, Optional.of(named), getClass());
  }

  private MergedContextConfiguration configuration() {
    return new MergedContextConfiguration(getClass(), null, null, null, null);
  }

  private static EnvironmentIdentity identity() {
    return new EnvironmentIdentity("0123456789ab", null);
  }

  private static Service postgres(String id) {
    return new Service("postgres", id);
  }

  private static Service redis(String id) {
    return new Service("redis", id);
  }

  private static Service kafka(String id) {
    return new Service("kafka", id);
  }

  private static Service wiremock(String id) {
    return new Service("wiremock", id);
  }
}
