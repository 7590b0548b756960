package io.ovrseer.services;

import io.ovrseer.spec.ServiceKind;
import java.util.Set;

/**
 * The service kind {@code postgres}: a {@link PostgresProcess} declared by YAML {@code service:
 * postgres} or a service annotation. Options: {@code database}, {@code username}, {@code password},
 * {@code initScripts} (paths of readable files), {@code settings} ({@code key=value} each), {@code
 * keepDataDirectory} ({@code true}/{@code false}, also {@code yes}/{@code no}, {@code on}/{@code
 * off}), {@code binaries} (a directory); the common {@code user} is the operating-system user
 * ({@link PostgresProcess.Builder#runAs}). Loaded by {@link java.util.ServiceLoader}.
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
    o.files("initScripts").forEach(b::initScript);
    o.settings("settings").forEach(b::setting);
    b.keepDataDirectory(o.flag("keepDataDirectory"));
    o.path("binaries").ifPresent(b::binaries);
    request.user().ifPresent(b::runAs);
    o.stopTimeout().ifPresent(b::stopTimeout);
    return KindOptions.instance(b.build());
  }
}
