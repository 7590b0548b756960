package io.ovrseer.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Drives supervisord and PM2 through their own command-line clients, the way their users do, for
 * the "five processes until all are up, then all stopped" scenario. Each peer's daemon is started
 * once before measuring, so only starting and stopping the programs is timed.
 */
final class Peers {
  static final String COMMAND = "echo READY; exec sleep 600";
  static final int PROCESSES = 5;

  private Peers() {}

  /** Runs a command to completion and returns its stdout; fails on a non-zero exit. */
  static String run(Map<String, String> env, String... command) {
    return run(env, true, command);
  }

  /** Runs a command and returns its output; {@code strict} fails on a non-zero exit. */
  static String run(Map<String, String> env, boolean strict, String... command) {
    try {
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
      builder.environment().putAll(env);
      Process process = builder.start();
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(60, TimeUnit.SECONDS) || (strict && process.exitValue() != 0)) {
        throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static void pollUntil(Map<String, String> env, Predicate<String> done, String... command) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    // supervisorctl status exits 3 while some programs are not running: that is an answer here.
    while (!done.test(run(env, false, command))) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            String.join(" ", command) + " did not reach the expected state");
      }
    }
  }

  static int count(String text, String word) {
    int n = 0;
    for (int i = text.indexOf(word); i >= 0; i = text.indexOf(word, i + word.length())) {
      n++;
    }
    return n;
  }

  /** supervisord with {@code startsecs=0} (its default of 1 s would add a second by design). */
  static final class Supervisord implements AutoCloseable {
    private final Path dir;
    private final String config;

    Supervisord(Path dir) throws IOException {
      this.dir = dir;
      StringBuilder conf =
          new StringBuilder()
              .append("[unix_http_server]\nfile=")
              .append(dir.resolve("s.sock"))
              .append("\n")
              .append("[supervisord]\nlogfile=")
              .append(dir.resolve("supervisord.log"))
              .append("\npidfile=")
              .append(dir.resolve("supervisord.pid"))
              .append("\nchildlogdir=")
              .append(dir)
              .append("\n")
              .append(
                  "[rpcinterface:supervisor]\nsupervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface\n")
              .append("[supervisorctl]\nserverurl=unix://")
              .append(dir.resolve("s.sock"))
              .append("\n");
      for (int i = 0; i < PROCESSES; i++) {
        conf.append("[program:p")
            .append(i)
            .append("]\ncommand=sh -c '")
            .append(COMMAND)
            .append("'\nautostart=false\nautorestart=false\nstartsecs=0\nstopwaitsecs=5\n");
      }
      Path file = dir.resolve("supervisord.conf");
      Files.writeString(file, conf.toString());
      this.config = file.toString();
      run(Map.of(), "supervisord", "-c", config);
      try {
        pollUntil(
            Map.of(),
            out -> count(out, "STOPPED") == PROCESSES,
            "supervisorctl",
            "-c",
            config,
            "status");
      } catch (RuntimeException e) {
        close();
        throw e;
      }
    }

    long[] startStop() {
      long began = System.nanoTime();
      run(Map.of(), "supervisorctl", "-c", config, "start", "all");
      awaitAll("RUNNING");
      long up = System.nanoTime();
      run(Map.of(), "supervisorctl", "-c", config, "stop", "all");
      awaitAll("STOPPED");
      long down = System.nanoTime();
      return new long[] {up - began, down - up};
    }

    /** Polls {@code supervisorctl status} until every program shows {@code state}. */
    private void awaitAll(String state) {
      pollUntil(
          Map.of(), out -> count(out, state) == PROCESSES, "supervisorctl", "-c", config, "status");
    }

    @Override
    public void close() {
      run(Map.of(), "supervisorctl", "-c", config, "shutdown");
    }
  }

  /** PM2 with its daemon in a private PM2_HOME and {@code autorestart: false}. */
  static final class Pm2 implements AutoCloseable {
    private final String pm2;
    private final Map<String, String> env;
    private final String ecosystem;

    Pm2(String pm2, Path dir) throws IOException {
      this.pm2 = pm2;
      this.env = Map.of("PM2_HOME", dir.resolve("home").toString());
      List<String> apps = new ArrayList<>();
      for (int i = 0; i < PROCESSES; i++) {
        apps.add(
            "{\"name\":\"p"
                + i
                + "\",\"script\":\"sh\",\"args\":[\"-c\",\""
                + COMMAND
                + "\"],\"interpreter\":\"none\",\"autorestart\":false}");
      }
      Path file = dir.resolve("ecosystem.json");
      Files.writeString(file, "{\"apps\":[" + String.join(",", apps) + "]}");
      this.ecosystem = file.toString();
      run(env, pm2, "ping");
    }

    long[] startStop() {
      long began = System.nanoTime();
      run(env, pm2, "start", ecosystem);
      pollUntil(env, out -> count(out, "\"status\":\"online\"") == PROCESSES, pm2, "jlist");
      long up = System.nanoTime();
      run(env, pm2, "stop", "all");
      pollUntil(env, out -> count(out, "\"status\":\"stopped\"") == PROCESSES, pm2, "jlist");
      long down = System.nanoTime();
      run(env, pm2, "delete", "all");
      return new long[] {up - began, down - up};
    }

    @Override
    public void close() {
      run(env, pm2, "kill");
    }
  }
}
