package io.ovrseer;

import io.ovrseer.crash.CrashReporter;
import io.ovrseer.internal.Timeouts;
import java.time.Duration;
import java.util.Objects;

/**
 * The immutable settings of an {@link Ovrseer}.
 *
 * <p>Defaults: {@code retries} 3 (restarts per process after crashes; 3 retries = 4 attempts),
 * {@code retryDelay} 1000 ms between a crash and the restart, {@code cleanupTimeout} 5000 ms per
 * cleanup process, {@code crashReporter} a new {@link CrashReporter} writing to its {@link
 * CrashReporter#defaultDirectory() default directory} ({@code target/ovrseer/crash-reports} in a
 * Maven build, else a private per-user directory).
 *
 * @param retries restarts per process after crashes, at least 0
 * @param retryDelay delay between a crash and the restart, not negative
 * @param cleanupTimeout time each cleanup process gets before it is killed, positive
 * @param crashReporter where crash reports go
 */
public record OvrseerOptions(
    int retries, Duration retryDelay, Duration cleanupTimeout, CrashReporter crashReporter) {

  /** Default number of restarts after crashes. */
  public static final int DEFAULT_RETRIES = 3;

  /** Default delay between a crash and the restart. */
  public static final Duration DEFAULT_RETRY_DELAY = Duration.ofMillis(1000);

  /** Default time each cleanup process gets. */
  public static final Duration DEFAULT_CLEANUP_TIMEOUT = Duration.ofMillis(5000);

  /** Validates every setting, naming the one that is wrong. */
  public OvrseerOptions {
    if (retries < 0) {
      throw new IllegalArgumentException("retries must be 0 or more but was " + retries);
    }
    Timeouts.check("retryDelay", retryDelay, true);
    Timeouts.check("cleanupTimeout", cleanupTimeout, false);
    Objects.requireNonNull(crashReporter, "crashReporter");
  }

  /** The defaults, with a new default {@link CrashReporter}. */
  public static OvrseerOptions defaults() {
    return builder().build();
  }

  /** A builder starting from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from these settings. */
  public Builder toBuilder() {
    return new Builder()
        .retries(retries)
        .retryDelay(retryDelay)
        .cleanupTimeout(cleanupTimeout)
        .crashReporter(crashReporter);
  }

  /** Fluent builder of {@link OvrseerOptions}; every setter returns this builder. */
  public static final class Builder {
    private int retries = DEFAULT_RETRIES;
    private Duration retryDelay = DEFAULT_RETRY_DELAY;
    private Duration cleanupTimeout = DEFAULT_CLEANUP_TIMEOUT;
    private CrashReporter crashReporter;

    private Builder() {}

    /** Restarts per process after crashes; default 3. */
    public Builder retries(int retries) {
      this.retries = retries;
      return this;
    }

    /** Delay between a crash and the restart; default 1000 ms. */
    public Builder retryDelay(Duration retryDelay) {
      this.retryDelay = retryDelay;
      return this;
    }

    /** Time each cleanup process gets before it is killed; default 5000 ms. */
    public Builder cleanupTimeout(Duration cleanupTimeout) {
      this.cleanupTimeout = cleanupTimeout;
      return this;
    }

    /** Where crash reports go; default a new {@link CrashReporter}. */
    public Builder crashReporter(CrashReporter crashReporter) {
      this.crashReporter = Objects.requireNonNull(crashReporter, "crashReporter");
      return this;
    }

    /** Builds the options, validating every setting. */
    public OvrseerOptions build() {
      return new OvrseerOptions(
          retries,
          retryDelay,
          cleanupTimeout,
          crashReporter == null ? new CrashReporter() : crashReporter);
    }
  }
}
