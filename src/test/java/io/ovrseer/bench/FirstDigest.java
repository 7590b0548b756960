package io.ovrseer.bench;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Main of a fresh JVM for the JUnit benchmark's prose: prints how long the JVM's first SHA-256
 * digest takes in nanoseconds (an environment's id is one), provider loading included.
 */
public final class FirstDigest {
  private FirstDigest() {}

  public static void main(String[] args) throws Exception {
    long began = System.nanoTime();
    MessageDigest.getInstance("SHA-256").digest("environment".getBytes(StandardCharsets.UTF_8));
    System.out.println(System.nanoTime() - began);
  }
}
