package io.ovrseer.services;

import io.ovrseer.internal.FileNames;
import io.ovrseer.internal.PrivateDirectories;
import io.ovrseer.internal.PrivateFiles;
import io.ovrseer.log.LogLine;
import io.ovrseer.log.ProcessLogger;
import io.ovrseer.process.ProcessUnit;
import io.ovrseer.process.ReadyCheck;
import io.ovrseer.spec.Ports;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.kafka.common.utils.AppInfoParser;

/**
 * A Kafka broker for tests: one KRaft node (broker and controller) running {@code kafka.Kafka} from
 * the class path ({@code org.apache.kafka:kafka_2.13} 4.x) in a JVM of its own, ready once it
 * answers Kafka's admin API and the requested topics exist.
 *
 * <p>The storage format ({@code kafka-storage format}) runs once per Kafka version into a template
 * in the per-user cache; each instance starts from a copy in the runtime directory, removed at
 * {@link #stop()}. Kafka logs nothing unless an SLF4J binding is on the class path; readiness does
 * not depend on its log.
 *
 * <p>Defaults: free loopback ports for the broker and the controller; listening on {@code
 * 127.0.0.1}; replication factor 1 everywhere; topics auto-created with one partition; JVM options
 * {@value #DEFAULT_JVM_OPTIONS}; ready within 120 s; stop timeout 10 s. Connection properties:
 * {@code bootstrapServers}, {@code host}, {@code port}.
 */
public final class KafkaProcess extends DelegatingUnit implements ServiceUnit {
  /** The JVM options of the broker unless {@link Builder#jvmOptions} replaces them. */
  public static final String DEFAULT_JVM_OPTIONS =
      "-Xms256m -Xmx1g -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xshare:auto";

  private static final String COORDINATES = "org.apache.kafka:kafka_2.13 (4.x)";
  private static final String CLIENT_CLASS = "org/apache/kafka/clients/admin/Admin.class";

  private final InstanceDirectory instance;
  private final Path template;
  private final Properties config;

  private KafkaProcess(
      ProcessUnit server, int port, InstanceDirectory instance, Path template, Properties config) {
    super(server, port);
    this.instance = instance;
    this.template = template;
    this.config = config;
  }

  /** A builder with the defaults above. */
  public static Builder builder() {
    return new Builder();
  }

  /** {@code 127.0.0.1:<port>}, for {@code bootstrap.servers}. */
  public String bootstrapServers() {
    return HOST + ":" + port;
  }

  @Override
  public Map<String, String> connectionProperties() {
    Map<String, String> properties = new LinkedHashMap<>();
    properties.put("bootstrapServers", bootstrapServers());
    properties.put("host", HOST);
    properties.put("port", Integer.toString(port));
    return properties;
  }

  @Override
  void beforeStart() {
    if (instance.exists()) {
      return;
    }
    instance.create();
    try {
      Path data = PrivateDirectories.createNew(instance.path().resolve("data"));
      // What the format wrote (meta.properties, bootstrap.checkpoint), not the cache's marker.
      try (Stream<Path> files = Files.list(template)) {
        for (Path file : files.filter(Files::isRegularFile).toList()) {
          String name = file.getFileName().toString();
          if (!name.equals(CacheEntry.MARKER)) {
            Files.copy(file, data.resolve(name));
          }
        }
      }
      Properties withDirs = new Properties();
      withDirs.putAll(config);
      withDirs.put("log.dirs", data.toString());
      write(withDirs, instance.path().resolve("server.properties"));
    } catch (IOException e) {
      throw cleanedUp(
          new UncheckedIOException("Kafka: could not prepare " + instance.path(), e),
          instance::discard);
    }
  }

  @Override
  void afterStop() {
    instance.remove();
  }

  @Override
  String connectionSummary() {
    return "[" + bootstrapServers() + "]";
  }

  /**
   * Writes {@code properties} as Kafka reads them back: escaped (a Windows path's backslashes) and,
   * since Kafka loads them from a byte stream (ISO 8859-1), with any other character as {@code
   * \}{@code uXXXX} (a user name in a path, {@code C:\Users\José}).
   */
  static void write(Properties properties, Path file) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    properties.store(bytes, null);
    PrivateFiles.write(file, bytes.toByteArray());
  }

  /** Options of a {@link KafkaProcess}; each returns this builder. */
  public static final class Builder extends ServiceBuilder<Builder> {
    private int controllerPort;
    private final Map<String, Integer> topics = new LinkedHashMap<>();
    private final Map<String, String> settings = new LinkedHashMap<>();
    private String classPath;
    private String jvmOptions = DEFAULT_JVM_OPTIONS;

    private Builder() {
      super("Kafka", Duration.ofSeconds(120), Duration.ofSeconds(10));
    }

    /** The controller's port; default a free loopback port chosen at build. */
    public Builder controllerPort(int port) {
      this.controllerPort = checkPort(port);
      return this;
    }

    /** A topic to create with one partition before the broker counts as ready. */
    public Builder topic(String name) {
      return topic(name, 1);
    }

    /** A topic to create with {@code partitions} partitions before the broker counts as ready. */
    public Builder topic(String name, int partitions) {
      Objects.requireNonNull(name, "topic");
      if (name.isBlank() || partitions < 1) {
        throw new IllegalArgumentException(
            "Kafka topic [" + name + "] needs a name and at least one partition");
      }
      topics.put(name, partitions);
      return this;
    }

    /**
     * A broker setting ({@code server.properties} line), added to or replacing the defaults.
     *
     * @throws IllegalArgumentException for {@code listeners} or {@code advertised.listeners} (use
     *     {@link #port(int)} and {@link #controllerPort(int)}, which {@link #bootstrapServers()}
     *     and the readiness check name), or {@code log.dirs}, {@code log.dir} or {@code
     *     metadata.log.dir} (the log is in the instance's directory, copied from the formatted
     *     template at start and removed at stop)
     */
    public Builder setting(String key, String value) {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(value, key);
      switch (key.strip()) {
        case "listeners", "advertised.listeners" ->
            // The broker listened elsewhere: the readiness check waited for the whole ready
            // timeout at the port bootstrapServers() names, where nothing answered.
            throw new IllegalArgumentException(
                "Kafka setting ["
                    + key
                    + "] would move the broker off its bootstrapServers' port;"
                    + " use port(int) and controllerPort(int)");
        case "log.dirs", "log.dir", "metadata.log.dir" ->
            // log.dirs was replaced by the instance's directory without a word; a metadata log
            // elsewhere was formatted once at build and then shared by every instance.
            throw new IllegalArgumentException(
                "Kafka setting ["
                    + key
                    + "] cannot be given: the broker's log is in its instance directory, made from"
                    + " the formatted storage template at start and removed at stop");
        default -> settings.put(key, value);
      }
      return this;
    }

    /** The broker JVM's class path; default this JVM's ({@code java.class.path}). */
    public Builder classPath(String classPath) {
      this.classPath = Objects.requireNonNull(classPath, "classPath");
      return this;
    }

    /** The broker JVM's options, separated by spaces; default {@value #DEFAULT_JVM_OPTIONS}. */
    public Builder jvmOptions(String options) {
      this.jvmOptions = Objects.requireNonNull(options, "jvmOptions");
      return this;
    }

    /**
     * Checks that Kafka is on the class path, formats the storage template if the cache lacks it,
     * and builds the unit.
     *
     * @throws IllegalStateException if {@code kafka.Kafka} is not on the class path (naming the
     *     artifact to add), kafka-clients is not beside Ovrseer's classes, or the storage format
     *     fails (with its output)
     * @throws IllegalArgumentException for a topic name Kafka refuses, or two that collide ({@code
     *     .} and {@code _} are the same to Kafka), with Kafka's reason; or for a {@code
     *     controller.quorum.voters} setting with a voter other than this node ({@code node.id}) at
     *     its controller port
     */
    public KafkaProcess build() {
      String cp = classPath == null ? JavaRuntime.classPath() : classPath;
      if (classPath == null && ClassPathResources.find("kafka/Kafka.class").isEmpty()) {
        throw new IllegalStateException(
            "Kafka not found: add the test dependency "
                + COORDINATES
                + " (it brings kafka-clients), or give a class path holding it with"
                + " KafkaProcess.builder().classPath(..)");
      }
      // The readiness check and the version run kafka-clients in this JVM, from Ovrseer's own
      // class loader: a context class loader that holds it (ovrseer up --classpath) is not enough.
      if (KafkaProcess.class.getClassLoader().getResource(CLIENT_CLASS) == null) {
        throw new IllegalStateException(
            "Kafka: org.apache.kafka:kafka-clients is not on the class path Ovrseer's classes are"
                + " loaded from, and Ovrseer talks to the broker with Kafka's admin client: add it"
                + " there (with ovrseer up, run java -cp ovrseer-cli.jar"
                + File.pathSeparator
                + "CLASSPATH io.ovrseer.cli.Main up ..., since --classpath does not reach them)");
      }
      // Only now that kafka-clients is known to be there: the check uses its classes.
      KafkaReadyCheck.checkNames(topics.keySet());
      ProcessLogger log = loggerOrNew();
      int port = portOrFree();
      if (controllerPort == port) {
        // Two listeners cannot share a port: the broker would fail to start, long after this.
        throw new IllegalArgumentException(
            "Kafka port and controllerPort are both "
                + port
                + "; the broker and its controller listen on two ports");
      }
      if (controllerPort == 0) {
        controllerPort = Ports.reserveOne();
      }
      Properties config = defaults(port, controllerPort);
      settings.forEach(config::put);
      if (!settings.containsKey("controller.quorum.voters")) {
        // The one voter is this node, whatever its node.id: with the default voter 1, another
        // node.id alone was refused by Kafka in the broker's JVM, and a YAML or annotation user
        // could not write the voters, not knowing the controller's port.
        config.put(
            "controller.quorum.voters", voter(config.getProperty("node.id"), controllerPort));
      }
      checkVoters(config, controllerPort);
      Path cache = ServiceDirectories.cache(Optional.empty());
      // The format writes the node id into meta.properties: a broker refuses storage of another.
      String key = kafkaVersion() + "-node-" + config.getProperty("node.id");
      Path template = cache.resolve("kafka-storage-" + FileNames.part(key));
      boolean formatted =
          CacheEntry.ensure(template, Optional.empty(), dir -> format(dir, cp, config));
      log.append(
          LogLine.Stream.STDOUT,
          "[ovrseer] "
              + (formatted ? "formatted storage template " : "storage template from cache ")
              + template);
      InstanceDirectory instance =
          new InstanceDirectory(
              "kafka", ServiceDirectories.runtime(Optional.empty()), port, false, Optional.empty());
      List<String> args = new ArrayList<>(JavaRuntime.options(jvmOptions));
      args.addAll(
          List.of(
              "-cp",
              classPath == null ? cp : ownLocation() + File.pathSeparator + cp,
              KafkaBroker.class.getName(),
              instance.path().resolve("server.properties").toString()));
      ProcessUnit server =
          finish(
              ProcessUnit.builder(JavaRuntime.java(), args.toArray(String[]::new))
                  // The admin client asks whatever answers at the port: another broker there made
                  // this one ready on its answers (its topics created there) before this JVM found
                  // the port taken. A port check refuses the spawn when the port already accepts
                  // connections, and passes no later than the admin client.
                  .readyCheck(ReadyCheck.tcpPort(HOST, port, readyTimeout())),
              log,
              timeout ->
                  new KafkaReadyCheck(
                      HOST + ":" + port, HOST + ":" + controllerPort, topics, timeout));
      return new KafkaProcess(server, port, instance, template, config);
    }

    /**
     * Refuses a {@code controller.quorum.voters} setting that names a voter other than this node at
     * its controller port: Kafka accepts it and the one node waits for that quorum without a word
     * (its log is silent without an SLF4J binding), until the ready timeout failed with only the
     * broker port's {@code Connection refused}. The host is not compared, since a voter's host may
     * be any name of the loopback address.
     */
    private static void checkVoters(Properties config, int controllerPort) {
      String voters = config.getProperty("controller.quorum.voters", "").strip();
      String nodeId = config.getProperty("node.id", "").strip();
      for (String voter : voters.isEmpty() ? new String[0] : voters.split(",")) {
        int at = voter.indexOf('@');
        int colon = voter.lastIndexOf(':');
        if (at < 0
            || colon < at
            || !voter.substring(0, at).strip().equals(nodeId)
            || !voter.substring(colon + 1).strip().equals(Integer.toString(controllerPort))) {
          throw new IllegalArgumentException(
              "Kafka setting [controller.quorum.voters="
                  + voters
                  + "] names voter ["
                  + voter.strip()
                  + "], which is not this broker (node.id "
                  + nodeId
                  + ") at its controllerPort "
                  + controllerPort
                  + ": the one node would wait for that quorum until the ready timeout; leave the"
                  + " setting out or give it as "
                  + voter(nodeId, controllerPort));
        }
      }
    }

    /** {@code <nodeId>@127.0.0.1:<controllerPort>}, a voter of {@code controller.quorum.voters}. */
    private static String voter(String nodeId, int controllerPort) {
      return nodeId.strip() + "@" + HOST + ":" + controllerPort;
    }

    /** Where {@link KafkaBroker} is loaded from, for a class path given without Ovrseer. */
    private static String ownLocation() {
      try {
        return Path.of(
                KafkaBroker.class.getProtectionDomain().getCodeSource().getLocation().toURI())
            .toString();
      } catch (URISyntaxException e) {
        throw new IllegalStateException("Kafka: cannot tell where Ovrseer's classes are", e);
      }
    }

    private void format(Path dir, String cp, Properties config) throws IOException {
      Properties forFormat = new Properties();
      forFormat.putAll(config);
      forFormat.put("log.dirs", dir.toString());
      Path file = dir.resolve("format.properties");
      write(forFormat, file);
      try {
        SetupCommand.run(
            "Kafka storage format",
            RunAs.commandLine(
                Optional.empty(),
                JavaRuntime.java(),
                List.of(
                    "-XX:TieredStopAtLevel=1",
                    "-XX:+UseSerialGC",
                    "-cp",
                    cp,
                    "kafka.tools.StorageTool",
                    "format",
                    "-t",
                    clusterId(),
                    "-c",
                    file.toString())),
            Duration.ofMinutes(5));
      } finally {
        Files.deleteIfExists(file);
      }
    }

    private static Properties defaults(int port, int controllerPort) {
      Properties p = new Properties();
      p.put("process.roles", "broker,controller");
      p.put("node.id", "1");
      p.put(
          "listeners",
          "PLAINTEXT://" + HOST + ":" + port + ",CONTROLLER://" + HOST + ":" + controllerPort);
      p.put("advertised.listeners", "PLAINTEXT://" + HOST + ":" + port);
      p.put("controller.listener.names", "CONTROLLER");
      p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
      p.put("inter.broker.listener.name", "PLAINTEXT");
      p.put("offsets.topic.replication.factor", "1");
      p.put("offsets.topic.num.partitions", "1");
      p.put("transaction.state.log.replication.factor", "1");
      p.put("transaction.state.log.min.isr", "1");
      p.put("share.coordinator.state.topic.replication.factor", "1");
      p.put("share.coordinator.state.topic.min.isr", "1");
      p.put("group.initial.rebalance.delay.ms", "0");
      p.put("num.partitions", "1");
      p.put("auto.create.topics.enable", "true");
      return p;
    }

    /**
     * What identifies the Kafka that formats the storage, the template's key: the version and
     * commit of kafka-clients on this class path, and the given class path if there is one.
     */
    private String kafkaVersion() {
      String version = AppInfoParser.getVersion() + "-" + AppInfoParser.getCommitId();
      return classPath == null
          ? version
          : version + "-" + Integer.toHexString(classPath.hashCode());
    }

    /** A random cluster id in Kafka's format: a UUID's 16 bytes, URL-safe Base64, no padding. */
    private static String clusterId() {
      UUID uuid = UUID.randomUUID();
      ByteBuffer bytes = ByteBuffer.allocate(16);
      bytes.putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits());
      return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.array());
    }
  }
}
