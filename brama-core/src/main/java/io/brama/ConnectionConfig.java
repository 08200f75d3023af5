package io.brama;

import io.brama.internal.ConfigValues;
import io.brama.internal.SlowCallRule;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Per-connection overrides of {@link BramaConfig}. Values left unset inherit: from the global
 * defaults at registration, and from the connection's current values in
 * {@link Brama#configure(String, ConnectionConfig)}.
 */
public final class ConnectionConfig {
  private static final ConnectionConfig EMPTY = new ConnectionConfig(ConfigValues.NONE);

  /** The values set; the others null. */
  private final ConfigValues values;

  ConnectionConfig(ConfigValues values) {
    this.values = values;
  }

  /**
   * A builder with nothing set.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A configuration that sets nothing.
   *
   * @return the empty configuration
   */
  public static ConnectionConfig empty() {
    return EMPTY;
  }

  /**
   * The failure policy, if set ({@code maxAttempts(n)} sets {@code consecutive(n)}).
   *
   * @return the failure policy, or empty
   */
  public Optional<FailurePolicy> failurePolicy() {
    return Optional.ofNullable(values.failurePolicy());
  }

  /**
   * The consecutive-failure threshold, if a consecutive policy is set.
   *
   * @return the threshold, or empty
   */
  public OptionalInt maxAttempts() {
    int threshold = values.maxAttempts();
    return threshold > 0 ? OptionalInt.of(threshold) : OptionalInt.empty();
  }

  /**
   * The slow-call threshold, if set.
   *
   * @return the threshold, or empty
   */
  public Optional<Duration> slowCallThreshold() {
    return Optional.ofNullable(values.slowCall()).map(SlowCallRule::threshold);
  }

  /**
   * The slow-call rate threshold in percent; 0 unless {@link #slowCallThreshold()} is set.
   *
   * @return the slow-call rate in percent, or 0
   */
  public double slowCallRatePercent() {
    return values.slowCall() == null ? 0 : values.slowCall().ratePercent();
  }

  /**
   * The exception types recorded as failures, if set.
   *
   * @return the recorded exception types, or empty
   */
  public Optional<List<Class<? extends Throwable>>> recordExceptions() {
    return Optional.ofNullable(values.recordExceptions());
  }

  /**
   * The exception types ignored, if set.
   *
   * @return the ignored exception types, or empty
   */
  public Optional<List<Class<? extends Throwable>>> ignoreExceptions() {
    return Optional.ofNullable(values.ignoreExceptions());
  }

  /**
   * The async call timeout, if set.
   *
   * @return the timeout, or empty
   */
  public Optional<Duration> callTimeout() {
    return Optional.ofNullable(values.callTimeout());
  }

  /**
   * The expiry strategy, if set.
   *
   * @return the expiry strategy, or empty
   */
  public Optional<ExpiryStrategy> expiryStrategy() {
    return Optional.ofNullable(values.expiryStrategy());
  }

  /**
   * The number of concurrent half-open trials, if set.
   *
   * @return the number of trials, or empty
   */
  public OptionalInt halfOpenTrials() {
    Integer trials = values.halfOpenTrials();
    return trials == null ? OptionalInt.empty() : OptionalInt.of(trials);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ConnectionConfig c && values.equals(c.values);
  }

  @Override
  public int hashCode() {
    return values.hashCode();
  }

  @Override
  public String toString() {
    return "ConnectionConfig[" + values.describe() + "]";
  }

  /** Builds a {@link ConnectionConfig}; every setter validates at once. */
  public static final class Builder extends SettingsBuilder<Builder> {
    private Builder() {
      super(ConfigValues.NONE);
    }

    /**
     * The immutable configuration.
     *
     * @return the configuration
     * @throws IllegalArgumentException if a slow-call rule is set beside a consecutive policy
     */
    public ConnectionConfig build() {
      return new ConnectionConfig(draft.values());
    }
  }
}
