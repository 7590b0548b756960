package io.ovrseer.services;

import static org.assertj.core.api.Assertions.assertThat;

import io.ovrseer.testing.NoLeftoverProcesses;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** One broker for the whole class: Kafka is the heaviest service on a 2-core machine. */
@ExtendWith(NoLeftoverProcesses.class)
class KafkaProcessTest {

  @Test
  void itsPropertiesFilesReadBackAsKafkaReadsThemAlsoWithWindowsPathsAndNonAsciiNames(
      @TempDir java.nio.file.Path dir) throws Exception {
    java.util.Properties written = new java.util.Properties();
    written.put("log.dirs", "C:\\Users\\Jos\u00e9 \u738b\\kafka data");
    written.put("listeners", "PLAINTEXT://127.0.0.1:9092");
    java.nio.file.Path file = dir.resolve("server.properties");

    KafkaProcess.write(written, file);

    java.util.Properties read = new java.util.Properties();
    // As Kafka's Utils.loadProps does: from a byte stream, so ISO 8859-1.
    try (java.io.InputStream in = java.nio.file.Files.newInputStream(file)) {
      read.load(in);
    }
    assertThat(read).isEqualTo(written);
  }

  @Test
  void oneExplicitPortForTheBrokerAndItsControllerIsRefusedWhenBuilt() {
    int port = io.ovrseer.fixtures.Fixtures.freePort();

    org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
        .isThrownBy(() -> KafkaProcess.builder().port(port).controllerPort(port).build())
        .withMessage(
            "Kafka port and controllerPort are both "
                + port
                + "; the broker and its controller listen on two ports");
  }

  /**
   * A broker given its own listeners was ready (if at all) where bootstrapServers() did not point:
   * the readiness check waited at the builder's port for the whole ready timeout (120 s). A log
   * directory given was replaced by the instance's without a word.
   */
  @Test
  void settingsThatMoveTheListenersOrTheLogAreRefused() {
    for (String key :
        List.of("listeners", "advertised.listeners", "log.dirs", "log.dir", "metadata.log.dir")) {
      org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
          .as(key)
          .isThrownBy(() -> KafkaProcess.builder().setting(key, "PLAINTEXT://127.0.0.1:9092"))
          .withMessageStartingWith("Kafka setting [" + key + "] ");
    }
    assertThat(KafkaProcess.builder().setting("log.retention.ms", "60000")).isNotNull();
  }

  /**
   * The admin client asks whatever answers at the port: with another broker there, the unit was
   * ready on that broker's answers (and created its topics there) a moment after the spawn, before
   * its own JVM found the port taken and exited 1.
   */
  @Test
  void aPortWhereAnotherBrokerAnswersIsRefusedAtStartNotReadyOnItsAnswers() throws Exception {
    KafkaProcess other = KafkaProcess.builder().build();
    try {
      other.start();
      other.ready().get(5, TimeUnit.MINUTES);
      KafkaProcess kafka = KafkaProcess.builder().port(other.port()).topic("mine").build();
      try {
        org.assertj.core.api.Assertions.assertThatThrownBy(kafka::start)
            .isInstanceOf(io.ovrseer.process.ProcessSpawnException.class)
            .hasMessageContaining(
                "port 127.0.0.1:" + other.port() + " already accepts connections before the spawn");
        assertThat(kafka.isRunning()).isFalse();
      } finally {
        kafka.stop();
      }
      try (org.apache.kafka.clients.admin.Admin admin =
          org.apache.kafka.clients.admin.Admin.create(
              Map.of("bootstrap.servers", other.bootstrapServers()))) {
        assertThat(admin.listTopics().names().get(1, TimeUnit.MINUTES)).doesNotContain("mine");
      }
    } finally {
      other.stop();
    }
  }

  /** A name Kafka refuses failed the readiness, seconds later, once the broker ran. */
  @Test
  void aTopicNameKafkaRefusesOrTwoThatCollideAreRefusedWhenBuilt() {
    org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
        .isThrownBy(() -> KafkaProcess.builder().topic("ok").topic("bad name").build())
        .withMessageStartingWith("Kafka topic [bad name] is not valid: ")
        .withMessageContaining("contains one or more characters other than ASCII alphanumerics");
    org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
        .isThrownBy(() -> KafkaProcess.builder().topic("x".repeat(250)).build())
        .withMessageContaining("is longer than the max allowed length 249");
    org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
        .isThrownBy(() -> KafkaProcess.builder().topic("my.orders").topic("my_orders", 2).build())
        .withMessage(
            "Kafka topics [my.orders] and [my_orders] collide: Kafka takes '.' and '_' in a topic"
                + " name for the same");
  }

  /**
   * all() fails with one topic's exception: with one topic there already (a restart keeping the
   * directory, or an attempt whose creation timed out after it created it), a TopicExistsException
   * could stand for the lot and hide another topic's real failure, and the broker counted as ready
   * without that topic.
   */
  @Test
  void aTopicThatAlreadyExistsDoesNotHideAnotherTopicsFailure() throws Exception {
    KafkaProcess kafka = KafkaProcess.builder().topic("existing").build();
    try {
      kafka.start();
      kafka.ready().get(5, TimeUnit.MINUTES);
      // Partitions -2 the builder refuses; the broker does too, for this topic only and for good.
      // Named so that the admin client lists "existing" first (a HashMap), whose error all() gave.
      java.util.Map<String, Integer> topics = new java.util.LinkedHashMap<>();
      topics.put("existing", 1);
      topics.put("wrong", -2);
      KafkaReadyCheck check =
          new KafkaReadyCheck(
              kafka.bootstrapServers(), "127.0.0.1:1", topics, Duration.ofMinutes(1));
      java.util.concurrent.CompletableFuture<Void> ready =
          check.await(
              new io.ovrseer.process.ReadyCheck.Context() {
                @Override
                public io.ovrseer.log.ProcessLogger logger() {
                  return kafka.logger();
                }

                @Override
                public long pid() {
                  return kafka.getPid().orElseThrow();
                }

                @Override
                public java.util.concurrent.ScheduledExecutorService scheduler() {
                  throw new UnsupportedOperationException();
                }

                @Override
                public void runBlocking(Runnable work) {
                  new Thread(work, "kafka-check-test").start();
                }
              });
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> ready.get(2, TimeUnit.MINUTES))
          .hasCauseInstanceOf(IllegalStateException.class)
          .cause()
          .hasMessageStartingWith("Kafka: could not create topic [wrong]: ")
          .hasMessageNotContaining("existing");
    } finally {
      kafka.stop();
    }
  }

  /**
   * Kafka accepts voters it cannot reach: the one node waited for that quorum, silent, until the
   * ready timeout (120 s) failed with only "Connection refused" at the broker's port.
   */
  @Test
  void quorumVotersOtherThanThisNodeAtItsControllerPortAreRefusedWhenBuilt() {
    int controller = io.ovrseer.fixtures.Fixtures.freePort();
    int elsewhere = io.ovrseer.fixtures.Fixtures.freePort();
    org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
        .isThrownBy(
            () ->
                KafkaProcess.builder()
                    .controllerPort(controller)
                    .setting("controller.quorum.voters", "1@127.0.0.1:" + elsewhere)
                    .build())
        .withMessage(
            "Kafka setting [controller.quorum.voters=1@127.0.0.1:%d] names voter"
                + " [1@127.0.0.1:%d], which is not this broker (node.id 1) at its controllerPort"
                + " %d: the one node would wait for that quorum until the ready timeout; leave the"
                + " setting out or give it as 1@127.0.0.1:%d",
            elsewhere, elsewhere, controller, controller);
    org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
        .isThrownBy(
            () ->
                KafkaProcess.builder()
                    .controllerPort(controller)
                    .setting(
                        "controller.quorum.voters",
                        "1@127.0.0.1:" + controller + ", 2@127.0.0.1:" + elsewhere)
                    .build())
        .withMessageContaining("names voter [2@127.0.0.1:" + elsewhere + "]");
  }

  /**
   * The default voter was node 1: another node.id alone failed in the broker's JVM ("the node id 2
   * must be included in the set of voters"), and a YAML or annotation user, who does not know the
   * controller's port, could not write the voters.
   */
  @Test
  void anotherNodeIdAloneIsTheQuorumsOneVoterAndGetsAStorageTemplateFormattedForIt()
      throws Exception {
    KafkaProcess kafka = KafkaProcess.builder().setting("node.id", "2").topic("t").build();
    try {
      kafka.start();
      kafka.ready().get(5, TimeUnit.MINUTES);
    } finally {
      kafka.stop();
    }

    String templateLine =
        kafka.logger().getLogs().stream()
            .filter(line -> line.contains("storage template"))
            .findFirst()
            .orElseThrow();
    java.nio.file.Path template =
        java.nio.file.Path.of(templateLine.substring(templateLine.lastIndexOf(' ') + 1));
    assertThat(template.getFileName().toString()).endsWith("-node-2");
    assertThat(java.nio.file.Files.readString(template.resolve("meta.properties")))
        .contains("node.id=2");
  }

  @Test
  void producesAndConsumesARecordOnATopicCreatedWithItsPartitions() throws Exception {
    KafkaProcess kafka = KafkaProcess.builder().topic("orders", 3).build();
    try {
      kafka.start();
      kafka.ready().get(5, TimeUnit.MINUTES);
      Map<String, Object> common = Map.of("bootstrap.servers", kafka.bootstrapServers());
      try (KafkaProducer<String, String> producer =
          new KafkaProducer<>(common, new StringSerializer(), new StringSerializer())) {
        assertThat(producer.partitionsFor("orders")).hasSize(3);
        RecordMetadata sent =
            producer.send(new ProducerRecord<>("orders", 1, "o-1", "one pizza")).get();
        assertThat(sent.partition()).isEqualTo(1);
      }
      Map<String, Object> consumerConfig =
          Map.of(
              "bootstrap.servers",
              kafka.bootstrapServers(),
              ConsumerConfig.GROUP_ID_CONFIG,
              "test",
              ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
              "earliest");
      try (KafkaConsumer<String, String> consumer =
          new KafkaConsumer<>(consumerConfig, new StringDeserializer(), new StringDeserializer())) {
        consumer.subscribe(List.of("orders"));
        ConsumerRecords<String, String> records = ConsumerRecords.empty();
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (records.isEmpty() && System.nanoTime() < deadline) {
          records = consumer.poll(Duration.ofMillis(500));
        }
        assertThat(records).hasSize(1);
        assertThat(records.iterator().next().value()).isEqualTo("one pizza");
      }
      assertThat(kafka.connectionProperties())
          .containsEntry("bootstrapServers", "127.0.0.1:" + kafka.port());
    } finally {
      kafka.stop();
    }
  }

  /**
   * Kafka logs nothing without an SLF4J binding: a broker that cannot start would exit 1 with not
   * one line saying why. The cause is in its log, and so in the readiness failure.
   */
  @Test
  void aPortInUseOrABadSettingIsNamedInTheReadinessFailure() throws Exception {
    try (java.net.ServerSocket taken = new java.net.ServerSocket()) {
      taken.bind(new java.net.InetSocketAddress("127.0.0.1", 0));
      int port = taken.getLocalPort();
      // The controller's port: one of the broker's that accepts connections is refused at the
      // spawn already (aPortWhereAnotherBrokerAnswersIsRefusedAtStartNotReadyOnItsAnswers).
      assertThat(failureOf(KafkaProcess.builder().controllerPort(port).build()))
          .contains(
              "Kafka cannot start: port " + port + " of listener CONTROLLER://127.0.0.1:" + port)
          .contains("Address already in use");
    }
    assertThat(failureOf(KafkaProcess.builder().setting("num.partitions", "many").build()))
        .contains(
            "Kafka cannot start: invalid configuration: Invalid value many for configuration"
                + " num.partitions");
  }

  /**
   * A broker held up in its start after its controller came up (here an authorizer that refuses the
   * broker's own registration, as no super.users names it) failed its readiness with only
   * "Connection refused" at the broker's port, or exited 1 after a minute (Kafka's registration
   * timeout) without a word: Kafka tells why only in its log, silent without an SLF4J binding. The
   * log now says what the controller answers. The default ready timeout: the broker's exit ends the
   * wait after that minute, by when its controller has long been up, however slow the machine.
   */
  @Test
  void aBrokerHeldUpAfterItsControllerCameUpIsExplainedByWhatItsControllerAnswers()
      throws Exception {
    int controller = io.ovrseer.fixtures.Fixtures.freePort();
    KafkaProcess kafka =
        KafkaProcess.builder()
            .controllerPort(controller)
            .setting(
                "authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer")
            .build();

    assertThat(failureOf(kafka))
        .contains(
            "[ovrseer] Kafka: the broker at "
                + kafka.bootstrapServers()
                + " does not answer yet; its controller at 127.0.0.1:"
                + controller
                + " refuses: ClusterAuthorizationException: ");
  }

  private static String failureOf(KafkaProcess kafka) throws Exception {
    try {
      kafka.start();
      return org.assertj.core.api.Assertions.catchThrowable(
              () -> kafka.ready().get(5, TimeUnit.MINUTES))
          .getCause()
          .getMessage();
    } finally {
      kafka.stop();
    }
  }
}
