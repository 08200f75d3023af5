package io.brama;

import io.brama.internal.PropertiesConfig;
import io.brama.internal.Require;
import java.time.Duration;
import java.util.Objects;
import java.util.Properties;

/**
 * Global defaults, used by every connection for the values its own {@link ConnectionConfig} leaves
 * unset. Immutable; build one with {@link #builder()} or read one with {@link #fromProperties}.
 *
 * <p>Defaults: maxAttempts 10, expiry 60 s (fixed), cleanupInterval 10 s, halfOpenTrials 1.
 */
public final class BramaConfig {
  private static final int DEFAULT_MAX_ATTEMPTS = 10;
  private static final Duration DEFAULT_EXPIRY = Duration.ofSeconds(60);
  private static final Duration DEFAULT_CLEANUP_INTERVAL = Duration.ofSeconds(10);
  private static final int DEFAULT_HALF_OPEN_TRIALS = 1;
  private static final BramaConfig DEFAULTS = new Builder().build();

  private final int maxAttempts;
  private final ExpiryStrategy expiryStrategy;
  private final Duration cleanupInterval;
  private final int halfOpenTrials;

  private BramaConfig(Builder b) {
    this.maxAttempts = b.maxAttempts;
    this.expiryStrategy = b.expiryStrategy;
    this.cleanupInterval = b.cleanupInterval;
    this.halfOpenTrials = b.halfOpenTrials;
  }

  /** maxAttempts 10, expiry 60 s (fixed), cleanupInterval 10 s, halfOpenTrials 1. */
  public static BramaConfig defaults() {
    return DEFAULTS;
  }

  /** A builder starting from {@link #defaults()}. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Reads the {@code brama.*} keys of {@code properties} (other keys are ignored); see the README's
   * configuration table. Values are trimmed; durations are written {@code 500ms}, {@code 30s},
   * {@code 5m}, {@code 1h} or as whole milliseconds.
   *
   * @throws IllegalArgumentException naming the key and the value, for an unknown {@code brama.*} key
   *     or a bad value
   */
  public static BramaConfig fromProperties(Properties properties) {
    Require.notNull(properties, "properties");
    return PropertiesConfig.read(properties, builder()).build();
  }

  /** A builder holding this configuration's values. */
  public Builder toBuilder() {
    return new Builder()
        .maxAttempts(maxAttempts)
        .expiryStrategy(expiryStrategy)
        .cleanupInterval(cleanupInterval)
        .halfOpenTrials(halfOpenTrials);
  }

  /** Consecutive failures that open a circuit. */
  public int maxAttempts() {
    return maxAttempts;
  }

  /** The first open period: {@code expiryStrategy().expiryAfter(1)}. */
  public Duration expiry() {
    return expiryStrategy.expiryAfter(1);
  }

  /** How long circuits stay open. */
  public ExpiryStrategy expiryStrategy() {
    return expiryStrategy;
  }

  /** How often the background sweeper moves expired circuits to HALF_OPEN without traffic. */
  public Duration cleanupInterval() {
    return cleanupInterval;
  }

  /** Trial calls admitted at once in HALF_OPEN. */
  public int halfOpenTrials() {
    return halfOpenTrials;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BramaConfig c
        && maxAttempts == c.maxAttempts
        && halfOpenTrials == c.halfOpenTrials
        && expiryStrategy.equals(c.expiryStrategy)
        && cleanupInterval.equals(c.cleanupInterval);
  }

  @Override
  public int hashCode() {
    return Objects.hash(maxAttempts, expiryStrategy, cleanupInterval, halfOpenTrials);
  }

  @Override
  public String toString() {
    return "BramaConfig[maxAttempts=" + maxAttempts + ", expiryStrategy=" + expiryStrategy
        + ", cleanupInterval=" + cleanupInterval + ", halfOpenTrials=" + halfOpenTrials + "]";
  }

  /** Builds a {@link BramaConfig}; every setter validates at once. */
  public static final class Builder {
    private int maxAttempts = DEFAULT_MAX_ATTEMPTS;
    private ExpiryStrategy expiryStrategy = ExpiryStrategy.fixed(DEFAULT_EXPIRY);
    private Duration cleanupInterval = DEFAULT_CLEANUP_INTERVAL;
    private int halfOpenTrials = DEFAULT_HALF_OPEN_TRIALS;

    private Builder() {}

    /** Consecutive failures that open a circuit; at least 1. */
    public Builder maxAttempts(int maxAttempts) {
      this.maxAttempts = Require.atLeast(maxAttempts, 1, "maxAttempts");
      return this;
    }

    /** Shorthand for {@code expiryStrategy(ExpiryStrategy.fixed(expiry))}. */
    public Builder expiry(Duration expiry) {
      return expiryStrategy(ExpiryStrategy.fixed(expiry));
    }

    /** How long circuits stay open. */
    public Builder expiryStrategy(ExpiryStrategy expiryStrategy) {
      this.expiryStrategy = Require.notNull(expiryStrategy, "expiryStrategy");
      return this;
    }

    /** How often the sweeper runs; greater than zero. */
    public Builder cleanupInterval(Duration cleanupInterval) {
      this.cleanupInterval = Require.positive(cleanupInterval, "cleanupInterval");
      return this;
    }

    /** Trial calls admitted at once in HALF_OPEN; at least 1. */
    public Builder halfOpenTrials(int halfOpenTrials) {
      this.halfOpenTrials = Require.atLeast(halfOpenTrials, 1, "halfOpenTrials");
      return this;
    }

    /** The immutable configuration. */
    public BramaConfig build() {
      return new BramaConfig(this);
    }
  }
}
