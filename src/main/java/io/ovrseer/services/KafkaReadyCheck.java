package io.ovrseer.services;

import io.ovrseer.process.ReadyCheck;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.internals.Topic;

/**
 * Ready once the broker answers Kafka's admin API and the requested topics exist (they are created
 * by this check). Uses the admin client of {@code kafka-clients}, which is on the class path
 * whenever the broker is.
 */
final class KafkaReadyCheck implements ReadyCheck {
  private static final Duration ATTEMPT = Duration.ofSeconds(2);

  private final String bootstrapServers;
  private final Map<String, Integer> topics;
  private final Duration timeout;

  KafkaReadyCheck(String bootstrapServers, Map<String, Integer> topics, Duration timeout) {
    this.bootstrapServers = bootstrapServers;
    this.topics = Map.copyOf(topics);
    this.timeout = timeout;
  }

  /**
   * Kafka's own checks of the names of topics to create: a name Kafka refuses, or two that collide
   * (Kafka takes {@code .} and {@code _} for one), failed the readiness only once the broker ran,
   * seconds after the build. Here, not in {@link KafkaProcess.Builder}, whose class must load
   * without kafka-clients to say that it is missing.
   *
   * @throws IllegalArgumentException naming the topic, with Kafka's reason
   */
  static void checkNames(Collection<String> topics) {
    List<String> names = List.copyOf(topics);
    for (int i = 0; i < names.size(); i++) {
      String name = names.get(i);
      try {
        Topic.validate(name);
      } catch (InvalidTopicException e) {
        throw new IllegalArgumentException(
            "Kafka topic [" + name + "] is not valid: " + e.getMessage(), e);
      }
      for (String earlier : names.subList(0, i)) {
        if (Topic.hasCollision(name, earlier)) {
          throw new IllegalArgumentException(
              "Kafka topics ["
                  + earlier
                  + "] and ["
                  + name
                  + "] collide: Kafka takes '.' and '_' in a topic name for the same");
        }
      }
    }
  }

  @Override
  public Duration timeout() {
    return timeout;
  }

  @Override
  public String description() {
    return "Kafka broker at "
        + bootstrapServers
        + " answering"
        + (topics.isEmpty() ? "" : " with topics " + topics.keySet());
  }

  @Override
  public CompletableFuture<Void> await(Context context) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    context.runBlocking(() -> poll(done));
    return done;
  }

  private void poll(CompletableFuture<Void> done) {
    Properties config = new Properties();
    config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) ATTEMPT.toMillis());
    config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) ATTEMPT.toMillis());
    config.put(AdminClientConfig.RECONNECT_BACKOFF_MS_CONFIG, 20);
    config.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 100);
    config.put(AdminClientConfig.RETRY_BACKOFF_MS_CONFIG, 20);
    config.put(AdminClientConfig.RETRY_BACKOFF_MAX_MS_CONFIG, 100);
    try (Admin admin = Admin.create(config)) {
      while (!done.isDone()) {
        try {
          admin
              .describeCluster(new DescribeClusterOptions().timeoutMs((int) ATTEMPT.toMillis()))
              .nodes()
              .get(ATTEMPT.toMillis() * 2, TimeUnit.MILLISECONDS);
          createTopics(admin);
          done.complete(null);
        } catch (ExecutionException | TimeoutException e) {
          // Not answering yet: the next attempt follows at once (the client backs off itself).
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      done.completeExceptionally(e);
    } catch (RuntimeException e) {
      done.completeExceptionally(e);
    }
  }

  /**
   * Creates the topics; one that exists already counts as created. Each topic's result is read on
   * its own: all() fails with the first failed topic's exception only, so an existing topic's
   * TopicExistsException could stand for the lot and hide another topic's real failure.
   *
   * @throws ExecutionException for a failure worth another attempt (a {@link RetriableException})
   * @throws IllegalStateException naming every topic Kafka refused, with its reason
   */
  private void createTopics(Admin admin)
      throws InterruptedException, ExecutionException, TimeoutException {
    if (topics.isEmpty()) {
      return;
    }
    List<NewTopic> newTopics =
        topics.entrySet().stream()
            .map(t -> new NewTopic(t.getKey(), t.getValue(), (short) 1))
            .toList();
    long deadline = System.nanoTime() + timeout.toNanos();
    Map<String, Throwable> refused = new TreeMap<>();
    for (Map.Entry<String, KafkaFuture<Void>> topic :
        admin.createTopics(newTopics).values().entrySet()) {
      try {
        topic.getValue().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (ExecutionException e) {
        if (e.getCause() instanceof RetriableException) {
          throw e;
        }
        if (!(e.getCause() instanceof TopicExistsException)) {
          refused.put(topic.getKey(), e.getCause());
        }
      }
    }
    if (!refused.isEmpty()) {
      IllegalStateException failure =
          new IllegalStateException(
              "Kafka: could not create topic"
                  + (refused.size() > 1 ? "s " : " ")
                  + refused.entrySet().stream()
                      .map(t -> "[" + t.getKey() + "]: " + t.getValue())
                      .collect(Collectors.joining("; ")),
              refused.values().iterator().next());
      refused.values().stream().skip(1).forEach(failure::addSuppressed);
      throw failure;
    }
  }

  @Override
  public String toString() {
    return description();
  }
}
