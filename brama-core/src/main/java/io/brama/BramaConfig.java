package io.brama;

import io.brama.internal.PolicyRules;
import io.brama.internal.ExceptionTypes;
import io.brama.internal.PropertiesConfig;
import io.brama.internal.Require;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;

/**
 * Global defaults, used by every connection for the values its own {@link ConnectionConfig} leaves
 * unset. Immutable; build one with {@link #builder()} or read one with {@link #fromProperties}.
 *
 * <p>Defaults: maxAttempts 10 (the consecutive policy), expiry 60 s (fixed), cleanupInterval 10 s,
 * halfOpenTrials 1; no slow-call detection, no exception rules, no call timeout.
 */
public final class BramaConfig {
  private static final int DEFAULT_MAX_ATTEMPTS = 10;
  private static final Duration DEFAULT_EXPIRY = Duration.ofSeconds(60);
  private static final Duration DEFAULT_CLEANUP_INTERVAL = Duration.ofSeconds(10);
  private static final int DEFAULT_HALF_OPEN_TRIALS = 1;
  private static final BramaConfig DEFAULTS = new Builder().build();

  private final FailurePolicy failurePolicy;
  private final ExpiryStrategy expiryStrategy;
  private final Duration cleanupInterval;
  private final int halfOpenTrials;
  private final Duration slowCallThreshold;
  private final double slowCallRatePercent;
  private final List<Class<? extends Throwable>> recordExceptions;
  private final List<Class<? extends Throwable>> ignoreExceptions;
  private final Duration callTimeout;

  private BramaConfig(Builder b) {
    this.failurePolicy = b.failurePolicy;
    this.expiryStrategy = b.expiryStrategy;
    this.cleanupInterval = b.cleanupInterval;
    this.halfOpenTrials = b.halfOpenTrials;
    this.slowCallThreshold = b.slowCallThreshold;
    this.slowCallRatePercent = b.slowCallRatePercent;
    this.recordExceptions = b.recordExceptions;
    this.ignoreExceptions = b.ignoreExceptions;
    this.callTimeout = b.callTimeout;
    if (failurePolicy != null && !((PolicyRules) failurePolicy).countsSlowCalls()
        && slowCallThreshold != null) {
      throw new IllegalArgumentException("slowCall needs a rate policy (FailurePolicy.rate or "
          + "timedRate), was configured with " + failurePolicy);
    }
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
    return new Builder();
  }

  /**
   * Reads the {@code brama.*} keys of {@code properties} and of its defaults (other keys are
   * ignored); see the README's configuration table. Values are trimmed; durations are written
   * {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h} or as whole milliseconds. A value that is not
   * a String is converted where the key takes it (a Number for a number, a Duration or a whole
   * Number of milliseconds for a duration, Class objects for exception types), else refused.
   *
   * @param properties the properties to read
   * @return the configuration they describe, the defaults for keys they do not set
   * @throws IllegalArgumentException naming the key first, then the value, for an unknown
   *     {@code brama.*} key or a bad value
   */
  public static BramaConfig fromProperties(Properties properties) {
    Require.notNull(properties, "properties");
    return PropertiesConfig.read(properties, builder()).build();
  }

  /**
   * A builder holding this configuration's values.
   *
   * @return a new builder with this configuration's values
   */
  public Builder toBuilder() {
    Builder b = new Builder()
        .failurePolicy(failurePolicy)
        .expiryStrategy(expiryStrategy)
        .cleanupInterval(cleanupInterval)
        .halfOpenTrials(halfOpenTrials);
    b.slowCallThreshold = slowCallThreshold;
    b.slowCallRatePercent = slowCallRatePercent;
    b.recordExceptions = recordExceptions;
    b.ignoreExceptions = ignoreExceptions;
    b.callTimeout = callTimeout;
    return b;
  }

  /**
   * Consecutive failures that open a circuit; 0 under a rate policy.
   *
   * @return the consecutive-failure threshold, or 0
   */
  public int maxAttempts() {
    return ((PolicyRules) failurePolicy).consecutiveThreshold();
  }

  /**
   * When circuits open.
   *
   * @return the failure policy
   */
  public FailurePolicy failurePolicy() {
    return failurePolicy;
  }

  /**
   * The slow-call threshold, if slow calls are measured.
   *
   * @return the threshold, or empty when slow calls are not measured
   */
  public Optional<Duration> slowCallThreshold() {
    return Optional.ofNullable(slowCallThreshold);
  }

  /**
   * The slow-call rate that opens a circuit, in percent; 0 without slow-call detection.
   *
   * @return the slow-call rate in percent, or 0
   */
  public double slowCallRatePercent() {
    return slowCallRatePercent;
  }

  /**
   * Exception types the default error handler records as failures (empty: all).
   *
   * @return the recorded exception types; empty means every exception
   */
  public List<Class<? extends Throwable>> recordExceptions() {
    return recordExceptions;
  }

  /**
   * Exception types the default error handler ignores.
   *
   * @return the ignored exception types
   */
  public List<Class<? extends Throwable>> ignoreExceptions() {
    return ignoreExceptions;
  }

  /**
   * The timeout of async calls, if any.
   *
   * @return the timeout, or empty for none
   */
  public Optional<Duration> callTimeout() {
    return Optional.ofNullable(callTimeout);
  }

  /**
   * The first open period: {@code expiryStrategy().expiryAfter(1)}.
   *
   * @return the first open period
   */
  public Duration expiry() {
    return expiryStrategy.expiryAfter(1);
  }

  /**
   * How long circuits stay open.
   *
   * @return the expiry strategy
   */
  public ExpiryStrategy expiryStrategy() {
    return expiryStrategy;
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
    return halfOpenTrials;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BramaConfig c
        && failurePolicy.equals(c.failurePolicy)
        && halfOpenTrials == c.halfOpenTrials
        && expiryStrategy.equals(c.expiryStrategy)
        && cleanupInterval.equals(c.cleanupInterval)
        && Objects.equals(slowCallThreshold, c.slowCallThreshold)
        && slowCallRatePercent == c.slowCallRatePercent
        && recordExceptions.equals(c.recordExceptions)
        && ignoreExceptions.equals(c.ignoreExceptions)
        && Objects.equals(callTimeout, c.callTimeout);
  }

  @Override
  public int hashCode() {
    return Objects.hash(failurePolicy, expiryStrategy, cleanupInterval, halfOpenTrials,
        slowCallThreshold, slowCallRatePercent, recordExceptions, ignoreExceptions, callTimeout);
  }

  @Override
  public String toString() {
    return "BramaConfig[" + (maxAttempts() > 0 ? "maxAttempts=" + maxAttempts()
        : "failurePolicy=" + failurePolicy)
        + ", expiryStrategy=" + expiryStrategy
        + ", cleanupInterval=" + cleanupInterval + ", halfOpenTrials=" + halfOpenTrials
        + (slowCallThreshold == null ? ""
            : ", slowCall=" + slowCallThreshold + " at " + slowCallRatePercent + "%")
        + (recordExceptions.isEmpty() ? "" : ", recordExceptions=" + recordExceptions)
        + (ignoreExceptions.isEmpty() ? "" : ", ignoreExceptions=" + ignoreExceptions)
        + (callTimeout == null ? "" : ", callTimeout=" + callTimeout) + "]";
  }

  /** Builds a {@link BramaConfig}; every setter validates at once. */
  public static final class Builder {
    private FailurePolicy failurePolicy = FailurePolicy.consecutive(DEFAULT_MAX_ATTEMPTS);
    private ExpiryStrategy expiryStrategy = ExpiryStrategy.fixed(DEFAULT_EXPIRY);
    private Duration cleanupInterval = DEFAULT_CLEANUP_INTERVAL;
    private int halfOpenTrials = DEFAULT_HALF_OPEN_TRIALS;
    private Duration slowCallThreshold;
    private double slowCallRatePercent;
    private List<Class<? extends Throwable>> recordExceptions = List.of();
    private List<Class<? extends Throwable>> ignoreExceptions = List.of();
    private Duration callTimeout;

    private Builder() {}

    /**
     * Consecutive failures that open a circuit; at least 1. Same as {@code consecutive(n)}.
     *
     * @param maxAttempts the consecutive failures that open a circuit
     * @return this builder
     */
    public Builder maxAttempts(int maxAttempts) {
      return failurePolicy(FailurePolicy.consecutive(maxAttempts));
    }

    /**
     * When circuits open: consecutive failures, or a failure rate over a window.
     *
     * @param failurePolicy the failure policy
     * @return this builder
     */
    public Builder failurePolicy(FailurePolicy failurePolicy) {
      this.failurePolicy = Require.notNull(failurePolicy, "failurePolicy");
      return this;
    }

    /**
     * Calls slower than {@code threshold} are slow; at {@code slowRatePercent} of the window a
     * circuit opens. Rate policies only (checked by {@link #build()}). A connection whose own
     * policy is consecutive does not inherit it: it has no window and its calls are not timed.
     *
     * @param threshold the duration above which a call is slow; positive
     * @param slowRatePercent the slow-call rate that opens a circuit, in (0, 100]
     * @return this builder
     */
    public Builder slowCall(Duration threshold, double slowRatePercent) {
      this.slowCallThreshold = Require.positive(threshold, "threshold");
      this.slowCallRatePercent = Require.percent(slowRatePercent, "slowRatePercent");
      return this;
    }

    /**
     * For the default error handler: only these exception types (and subtypes) are failures.
     *
     * @param types the exception types that count as failures
     * @return this builder
     */
    @SafeVarargs
    public final Builder recordExceptions(Class<? extends Throwable>... types) {
      this.recordExceptions = ExceptionTypes.copy("recordExceptions", types);
      return this;
    }

    /**
     * For the default error handler: these exception types (and subtypes) record nothing.
     *
     * @param types the exception types that count as neither success nor failure
     * @return this builder
     */
    @SafeVarargs
    public final Builder ignoreExceptions(Class<? extends Throwable>... types) {
      this.ignoreExceptions = ExceptionTypes.copy("ignoreExceptions", types);
      return this;
    }

    /**
     * Async calls not complete in time fail with {@code TimeoutException} (a failure).
     *
     * @param callTimeout the time an async call may take; positive
     * @return this builder
     */
    public Builder callTimeout(Duration callTimeout) {
      this.callTimeout = Require.positive(callTimeout, "callTimeout");
      return this;
    }

    /**
     * Shorthand for {@code expiryStrategy(ExpiryStrategy.fixed(expiry))}.
     *
     * @param expiry the fixed open period
     * @return this builder
     */
    public Builder expiry(Duration expiry) {
      return expiryStrategy(ExpiryStrategy.fixed(expiry));
    }

    /**
     * How long circuits stay open.
     *
     * @param expiryStrategy the expiry strategy
     * @return this builder
     */
    public Builder expiryStrategy(ExpiryStrategy expiryStrategy) {
      this.expiryStrategy = Require.notNull(expiryStrategy, "expiryStrategy");
      return this;
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
     * Trial calls admitted at once in HALF_OPEN; at least 1.
     *
     * @param halfOpenTrials the number of trial calls
     * @return this builder
     */
    public Builder halfOpenTrials(int halfOpenTrials) {
      this.halfOpenTrials = Require.atLeast(halfOpenTrials, 1, "halfOpenTrials");
      return this;
    }

    /**
     * The immutable configuration.
     *
     * @return the configuration
     */
    public BramaConfig build() {
      return new BramaConfig(this);
    }
  }
}
