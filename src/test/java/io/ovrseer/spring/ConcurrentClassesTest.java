package io.ovrseer.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.ovrseer.junit.Dependency;
import io.ovrseer.junit.OvrseerEnvironment;
import io.ovrseer.junit.Port;
import io.ovrseer.testing.NoLeftoverProcesses;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Configuration;
import org.springframework.test.context.junit.jupiter.SpringJUnitConfig;

/** Spring test classes whose environments run at the same time, each finds its own. */
@ExtendWith(NoLeftoverProcesses.class)
class ConcurrentClassesTest {

  @Test
  void aNestedClassWithItsOwnEnvironmentFindsItAndTheEnclosingPortsWhileAnotherClassRuns() {
    // Before: the context of one of the two Client classes failed to load, 'The Ovrseer
    // environment of [..Client] is not running while Spring loads its ApplicationContext': Spring
    // worked the identity out with the JVM-wide ovrseer.port.api, the other class's.
    // And: one Client's context had the other class's ovrseer.port.api, its property source
    // holding its own environment's ports only (the api port came from the JVM-wide property).
    SpringKit.runSucceedingConcurrently(EnclosingLeft.class, EnclosingRight.class);
  }

  /** Holds each enclosing class in its {@code @BeforeAll} until both environments are up. */
  static final CountDownLatch BOTH_ENCLOSING_UP = new CountDownLatch(2);

  static void awaitBothEnclosingUp() throws InterruptedException {
    BOTH_ENCLOSING_UP.countDown();
    assertThat(BOTH_ENCLOSING_UP.await(60, TimeUnit.SECONDS)).isTrue();
  }

  /** No beans: the context only has to load, wired to the right environment. */
  @Configuration(proxyBeanMethods = false)
  static class NoBeans {}

  @SpringKit.Fixture
  @OvrseerEnvironment
  @Dependency(
      id = "api",
      command = {"sh", "-c", "exec sleep 600", "api", "${port:api}"})
  static class EnclosingLeft {
    static int apiPort;

    @BeforeAll
    static void bothUp(@Port("api") int port) throws InterruptedException {
      apiPort = port;
      awaitBothEnclosingUp();
    }

    @Nested
    @SpringJUnitConfig(NoBeans.class)
    @OvrseerEnvironment
    @Dependency(
        id = "client",
        command = {
          "sh",
          "-c",
          "exec sleep 600",
          "client",
          "${port:client}",
          "${sys:ovrseer.port.api}"
        })
    class Client {
      @Value("${ovrseer.port.client}")
      int clientPort;

      @Value("${ovrseer.port.api}")
      int apiPort;

      @Test
      void itsContextIsWiredToItsOwnEnvironment(@Port("client") int port) {
        assertThat(clientPort).isEqualTo(port);
      }

      @Test
      void itsContextSeesThePortOfItsEnclosingEnvironment() {
        assertThat(apiPort).isEqualTo(EnclosingLeft.apiPort);
      }
    }
  }

  @SpringKit.Fixture
  @OvrseerEnvironment
  @Dependency(
      id = "api",
      command = {"sh", "-c", "exec sleep 600", "api", "${port:api}"})
  static class EnclosingRight {
    static int apiPort;

    @BeforeAll
    static void bothUp(@Port("api") int port) throws InterruptedException {
      apiPort = port;
      awaitBothEnclosingUp();
    }

    @Nested
    @SpringJUnitConfig(NoBeans.class)
    @OvrseerEnvironment
    @Dependency(
        id = "client",
        command = {
          "sh",
          "-c",
          "exec sleep 600",
          "client",
          "${port:client}",
          "${sys:ovrseer.port.api}"
        })
    class Client {
      @Value("${ovrseer.port.client}")
      int clientPort;

      @Value("${ovrseer.port.api}")
      int apiPort;

      @Test
      void itsContextIsWiredToItsOwnEnvironment(@Port("client") int port) {
        assertThat(clientPort).isEqualTo(port);
      }

      @Test
      void itsContextSeesThePortOfItsEnclosingEnvironment() {
        assertThat(apiPort).isEqualTo(EnclosingRight.apiPort);
      }
    }
  }
}
