package io.brama.internal;

import io.brama.BramaConfig;
import io.brama.ConnectionConfig;
import io.brama.ExpiryStrategy;
import io.brama.FailurePolicy;
import io.brama.Outcome;
import java.time.Duration;
import java.util.List;

/** A connection's effective configuration: its overrides applied over the global defaults. */
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

  private Settings(FailurePolicy failurePolicy, ExpiryStrategy expiryStrategy, int halfOpenTrials,
      Duration slowCall, double slowCallRatePercent, List<Class<? extends Throwable>> record,
      List<Class<? extends Throwable>> ignore, Duration callTimeout) {
    this.failurePolicy = failurePolicy;
    this.expiryStrategy = expiryStrategy;
    this.halfOpenTrials = halfOpenTrials;
    this.slowCallNanos = slowCall == null ? Nanos.NONE : Nanos.of(slowCall);
    this.slowCallRatePercent = slowCallRatePercent;
    this.recordExceptions = record;
    this.ignoreExceptions = ignore;
    this.callTimeoutNanos = callTimeout == null ? Nanos.NONE : Nanos.of(callTimeout);
    this.maxAttempts = failurePolicy instanceof ConsecutivePolicy c ? c.maxAttempts() : 0;
    if (slowCall != null && !(failurePolicy instanceof RatePolicy)) {
      throw new IllegalArgumentException("slowCall needs a rate policy (FailurePolicy.rate or "
          + "timedRate), was configured with " + failurePolicy);
    }
  }

  /** The global defaults. */
  public static Settings of(BramaConfig c) {
    return new Settings(c.failurePolicy(), c.expiryStrategy(), c.halfOpenTrials(),
        c.slowCallThreshold().orElse(null), c.slowCallRatePercent(), c.recordExceptions(),
        c.ignoreExceptions(), c.callTimeout().orElse(null));
  }

  /**
   * These settings with every value that {@code overrides} sets replaced.
   *
   * @throws IllegalArgumentException if the result sets slow calls under the consecutive policy
   */
  public Settings with(ConnectionConfig o) {
    Duration slow = o.slowCallThreshold().orElse(slowCallNanos == Nanos.NONE ? null
        : Duration.ofNanos(slowCallNanos));
    return new Settings(
        o.failurePolicy().orElse(failurePolicy),
        o.expiryStrategy().orElse(expiryStrategy),
        o.halfOpenTrials().orElse(halfOpenTrials),
        slow,
        o.slowCallThreshold().isPresent() ? o.slowCallRatePercent() : slowCallRatePercent,
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
