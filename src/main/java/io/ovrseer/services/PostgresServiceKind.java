package io.ovrseer.services;

import io.ovrseer.spec.ServiceKind;
import java.util.Set;

/**
 * The service kind {@code postgres}: a {@link PostgresProcess} on the environment's port of the
 * service's id. Options: {@code database}, {@code username} (the role; {@code user} is the OS user
 * as for every process), {@code password}, {@code initScripts} (paths), {@code settings} ({@code
 * key=value} each), {@code keepDataDirectory} ({@code true}/{@code false}). The common {@code user}
 * is the OS user the server runs as when the JVM is root ({@link PostgresProcess.Builder#runAs}).
 */
public final class PostgresServiceKind implements ServiceKind {
  /** For {@link java.util.ServiceLoader}. */
  public PostgresServiceKind() {}

  @Override
  public String name() {
    return "postgres";
  }

  @Override
  public Set<String> options() {
    return Set.of(
        "database", "username", "password", "initScripts", "settings", "keepDataDirectory");
  }

  @Override
  public Set<String> connectionKeys() {
    return Set.of("jdbcUrl", "url", "host", "port", "database", "user", "password");
  }

  @Override
  public Instance create(Request request) {
    PostgresProcess.Builder builder =
        PostgresProcess.builder()
            .port(request.ports().get(request.id()))
            .dependsOn(request.dependsOn().toArray(String[]::new));
    request.option("database").ifPresent(builder::database);
    request.option("username").ifPresent(builder::user);
    request.option("password").ifPresent(builder::password);
    request.values("initScripts").forEach(s -> builder.initScript(request.path(s)));
    for (String setting : request.values("settings")) {
      int eq = setting.indexOf('=');
      if (eq < 1) {
        throw new IllegalArgumentException(
            "[" + setting + "] is no server setting; write key=value, such as max_connections=20");
      }
      builder.setting(setting.substring(0, eq).trim(), setting.substring(eq + 1).trim());
    }
    request
        .option("keepDataDirectory")
        .ifPresent(k -> builder.keepDataDirectory(ServiceKindSupport.bool("keepDataDirectory", k)));
    request.user().ifPresent(builder::runAs);
    request.stopTimeout().ifPresent(builder::stopTimeout);
    return ServiceKindSupport.instance(builder.build());
  }
}
