package io.brama;

import io.brama.internal.ConfigValues;
import java.time.Duration;

/**
 * The setters that {@link BramaConfig.Builder} and {@link ConnectionConfig.Builder} share: the
 * circuit settings, written once. Every setter validates at once and names the field it refuses.
 * Only those two builders extend it.
 *
 * @param <B> the builder type the setters return
 */
public abstract sealed class SettingsBuilder<B extends SettingsBuilder<B>>
    permits BramaConfig.Builder, ConnectionConfig.Builder {
  final ConfigValues.Draft draft;

  SettingsBuilder(ConfigValues start) {
    this.draft = new ConfigValues.Draft(start);
  }

  @SuppressWarnings("unchecked")
  private B self() {
    return (B) this;
  }

  /**
   * Consecutive failures that open a circuit; at least 1. Same as {@code consecutive(n)}.
   *
   * @param maxAttempts the consecutive failures that open a circuit
   * @return this builder
   */
  public B maxAttempts(int maxAttempts) {
    return failurePolicy(FailurePolicy.consecutive(maxAttempts));
  }

  /**
   * When a circuit opens: consecutive failures, or a failure rate over a window.
   *
   * @param failurePolicy the failure policy
   * @return this builder
   */
  public B failurePolicy(FailurePolicy failurePolicy) {
    draft.failurePolicy(failurePolicy);
    return self();
  }

  /**
   * Calls slower than {@code threshold} are slow; at {@code slowRatePercent} of the window a
   * circuit opens. Rate policies only: beside a consecutive policy, {@code build()} fails; on a
   * connection whose policy is consecutive (its own or the defaults'), registering or configuring
   * it fails. A connection whose own policy is consecutive does not inherit the defaults' rule: it
   * has no window and its calls are not timed.
   *
   * @param threshold the duration above which a call is slow; positive
   * @param slowRatePercent the slow-call rate that opens a circuit, in (0, 100]
   * @return this builder
   */
  public B slowCall(Duration threshold, double slowRatePercent) {
    draft.slowCall(threshold, slowRatePercent);
    return self();
  }

  /**
   * For the default error handler: only these exception types (and subtypes) are failures.
   *
   * @param types the exception types that count as failures
   * @return this builder
   */
  @SafeVarargs
  public final B recordExceptions(Class<? extends Throwable>... types) {
    draft.recordExceptions(types);
    return self();
  }

  /**
   * For the default error handler: these exception types (and subtypes) record nothing.
   *
   * @param types the exception types that count as neither success nor failure
   * @return this builder
   */
  @SafeVarargs
  public final B ignoreExceptions(Class<? extends Throwable>... types) {
    draft.ignoreExceptions(types);
    return self();
  }

  /**
   * Async calls not complete in time fail with {@code TimeoutException} (a failure).
   *
   * @param callTimeout the time an async call may take; positive
   * @return this builder
   */
  public B callTimeout(Duration callTimeout) {
    draft.callTimeout(callTimeout);
    return self();
  }

  /**
   * Shorthand for {@code expiryStrategy(ExpiryStrategy.fixed(expiry))}.
   *
   * @param expiry the fixed open period
   * @return this builder
   */
  public B expiry(Duration expiry) {
    return expiryStrategy(ExpiryStrategy.fixed(expiry));
  }

  /**
   * How long a circuit stays open; applies from the next open.
   *
   * @param expiryStrategy the expiry strategy
   * @return this builder
   */
  public B expiryStrategy(ExpiryStrategy expiryStrategy) {
    draft.expiryStrategy(expiryStrategy);
    return self();
  }

  /**
   * Trial calls admitted at once in HALF_OPEN; at least 1.
   *
   * @param halfOpenTrials the number of trial calls
   * @return this builder
   */
  public B halfOpenTrials(int halfOpenTrials) {
    draft.halfOpenTrials(halfOpenTrials);
    return self();
  }
}
