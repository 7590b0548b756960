package io.ovrseer.spec;

import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;
import java.util.zip.Checksum;

/**
 * The identity of a declaration: 12 hex digits of a 64-bit hash (CRC-32C and CRC-32) of its
 * canonical text, in which every value is written in one fixed form and placeholders other than
 * {@code ${port:NAME}} and {@code ${KEY:ID}} are resolved. Where a declaration was written (its
 * source, labels and lines) is not part of it, nor the order of its processes.
 */
final class Identity {
  private static final int LENGTH = 12;

  private Identity() {}

  static String of(EnvironmentSpec spec, PlaceholderContext context) {
    StringBuilder text = new StringBuilder();
    text.append("retries=").append(spec.retries()).append('\n');
    text.append("retryDelay=").append(spec.retryDelay()).append('\n');
    text.append("cleanupTimeout=").append(spec.cleanupTimeout()).append('\n');
    // By group and id, not in declaration order: the order says nothing about what runs (a group
    // starts at once, dependsOn orders the rest), and classes that compose the same processes in
    // another order (@WithDb @WithCache, @WithCache @WithDb) must share one GLOBAL environment.
    List<ProcessSpec> processes =
        spec.processes().stream()
            .sorted(Comparator.comparing(ProcessSpec::group).thenComparing(ProcessSpec::id))
            .toList();
    for (ProcessSpec p : processes) {
      text.append("process ").append(p.group()).append(' ').append(p.id()).append('\n');
      for (String part : p.launch().canonical()) {
        int eq = part.indexOf('=');
        line(text, part.substring(0, eq), part.substring(eq + 1), context);
      }
      p.env().forEach((k, v) -> line(text, "env " + k, v, context));
      line(text, "workingDirectory", String.valueOf(p.workingDirectory()), context);
      line(text, "stopTimeout", String.valueOf(p.stopTimeout()), context);
      p.ready().forEach(r -> line(text, "ready", String.valueOf(r), context));
      p.flags().forEach(f -> line(text, "flag", f.toString()));
      p.dependsOn().forEach(d -> line(text, "dependsOn", d, context));
      line(text, "user", String.valueOf(p.user()), context);
      line(text, "timeout", String.valueOf(p.timeout()), context);
    }
    byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
    // Two different checksums side by side: 64 bits against accidental collisions, which is all an
    // identity needs (nobody gains from forging one), without the security providers that a
    // MessageDigest loads on its first use in a JVM (tens of milliseconds).
    Checksum first = new CRC32C();
    Checksum second = new CRC32();
    first.update(bytes);
    second.update(bytes);
    long hash = first.getValue() << 32 | second.getValue();
    return HexFormat.of().toHexDigits(hash).substring(0, LENGTH);
  }

  private static void line(
      StringBuilder text, String key, String value, PlaceholderContext context) {
    line(text, key, Placeholders.resolveStatic(value, context));
  }

  /** A value that has no placeholders, such as a flag, whose pattern is used as written. */
  private static void line(StringBuilder text, String key, String value) {
    text.append("  ").append(key).append('=').append(value.length()).append(':').append(value);
    text.append('\n');
  }
}
