package io.ovrseer.services;

import io.ovrseer.spec.ServiceKind;
import java.nio.file.Path;
import java.util.Set;

/**
 * The service kind {@code postgres}: a {@link PostgresProcess} declared by YAML {@code service:
 * postgres} or a service annotation. Options: {@code database}, {@code username}, {@code password},
 * {@code initScripts} (paths, comma-separated), {@code settings} ({@code key=value},
 * comma-separated), {@code keepDataDirectory} ({@code true}/{@code false}), {@code binaries} (a
 * directory); the common {@code user} is the operating-system user ({@link
 * PostgresProcess.Builder#runAs}). Loaded by {@link java.util.ServiceLoader}.
 */
public final class PostgresKind implements ServiceKind {
  @Override
  public String name() {
    return "postgres";
  }

  @Override
  public Set<String> options() {
    return Set.of(
        "database",
        "username",
        "password",
        "initScripts",
        "settings",
        "keepDataDirectory",
        "binaries");
  }

  @Override
  public Set<String> connectionKeys() {
    return Set.of("jdbcUrl", "url", "host", "port", "database", "user", "password");
  }

  @Override
  public Instance create(Request request) {
    KindOptions o = new KindOptions(request);
    PostgresProcess.Builder b = PostgresProcess.builder().port(o.port()).dependsOn(o.dependsOn());
    o.text("database").ifPresent(b::database);
    o.text("username").ifPresent(b::user);
    o.text("password").ifPresent(b::password);
    o.list("initScripts").forEach(p -> b.initScript(Path.of(p)));
    o.settings("settings").forEach(b::setting);
    b.keepDataDirectory(o.flag("keepDataDirectory"));
    o.path("binaries").ifPresent(b::binaries);
    request.user().ifPresent(b::runAs);
    PostgresProcess unit = b.build();
    return new Instance(unit, unit.connectionProperties());
  }
}
