package io.brama.internal;

import io.brama.BramaConfig;
import io.brama.ConnectionConfig;
import io.brama.ExpiryStrategy;
import io.brama.FailurePolicy;
import io.brama.Outcome;
import java.time.Duration;
import java.util.List;

/**
 * A connection's effective configuration: its overrides applied over the global defaults.
 *
 * <p>A slowCall is either the connection's own (set by a {@code ConnectionConfig} at registration
 * or by {@code configure}) or inherited from the defaults. The own one needs a rate policy; the
 * inherited one applies only while the connection's policy is a rate policy, so that a connection
 * can choose {@code maxAttempts(n)} under defaults that time calls.
 */
public final class Settings {
  final FailurePolicy failurePolicy;
  final ExpiryStrategy expiryStrategy;
  final int halfOpenTrials;
  /** Calls slower than this are slow; {@link Nanos#NONE} when slow calls are not measured. */
  final long slowCallNanos;
  final double slowCallRatePercent;
  final List<Class<? extends Throwable>> recordExceptions;
  final List<Class<? extends Throwable>> ignoreExceptions;
  /** {@link Nanos#NONE} without a timeout. */
  final long callTimeoutNanos;
  /** The consecutive threshold; 0 under a rate policy. */
  final int maxAttempts;
  /** Whether the policy is the defaults' (for messages). */
  private final boolean policyFromDefaults;
  /** The slowCall the connection set itself, or null. */
  private final SlowCall ownSlowCall;
  /** The defaults' slowCall, or null; in force only when there is no own one, under a rate policy. */
  private final SlowCall inheritedSlowCall;

  /** A slow-call threshold and the slow-call rate that opens. */
  private record SlowCall(Duration threshold, double ratePercent) {
    @Override
    public String toString() {
      return threshold + " at " + ratePercent + "%";
    }
  }

  private Settings(FailurePolicy failurePolicy, boolean policyFromDefaults,
      ExpiryStrategy expiryStrategy, int halfOpenTrials, SlowCall own, SlowCall inherited,
      List<Class<? extends Throwable>> record, List<Class<? extends Throwable>> ignore,
      Duration callTimeout) {
    boolean rate = failurePolicy instanceof RatePolicy;
    if (own != null && !rate) {
      throw new IllegalArgumentException("slowCall needs a rate policy (FailurePolicy.rate or "
          + "timedRate), was set on this connection (" + own + ") with " + failurePolicy
          + (policyFromDefaults ? " (from the defaults)" : ""));
    }
    SlowCall effective = own != null ? own : rate ? inherited : null;
    this.failurePolicy = failurePolicy;
    this.policyFromDefaults = policyFromDefaults;
    this.expiryStrategy = expiryStrategy;
    this.halfOpenTrials = halfOpenTrials;
    this.ownSlowCall = own;
    this.inheritedSlowCall = inherited;
    this.slowCallNanos = effective == null ? Nanos.NONE : Nanos.of(effective.threshold());
    this.slowCallRatePercent = effective == null ? 0 : effective.ratePercent();
    this.recordExceptions = record;
    this.ignoreExceptions = ignore;
    this.callTimeoutNanos = callTimeout == null ? Nanos.NONE : Nanos.of(callTimeout);
    this.maxAttempts = failurePolicy instanceof ConsecutivePolicy c ? c.maxAttempts() : 0;
  }

  /** The global defaults. */
  public static Settings of(BramaConfig c) {
    SlowCall slow = c.slowCallThreshold()
        .map(t -> new SlowCall(t, c.slowCallRatePercent())).orElse(null);
    return new Settings(c.failurePolicy(), true, c.expiryStrategy(), c.halfOpenTrials(), null,
        slow, c.recordExceptions(), c.ignoreExceptions(), c.callTimeout().orElse(null));
  }

  /**
   * These settings with every value that {@code overrides} sets replaced. A slowCall that
   * {@code overrides} sets becomes the connection's own.
   *
   * @throws IllegalArgumentException if the connection's own slowCall would meet a consecutive
   *     policy
   */
  public Settings with(ConnectionConfig o) {
    SlowCall own = o.slowCallThreshold()
        .map(t -> new SlowCall(t, o.slowCallRatePercent())).orElse(ownSlowCall);
    return new Settings(
        o.failurePolicy().orElse(failurePolicy),
        o.failurePolicy().isEmpty() && policyFromDefaults,
        o.expiryStrategy().orElse(expiryStrategy),
        o.halfOpenTrials().orElse(halfOpenTrials),
        own,
        inheritedSlowCall,
        o.recordExceptions().orElse(recordExceptions),
        o.ignoreExceptions().orElse(ignoreExceptions),
        o.callTimeout().orElse(callTimeoutNanos == Nanos.NONE ? null
            : Duration.ofNanos(callTimeoutNanos)));
  }

  /** A new window for a CLOSED generation, or null under the consecutive policy. */
  FailureWindow newWindow() {
    return failurePolicy instanceof RatePolicy r
        ? r.newWindow(slowCallNanos == Nanos.NONE ? 0 : slowCallRatePercent) : null;
  }

  /** Whether a new window is needed when these settings replace {@code old}. */
  boolean windowDiffers(Settings old) {
    return !failurePolicy.equals(old.failurePolicy) || slowCallNanos != old.slowCallNanos
        || slowCallRatePercent != old.slowCallRatePercent;
  }

  boolean measuresSlowCalls() {
    return slowCallNanos != Nanos.NONE;
  }

  /** The exception rules of the default error handler (see the README's table). */
  Outcome classify(Throwable error) {
    if (error == null) {
      return Outcome.success();
    }
    if (matches(ignoreExceptions, error)) {
      return Outcome.ignore();
    }
    if (recordExceptions.isEmpty() || matches(recordExceptions, error)) {
      return Outcome.failure(error);
    }
    return Outcome.success();
  }

  boolean hasExceptionRules() {
    return !recordExceptions.isEmpty() || !ignoreExceptions.isEmpty();
  }

  private static boolean matches(List<Class<? extends Throwable>> types, Throwable error) {
    for (Class<? extends Throwable> t : types) {
      if (t.isInstance(error)) {
        return true;
      }
    }
    return false;
  }
}
