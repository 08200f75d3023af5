package io.brama;

import io.brama.internal.ConfigKey;
import io.brama.internal.ConfigValues;
import io.brama.internal.Require;
import io.brama.internal.SlowCallRule;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;

/**
 * Global defaults, used by every connection for the values its own {@link ConnectionConfig} leaves
 * unset. Immutable; build one with {@link #builder()} or read one with {@link #fromProperties}.
 *
 * <p>Defaults (the table of {@link ConfigKeys}): maxAttempts 10 (the consecutive policy), expiry
 * 60 s (fixed), cleanupInterval 10 s, halfOpenTrials 1; no slow-call detection, no exception rules,
 * no call timeout.
 */
public final class BramaConfig {
  private static final BramaConfig DEFAULTS =
      new BramaConfig(ConfigValues.DEFAULTS, ConfigKey.CLEANUP_INTERVAL.durationDefault());

  /** Every circuit setting set. */
  private final ConfigValues values;
  private final Duration cleanupInterval;

  BramaConfig(ConfigValues values, Duration cleanupInterval) {
    this.values = values;
    this.cleanupInterval = cleanupInterval;
  }

  /**
   * maxAttempts 10, expiry 60 s (fixed), cleanupInterval 10 s, halfOpenTrials 1.
   *
   * @return the default configuration
   */
  public static BramaConfig defaults() {
    return DEFAULTS;
  }

  /**
   * A builder starting from {@link #defaults()}.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return DEFAULTS.toBuilder();
  }

  /**
   * Reads the {@code brama.*} keys of {@code properties} and of its defaults (other keys are
   * ignored); see {@link ConfigKeys} and the README's configuration table. Values are trimmed;
   * durations are written {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h} or as whole
   * milliseconds. A value that is not a String is converted where the key takes it (a Number for a
   * number, a Duration or a whole Number of milliseconds for a duration, Class objects for
   * exception types), else refused.
   *
   * @param properties the properties to read
   * @return the configuration they describe, the defaults for keys they do not set
   * @throws IllegalArgumentException naming the key first, then the value, for an unknown
   *     {@code brama.*} key or a bad value (the first problem found)
   */
  public static BramaConfig fromProperties(Properties properties) {
    Require.notNull(properties, "properties");
    return ConfigKeys.readProperties(properties).orThrow();
  }

  /**
   * A builder holding this configuration's values.
   *
   * @return a new builder with this configuration's values
   */
  public Builder toBuilder() {
    return new Builder(values, cleanupInterval);
  }

  /** The circuit settings (every one set), for the readers and the engine. */
  ConfigValues values() {
    return values;
  }

  /**
   * Consecutive failures that open a circuit; 0 under a rate policy.
   *
   * @return the consecutive-failure threshold, or 0
   */
  public int maxAttempts() {
    return values.maxAttempts();
  }

  /**
   * When circuits open.
   *
   * @return the failure policy
   */
  public FailurePolicy failurePolicy() {
    return values.failurePolicy();
  }

  /**
   * The slow-call threshold, if slow calls are measured.
   *
   * @return the threshold, or empty when slow calls are not measured
   */
  public Optional<Duration> slowCallThreshold() {
    return Optional.ofNullable(values.slowCall()).map(SlowCallRule::threshold);
  }

  /**
   * The slow-call rate that opens a circuit, in percent; 0 without slow-call detection.
   *
   * @return the slow-call rate in percent, or 0
   */
  public double slowCallRatePercent() {
    return values.slowCall() == null ? 0 : values.slowCall().ratePercent();
  }

  /**
   * Exception types the default error handler records as failures (empty: all).
   *
   * @return the recorded exception types; empty means every exception
   */
  public List<Class<? extends Throwable>> recordExceptions() {
    return values.recordExceptions();
  }

  /**
   * Exception types the default error handler ignores.
   *
   * @return the ignored exception types
   */
  public List<Class<? extends Throwable>> ignoreExceptions() {
    return values.ignoreExceptions();
  }

  /**
   * The timeout of async calls, if any.
   *
   * @return the timeout, or empty for none
   */
  public Optional<Duration> callTimeout() {
    return Optional.ofNullable(values.callTimeout());
  }

  /**
   * The first open period: {@code expiryStrategy().expiryAfter(1)}.
   *
   * @return the first open period
   */
  public Duration expiry() {
    return values.expiryStrategy().expiryAfter(1);
  }

  /**
   * How long circuits stay open.
   *
   * @return the expiry strategy
   */
  public ExpiryStrategy expiryStrategy() {
    return values.expiryStrategy();
  }

  /**
   * How often the background sweeper moves expired circuits to HALF_OPEN without traffic.
   *
   * @return the sweeper's interval
   */
  public Duration cleanupInterval() {
    return cleanupInterval;
  }

  /**
   * Trial calls admitted at once in HALF_OPEN.
   *
   * @return the number of trial calls
   */
  public int halfOpenTrials() {
    return values.halfOpenTrials();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BramaConfig c && values.equals(c.values)
        && cleanupInterval.equals(c.cleanupInterval);
  }

  @Override
  public int hashCode() {
    return Objects.hash(values, cleanupInterval);
  }

  @Override
  public String toString() {
    return "BramaConfig[" + values.describe() + ", cleanupInterval=" + cleanupInterval + "]";
  }

  /** Builds a {@link BramaConfig}; every setter validates at once. */
  public static final class Builder extends SettingsBuilder<Builder> {
    private Duration cleanupInterval;

    private Builder(ConfigValues start, Duration cleanupInterval) {
      super(start);
      this.cleanupInterval = cleanupInterval;
    }

    /**
     * How often the sweeper runs; greater than zero.
     *
     * @param cleanupInterval the sweeper's interval
     * @return this builder
     */
    public Builder cleanupInterval(Duration cleanupInterval) {
      this.cleanupInterval = Require.positive(cleanupInterval, "cleanupInterval");
      return this;
    }

    /**
     * The immutable configuration.
     *
     * @return the configuration
     * @throws IllegalArgumentException if a slow-call rule is set beside a consecutive policy
     */
    public BramaConfig build() {
      return new BramaConfig(draft.values(), cleanupInterval);
    }
  }
}
