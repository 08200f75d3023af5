package io.brama;

import io.brama.internal.PolicyRules;
import io.brama.internal.ExceptionTypes;
import io.brama.internal.Require;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Per-connection overrides of {@link BramaConfig}. Values left unset inherit: from the global
 * defaults at registration, and from the connection's current values in
 * {@link Brama#configure(String, ConnectionConfig)}.
 */
public final class ConnectionConfig {
  private static final ConnectionConfig EMPTY = new Builder().build();

  private final FailurePolicy failurePolicy;
  private final ExpiryStrategy expiryStrategy;
  private final Integer halfOpenTrials;
  private final Duration slowCallThreshold;
  private final double slowCallRatePercent;
  private final List<Class<? extends Throwable>> recordExceptions;
  private final List<Class<? extends Throwable>> ignoreExceptions;
  private final Duration callTimeout;

  private ConnectionConfig(Builder b) {
    this.failurePolicy = b.failurePolicy;
    this.expiryStrategy = b.expiryStrategy;
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
    return Optional.ofNullable(failurePolicy);
  }

  /**
   * The consecutive-failure threshold, if a consecutive policy is set.
   *
   * @return the threshold, or empty
   */
  public OptionalInt maxAttempts() {
    int threshold = failurePolicy == null ? 0
        : ((PolicyRules) failurePolicy).consecutiveThreshold();
    return threshold > 0 ? OptionalInt.of(threshold) : OptionalInt.empty();
  }

  /**
   * The slow-call threshold, if set.
   *
   * @return the threshold, or empty
   */
  public Optional<Duration> slowCallThreshold() {
    return Optional.ofNullable(slowCallThreshold);
  }

  /**
   * The slow-call rate threshold in percent; 0 unless {@link #slowCallThreshold()} is set.
   *
   * @return the slow-call rate in percent, or 0
   */
  public double slowCallRatePercent() {
    return slowCallRatePercent;
  }

  /**
   * The exception types recorded as failures, if set.
   *
   * @return the recorded exception types, or empty
   */
  public Optional<List<Class<? extends Throwable>>> recordExceptions() {
    return Optional.ofNullable(recordExceptions);
  }

  /**
   * The exception types ignored, if set.
   *
   * @return the ignored exception types, or empty
   */
  public Optional<List<Class<? extends Throwable>>> ignoreExceptions() {
    return Optional.ofNullable(ignoreExceptions);
  }

  /**
   * The async call timeout, if set.
   *
   * @return the timeout, or empty
   */
  public Optional<Duration> callTimeout() {
    return Optional.ofNullable(callTimeout);
  }

  /**
   * The expiry strategy, if set.
   *
   * @return the expiry strategy, or empty
   */
  public Optional<ExpiryStrategy> expiryStrategy() {
    return Optional.ofNullable(expiryStrategy);
  }

  /**
   * The number of concurrent half-open trials, if set.
   *
   * @return the number of trials, or empty
   */
  public OptionalInt halfOpenTrials() {
    return halfOpenTrials == null ? OptionalInt.empty() : OptionalInt.of(halfOpenTrials);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ConnectionConfig c
        && Objects.equals(failurePolicy, c.failurePolicy)
        && Objects.equals(expiryStrategy, c.expiryStrategy)
        && Objects.equals(halfOpenTrials, c.halfOpenTrials)
        && Objects.equals(slowCallThreshold, c.slowCallThreshold)
        && slowCallRatePercent == c.slowCallRatePercent
        && Objects.equals(recordExceptions, c.recordExceptions)
        && Objects.equals(ignoreExceptions, c.ignoreExceptions)
        && Objects.equals(callTimeout, c.callTimeout);
  }

  @Override
  public int hashCode() {
    return Objects.hash(failurePolicy, expiryStrategy, halfOpenTrials, slowCallThreshold,
        slowCallRatePercent, recordExceptions, ignoreExceptions, callTimeout);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("ConnectionConfig[");
    String sep = "";
    Object[][] fields = {maxAttempts().isPresent()
        ? new Object[] {"maxAttempts", maxAttempts().getAsInt()}
        : new Object[] {"failurePolicy", failurePolicy},
        {"expiryStrategy", expiryStrategy},
        {"halfOpenTrials", halfOpenTrials},
        {"slowCall", slowCallThreshold == null ? null
            : slowCallThreshold + " at " + slowCallRatePercent + "%"},
        {"recordExceptions", recordExceptions}, {"ignoreExceptions", ignoreExceptions},
        {"callTimeout", callTimeout}};
    for (Object[] f : fields) {
      if (f[1] != null) {
        sb.append(sep).append(f[0]).append('=').append(f[1]);
        sep = ", ";
      }
    }
    return sb.append(']').toString();
  }

  /** Builds a {@link ConnectionConfig}; every setter validates at once. */
  public static final class Builder {
    private FailurePolicy failurePolicy;
    private ExpiryStrategy expiryStrategy;
    private Integer halfOpenTrials;
    private Duration slowCallThreshold;
    private double slowCallRatePercent;
    private List<Class<? extends Throwable>> recordExceptions;
    private List<Class<? extends Throwable>> ignoreExceptions;
    private Duration callTimeout;

    private Builder() {}

    /**
     * Consecutive failures that open the circuit; at least 1. Same as {@code consecutive(n)}.
     *
     * @param maxAttempts the consecutive failures that open the circuit
     * @return this builder
     */
    public Builder maxAttempts(int maxAttempts) {
      return failurePolicy(FailurePolicy.consecutive(maxAttempts));
    }

    /**
     * When the circuit opens: consecutive failures, or a failure rate over a window.
     *
     * @param failurePolicy the failure policy
     * @return this builder
     */
    public Builder failurePolicy(FailurePolicy failurePolicy) {
      this.failurePolicy = Require.notNull(failurePolicy, "failurePolicy");
      return this;
    }

    /**
     * Calls slower than {@code threshold} are slow; at {@code slowRatePercent} of the window the
     * circuit opens. Rate policies only: with the connection's policy consecutive (its own or the
     * defaults'), registering or configuring it fails.
     *
     * @param threshold the duration above which a call is slow; positive
     * @param slowRatePercent the slow-call rate that opens the circuit, in (0, 100]
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
     * How long the circuit stays open; applies from the next open.
     *
     * @param expiryStrategy the expiry strategy
     * @return this builder
     */
    public Builder expiryStrategy(ExpiryStrategy expiryStrategy) {
      this.expiryStrategy = Require.notNull(expiryStrategy, "expiryStrategy");
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
    public ConnectionConfig build() {
      return new ConnectionConfig(this);
    }
  }
}
