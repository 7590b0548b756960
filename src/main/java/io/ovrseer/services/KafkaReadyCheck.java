package io.ovrseer.services;

import io.ovrseer.internal.Failures;
import io.ovrseer.log.LogLine;
import io.ovrseer.log.ProcessLogger;
import io.ovrseer.process.ReadyCheck;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.internals.Topic;

/**
 * Ready once the broker answers Kafka's admin API and the requested topics exist (they are created
 * by this check). Uses the admin client of {@code kafka-clients}, which is on the class path
 * whenever the broker is.
 *
 * <p>A broker that has not answered for {@link #QUIET} (a quarter of the timeout if that is less)
 * has its controller asked too, and the unit's log told what the controller answers, whenever that
 * changes: a broker held up in its start after its controller came up (an authorizer that refuses
 * the broker's registration) otherwise failed with only its port's {@code Connection refused}, or
 * exited 1 without a word, since Kafka says why only in its log, silent without an SLF4J binding.
 */
final class KafkaReadyCheck implements ReadyCheck {
  private static final Duration ATTEMPT = Duration.ofSeconds(2);

  /** How long the broker may not answer before its controller is asked why. */
  private static final Duration QUIET = Duration.ofSeconds(10);

  private final String bootstrapServers;
  private final String controllers;
  private final Map<String, Integer> topics;
  private final Duration timeout;

  /**
   * @param controllers the controller's {@code host:port}, asked when the broker does not answer
   */
  KafkaReadyCheck(
      String bootstrapServers, String controllers, Map<String, Integer> topics, Duration timeout) {
    this.bootstrapServers = bootstrapServers;
    this.controllers = controllers;
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
    context.runBlocking(() -> poll(done, context.logger()));
    return done;
  }

  private void poll(CompletableFuture<Void> done, ProcessLogger log) {
    long quiet = Math.min(QUIET.toNanos(), timeout.toNanos() / 4);
    long askControllerFrom = System.nanoTime() + quiet;
    Admin controller = null;
    String told = null;
    try (Admin admin =
        Admin.create(config(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
      while (!done.isDone()) {
        try {
          describeCluster(admin);
        } catch (ExecutionException | TimeoutException e) {
          // Not answering yet: the next attempt follows at once (the client backs off itself).
          if (System.nanoTime() - askControllerFrom >= 0 && !done.isDone()) {
            if (controller == null) {
              controller =
                  Admin.create(config(AdminClientConfig.BOOTSTRAP_CONTROLLERS_CONFIG, controllers));
            }
            Optional<Throwable> answer = controllerAnswer(controller);
            String kind = answer.map(a -> a.getClass().getName()).orElse("answers");
            if (!kind.equals(told)) {
              told = kind;
              log.append(LogLine.Stream.STDOUT, "[ovrseer] " + whyNotReady(answer));
            }
          }
          continue;
        }
        try {
          createTopics(admin);
          done.complete(null);
        } catch (ExecutionException | TimeoutException e) {
          // A retriable failure (the controller not elected yet): the next attempt follows.
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      done.completeExceptionally(e);
    } catch (RuntimeException e) {
      done.completeExceptionally(e);
    } finally {
      if (controller != null) {
        controller.close(Duration.ZERO);
      }
    }
  }

  private static Properties config(String bootstrapKey, String bootstrap) {
    Properties config = new Properties();
    config.put(bootstrapKey, bootstrap);
    config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) ATTEMPT.toMillis());
    config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) ATTEMPT.toMillis());
    config.put(AdminClientConfig.RECONNECT_BACKOFF_MS_CONFIG, 20);
    config.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 100);
    config.put(AdminClientConfig.RETRY_BACKOFF_MS_CONFIG, 20);
    config.put(AdminClientConfig.RETRY_BACKOFF_MAX_MS_CONFIG, 100);
    return config;
  }

  private static void describeCluster(Admin admin)
      throws InterruptedException, ExecutionException, TimeoutException {
    admin
        .describeCluster(new DescribeClusterOptions().timeoutMs((int) ATTEMPT.toMillis()))
        .nodes()
        .get(ATTEMPT.toMillis() * 2, TimeUnit.MILLISECONDS);
  }

  /** Empty when the controller answers; else why not (Kafka's error, or a timeout). */
  private static Optional<Throwable> controllerAnswer(Admin controller)
      throws InterruptedException {
    try {
      describeCluster(controller);
      return Optional.empty();
    } catch (ExecutionException | TimeoutException e) {
      return Optional.of(Failures.unwrap(e));
    }
  }

  /** A line for the unit's log: what the controller's {@code answer} tells of a silent broker. */
  private String whyNotReady(Optional<Throwable> answer) {
    String broker = "Kafka: the broker at " + bootstrapServers + " does not answer yet; ";
    if (answer.isEmpty()) {
      return broker
          + "its controller at "
          + controllers
          + " answers: the broker's own start is not done yet (Kafka logs what holds it up only"
          + " through an SLF4J binding, such as org.slf4j:slf4j-simple, on the broker's class"
          + " path)";
    }
    Throwable error = answer.get();
    // A refusal is Kafka's own answer (an ApiException); anything else is no answer at all.
    return broker
        + "its controller at "
        + controllers
        + (error instanceof ApiException && !(error instanceof RetriableException)
            ? " refuses: "
            : " does not answer either: ")
        + error.getClass().getSimpleName()
        + ": "
        + Failures.messageOf(error);
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
