package io.ovrseer.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A Redis server as a dependency of the environment: an {@link io.ovrseer.services.RedisProcess},
 * ready when it accepts connections. YAML: {@code service: redis} with the same keys.
 *
 * <pre>{@code
 * @OvrseerEnvironment
 * @RedisService(id = "cache", config = "maxmemory 10mb")
 * class CacheIT {
 *   @Test void t(@ProcessId("cache") RedisProcess cache) {
 *     try (Jedis jedis = new Jedis(cache.host(), cache.port())) { jedis.set("k", "v"); }
 *   }
 * }
 * }</pre>
 *
 * <h2>Binaries</h2>
 *
 * {@code redis-server} from the Maven artifact {@code com.github.codemonstur:embedded-redis} on the
 * test class path (copied once into the per-user cache), else from {@code PATH}.
 *
 * <h2>Connection properties</h2>
 *
 * {@code url} ({@code redis://127.0.0.1:PORT}), {@code host}, {@code port}: the placeholders {@code
 * ${url:ID}}, {@code ${host:ID}}, {@code ${port:ID}} of the other processes, and the system
 * properties {@code ovrseer.url.ID}, ... while the environment is up. {@code @ProcessId("ID")
 * RedisProcess} injects the unit. Defaults: {@code bind 127.0.0.1}, no persistence.
 *
 * <p>Repeatable, and inherited from superclasses, like {@link Dependency @Dependency}. Only {@link
 * #id()} is required; an attribute left at its default is not given, and the service's default
 * applies. Every string may hold placeholders ({@code ${env:VAR}}, {@code ${sys:prop}}, ...). The
 * server runs as the JVM's user. The page {@code docs/services.md} describes every service.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.ANNOTATION_TYPE})
@Repeatable(RedisServices.class)
@OvrseerService("redis")
@ExtendWith(OvrseerExtension.class)
public @interface RedisService {

  /** The id, unique across all processes of the environment; required. */
  String id();

  /**
   * {@code redis.conf} lines applied after the defaults, such as {@code "maxmemory 10mb"}; default
   * none.
   */
  String[] config() default {};

  /**
   * The {@code redis-server} program, relative to the working directory; default {@code ""}: the
   * artifact on the class path, then {@code PATH}.
   */
  String binary() default "";

  /**
   * Time between SIGTERM and SIGKILL when the server is stopped; default {@code "5s"}; {@code "0s"}
   * kills at once.
   */
  String stopTimeout() default "5s";

  /** Regex flags counted in the server's log; default none. */
  LogFlag[] flags() default {};

  /** Ids of the setup processes and dependencies the server waits for; default none. */
  String[] dependsOn() default {};
}
