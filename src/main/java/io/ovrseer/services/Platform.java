package io.ovrseer.services;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The operating system and processor architecture this JVM runs on, in the words binary artifacts
 * use: {@code os} is {@code linux}, {@code darwin} or {@code windows}; {@code arch} is {@code
 * amd64}, {@code arm64}, {@code x86} or the JVM's own name for anything else.
 */
record Platform(String os, String arch, boolean alpine) {

  /** This JVM's platform. */
  static Platform current() {
    String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
    String normalizedOs =
        os.startsWith("linux")
            ? "linux"
            : os.startsWith("mac") || os.startsWith("darwin")
                ? "darwin"
                : os.startsWith("windows") ? "windows" : os.replace(' ', '_');
    String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
    String normalizedArch =
        switch (arch) {
          case "amd64", "x86_64", "x64" -> "amd64";
          case "aarch64", "arm64" -> "arm64";
          case "x86", "i386", "i486", "i586", "i686" -> "x86";
          default -> arch;
        };
    boolean alpine = normalizedOs.equals("linux") && Files.exists(Path.of("/etc/alpine-release"));
    return new Platform(normalizedOs, normalizedArch, alpine);
  }

  /** Whether programs here carry the {@code .exe} suffix. */
  boolean windows() {
    return os.equals("windows");
  }

  /** The file name of program {@code name} here. */
  String program(String name) {
    return windows() ? name + ".exe" : name;
  }

  @Override
  public String toString() {
    return os + "-" + arch + (alpine ? " (Alpine)" : "");
  }
}
