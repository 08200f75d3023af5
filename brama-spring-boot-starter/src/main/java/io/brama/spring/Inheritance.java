package io.brama.spring;

import io.brama.spring.CircuitProperties.ExpiryStrategyKind;
import io.brama.spring.CircuitProperties.FailurePolicyKind;

/**
 * What a connection's settings mean once the defaults fill its gaps: a connection that sets only
 * part of a failure policy or an expiry strategy ({@code failure-rate-threshold: 20} under
 * {@code brama.failure-policy: rate}) takes the rest from {@code brama.*}, when both use the same
 * kind; a connection that names another kind sets that kind's values itself (a fixed period it
 * does not give is the core's default).
 */
final class Inheritance {
  private Inheritance() {}

  static CircuitProperties of(CircuitProperties defaults, CircuitProperties c) {
    CircuitProperties e = copy(c);
    boolean ratePart = c.getFailureRateThreshold() != null || c.getWindowSize() != null
        || c.getWindowDuration() != null || c.getMinimumCalls() != null;
    if (c.getFailurePolicy() == null && ratePart) {
      e.setFailurePolicy(defaults.getFailurePolicy());
    }
    FailurePolicyKind policy = e.getFailurePolicy();
    if (policy != null && policy != FailurePolicyKind.CONSECUTIVE
        && policy == defaults.getFailurePolicy()) {
      e.setFailureRateThreshold(or(c.getFailureRateThreshold(),
          defaults.getFailureRateThreshold()));
      e.setWindowSize(or(c.getWindowSize(), defaults.getWindowSize()));
      e.setWindowDuration(or(c.getWindowDuration(), defaults.getWindowDuration()));
      e.setMinimumCalls(or(c.getMinimumCalls(), defaults.getMinimumCalls()));
    }
    boolean progressivePart = c.getInitialExpiry() != null || c.getMaxExpiry() != null
        || c.getBackoffFactor() != null;
    if (c.getExpiryStrategy() == null && (progressivePart || c.getExpiryJitter() != null)) {
      e.setExpiryStrategy(defaults.getExpiryStrategy());
    }
    ExpiryStrategyKind expiry = e.getExpiryStrategy();
    if (expiry == ExpiryStrategyKind.PROGRESSIVE
        && defaults.getExpiryStrategy() == ExpiryStrategyKind.PROGRESSIVE) {
      e.setInitialExpiry(or(c.getInitialExpiry(), defaults.getInitialExpiry()));
      e.setMaxExpiry(or(c.getMaxExpiry(), defaults.getMaxExpiry()));
      e.setBackoffFactor(or(c.getBackoffFactor(), defaults.getBackoffFactor()));
    } else if (expiry != ExpiryStrategyKind.PROGRESSIVE && c.getExpiry() == null
        && defaults.getExpiryStrategy() != ExpiryStrategyKind.PROGRESSIVE
        && (c.getExpiryJitter() != null || expiry == ExpiryStrategyKind.FIXED)) {
      e.setExpiry(defaults.getExpiry()); // null: the core's default, as for brama.* itself
    }
    return e;
  }

  private static <T> T or(T value, T fallback) {
    return value != null ? value : fallback;
  }

  private static CircuitProperties copy(CircuitProperties c) {
    CircuitProperties e = new CircuitProperties();
    e.setMaxAttempts(c.getMaxAttempts());
    e.setFailurePolicy(c.getFailurePolicy());
    e.setFailureRateThreshold(c.getFailureRateThreshold());
    e.setWindowSize(c.getWindowSize());
    e.setWindowDuration(c.getWindowDuration());
    e.setMinimumCalls(c.getMinimumCalls());
    e.setSlowCallThreshold(c.getSlowCallThreshold());
    e.setSlowCallRateThreshold(c.getSlowCallRateThreshold());
    e.setRecordExceptions(c.getRecordExceptions());
    e.setIgnoreExceptions(c.getIgnoreExceptions());
    e.setCallTimeout(c.getCallTimeout());
    e.setExpiryStrategy(c.getExpiryStrategy());
    e.setExpiry(c.getExpiry());
    e.setInitialExpiry(c.getInitialExpiry());
    e.setMaxExpiry(c.getMaxExpiry());
    e.setBackoffFactor(c.getBackoffFactor());
    e.setExpiryJitter(c.getExpiryJitter());
    e.setHalfOpenTrials(c.getHalfOpenTrials());
    return e;
  }
}
