/**
 * Spring integration: a test class with {@link
 * io.ovrseer.junit.OvrseerEnvironment @OvrseerEnvironment} that Spring's TestContext framework runs
 * ({@code @SpringBootTest}, {@code @SpringJUnitConfig}, {@code @ContextConfiguration}) sees its
 * environment in its {@code ApplicationContext}'s {@code Environment}, with no
 * {@code @DynamicPropertySource}:
 *
 * <ul>
 *   <li>{@code ovrseer.port.NAME} for each port and {@code ovrseer.KEY.ID} for each connection
 *       property of each service;
 *   <li>Spring Boot's own properties for the services: {@code spring.datasource.url}, {@code
 *       .username}, {@code .password} (PostgreSQL); {@code spring.data.redis.host}, {@code .port}
 *       (Redis); {@code spring.kafka.bootstrap-servers} (Kafka). With two services of one kind,
 *       {@link io.ovrseer.spring.SpringService @SpringService} names the one they point to.
 * </ul>
 *
 * The environment is up before the context loads, whichever of the two annotations comes first,
 * also for {@code @Nested} classes. Contexts are cached per environment: classes of one {@code
 * GLOBAL} environment share one context; a {@code CLASS} environment's context belongs to its class
 * (and its {@code @Nested} classes) and is closed after it. {@code METHOD} scope and the {@code
 * PER_CLASS} test instance lifecycle are rejected with a message that says why.
 *
 * <p>Nothing here is loaded unless Spring's {@code spring-test} is on the class path: Spring finds
 * the integration through {@code META-INF/spring.factories}. See {@code docs/spring.md}.
 */
package io.ovrseer.spring;
