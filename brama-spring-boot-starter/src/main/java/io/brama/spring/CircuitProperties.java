package io.brama.spring;

import java.time.Duration;
import java.util.List;

/**
 * The circuit settings that both {@code brama.*} (the defaults) and
 * {@code brama.connections[id].*} (one connection's overrides) accept. Unset values inherit: a
 * connection from the defaults, the defaults from {@code BramaConfig.defaults()}.
 */
public class CircuitProperties {
  /** Which rule opens a circuit. */
  public enum FailurePolicyKind {
    /** {@code max-attempts} failures in a row. */
    CONSECUTIVE,
    /** A failure rate over the last {@code window-size} calls. */
    RATE,
    /** A failure rate over the calls of the last {@code window-duration}. */
    TIMED_RATE
  }

  /** How long a circuit stays open. */
  public enum ExpiryStrategyKind {
    /** Always {@code expiry}. */
    FIXED,
    /** {@code initial-expiry}, multiplied by {@code backoff-factor} per consecutive open, capped. */
    PROGRESSIVE
  }

  /** Consecutive failures that open a circuit, at least 1 (default 10). */
  private Integer maxAttempts;

  /** Which rule opens a circuit (default consecutive). */
  private FailurePolicyKind failurePolicy;

  /** Rate policies: the failure rate in percent, in (0, 100], at which a circuit opens. */
  private Double failureRateThreshold;

  /** Rate policy: completed calls in the window, 1 to 1,000,000. */
  private Integer windowSize;

  /** Timed-rate policy: the window, at least 10 ms. */
  private Duration windowDuration;

  /** Rate policies: calls in the window before it can open (rate: default the window size). */
  private Integer minimumCalls;

  /** Rate policies: calls slower than this are slow. */
  private Duration slowCallThreshold;

  /** Rate policies: the slow-call rate in percent that opens (default 100; needs the threshold). */
  private Double slowCallRateThreshold;

  /** Exception types recorded as failures by the default error handler (default: all). */
  private List<Class<?>> recordExceptions;

  /** Exception types the default error handler ignores: neither success nor failure. */
  private List<Class<?>> ignoreExceptions;

  /** Timeout of async calls; a late call fails with TimeoutException. */
  private Duration callTimeout;

  /** How long an open circuit stays open (default fixed). */
  private ExpiryStrategyKind expiryStrategy;

  /** Fixed strategy: the open period (default 60s). */
  private Duration expiry;

  /** Progressive strategy: the first open period (required). */
  private Duration initialExpiry;

  /** Progressive strategy: the longest open period (required, at least initial-expiry). */
  private Duration maxExpiry;

  /** Progressive strategy: multiplier per consecutive open, at least 1 (default 2.0). */
  private Double backoffFactor;

  /** Random spread of each open period, a fraction in [0, 1), e.g. 0.2 for 20 %. */
  private Double expiryJitter;

  /** Trial calls admitted at once in HALF_OPEN, at least 1 (default 1). */
  private Integer halfOpenTrials;

  /** Unset properties: every value inherits. */
  public CircuitProperties() {}

  /**
   * Consecutive failures that open a circuit, at least 1 (default 10).
   *
   * @return the failures in a row that open a circuit, or null to inherit
   */
  public Integer getMaxAttempts() {
    return maxAttempts;
  }

  /**
   * Sets it: consecutive failures that open a circuit, at least 1 (default 10).
   *
   * @param maxAttempts the failures in a row that open a circuit, or null to inherit
   */
  public void setMaxAttempts(Integer maxAttempts) {
    this.maxAttempts = maxAttempts;
  }

  /**
   * Which rule opens a circuit (default consecutive).
   *
   * @return the failure policy, or null to inherit
   */
  public FailurePolicyKind getFailurePolicy() {
    return failurePolicy;
  }

  /**
   * Sets it: which rule opens a circuit (default consecutive).
   *
   * @param failurePolicy the failure policy, or null to inherit
   */
  public void setFailurePolicy(FailurePolicyKind failurePolicy) {
    this.failurePolicy = failurePolicy;
  }

  /**
   * Rate policies: the failure rate in percent, in (0, 100], at which a circuit opens.
   *
   * @return the failure rate in percent, or null to inherit
   */
  public Double getFailureRateThreshold() {
    return failureRateThreshold;
  }

  /**
   * Sets it: rate policies: the failure rate in percent, in (0, 100], at which a circuit opens.
   *
   * @param failureRateThreshold the failure rate in percent, or null to inherit
   */
  public void setFailureRateThreshold(Double failureRateThreshold) {
    this.failureRateThreshold = failureRateThreshold;
  }

  /**
   * Rate policy: completed calls in the window, 1 to 1,000,000.
   *
   * @return the number of calls in the window, or null to inherit
   */
  public Integer getWindowSize() {
    return windowSize;
  }

  /**
   * Sets it: rate policy: completed calls in the window, 1 to 1,000,000.
   *
   * @param windowSize the number of calls in the window, or null to inherit
   */
  public void setWindowSize(Integer windowSize) {
    this.windowSize = windowSize;
  }

  /**
   * Timed-rate policy: the window, at least 10 ms.
   *
   * @return the window, or null to inherit
   */
  public Duration getWindowDuration() {
    return windowDuration;
  }

  /**
   * Sets it: timed-rate policy: the window, at least 10 ms.
   *
   * @param windowDuration the window, or null to inherit
   */
  public void setWindowDuration(Duration windowDuration) {
    this.windowDuration = windowDuration;
  }

  /**
   * Rate policies: calls in the window before it can open (rate: default the window size).
   *
   * @return the minimum number of calls, or null to inherit
   */
  public Integer getMinimumCalls() {
    return minimumCalls;
  }

  /**
   * Sets it: rate policies: calls in the window before it can open (rate: default the window size).
   *
   * @param minimumCalls the minimum number of calls, or null to inherit
   */
  public void setMinimumCalls(Integer minimumCalls) {
    this.minimumCalls = minimumCalls;
  }

  /**
   * Rate policies: calls slower than this are slow.
   *
   * @return the slow-call threshold, or null to inherit
   */
  public Duration getSlowCallThreshold() {
    return slowCallThreshold;
  }

  /**
   * Sets it: rate policies: calls slower than this are slow.
   *
   * @param slowCallThreshold the slow-call threshold, or null to inherit
   */
  public void setSlowCallThreshold(Duration slowCallThreshold) {
    this.slowCallThreshold = slowCallThreshold;
  }

  /**
   * Rate policies: the slow-call rate in percent that opens (default 100; needs the threshold).
   *
   * @return the slow-call rate in percent, or null to inherit
   */
  public Double getSlowCallRateThreshold() {
    return slowCallRateThreshold;
  }

  /**
   * Sets it: rate policies: the slow-call rate in percent that opens (default 100; needs the
   * threshold).
   *
   * @param slowCallRateThreshold the slow-call rate in percent, or null to inherit
   */
  public void setSlowCallRateThreshold(Double slowCallRateThreshold) {
    this.slowCallRateThreshold = slowCallRateThreshold;
  }

  /**
   * Exception types recorded as failures by the default error handler (default: all).
   *
   * @return the exception types recorded as failures, or null to inherit
   */
  public List<Class<?>> getRecordExceptions() {
    return recordExceptions;
  }

  /**
   * Sets it: exception types recorded as failures by the default error handler (default: all).
   *
   * @param recordExceptions the exception types recorded as failures, or null to inherit
   */
  public void setRecordExceptions(List<Class<?>> recordExceptions) {
    this.recordExceptions = recordExceptions;
  }

  /**
   * Exception types the default error handler ignores: neither success nor failure.
   *
   * @return the exception types ignored, or null to inherit
   */
  public List<Class<?>> getIgnoreExceptions() {
    return ignoreExceptions;
  }

  /**
   * Sets it: exception types the default error handler ignores: neither success nor failure.
   *
   * @param ignoreExceptions the exception types ignored, or null to inherit
   */
  public void setIgnoreExceptions(List<Class<?>> ignoreExceptions) {
    this.ignoreExceptions = ignoreExceptions;
  }

  /**
   * Timeout of async calls; a late call fails with TimeoutException.
   *
   * @return the async call timeout, or null to inherit
   */
  public Duration getCallTimeout() {
    return callTimeout;
  }

  /**
   * Sets it: timeout of async calls; a late call fails with TimeoutException.
   *
   * @param callTimeout the async call timeout, or null to inherit
   */
  public void setCallTimeout(Duration callTimeout) {
    this.callTimeout = callTimeout;
  }

  /**
   * How long an open circuit stays open (default fixed).
   *
   * @return the expiry strategy, or null to inherit
   */
  public ExpiryStrategyKind getExpiryStrategy() {
    return expiryStrategy;
  }

  /**
   * Sets it: how long an open circuit stays open (default fixed).
   *
   * @param expiryStrategy the expiry strategy, or null to inherit
   */
  public void setExpiryStrategy(ExpiryStrategyKind expiryStrategy) {
    this.expiryStrategy = expiryStrategy;
  }

  /**
   * Fixed strategy: the open period (default 60s).
   *
   * @return the fixed open period, or null to inherit
   */
  public Duration getExpiry() {
    return expiry;
  }

  /**
   * Sets it: fixed strategy: the open period (default 60s).
   *
   * @param expiry the fixed open period, or null to inherit
   */
  public void setExpiry(Duration expiry) {
    this.expiry = expiry;
  }

  /**
   * Progressive strategy: the first open period (required).
   *
   * @return the first open period, or null to inherit
   */
  public Duration getInitialExpiry() {
    return initialExpiry;
  }

  /**
   * Sets it: progressive strategy: the first open period (required).
   *
   * @param initialExpiry the first open period, or null to inherit
   */
  public void setInitialExpiry(Duration initialExpiry) {
    this.initialExpiry = initialExpiry;
  }

  /**
   * Progressive strategy: the longest open period (required, at least initial-expiry).
   *
   * @return the longest open period, or null to inherit
   */
  public Duration getMaxExpiry() {
    return maxExpiry;
  }

  /**
   * Sets it: progressive strategy: the longest open period (required, at least initial-expiry).
   *
   * @param maxExpiry the longest open period, or null to inherit
   */
  public void setMaxExpiry(Duration maxExpiry) {
    this.maxExpiry = maxExpiry;
  }

  /**
   * Progressive strategy: multiplier per consecutive open, at least 1 (default 2.0).
   *
   * @return the multiplier per consecutive open, or null to inherit
   */
  public Double getBackoffFactor() {
    return backoffFactor;
  }

  /**
   * Sets it: progressive strategy: multiplier per consecutive open, at least 1 (default 2.0).
   *
   * @param backoffFactor the multiplier per consecutive open, or null to inherit
   */
  public void setBackoffFactor(Double backoffFactor) {
    this.backoffFactor = backoffFactor;
  }

  /**
   * Random spread of each open period, a fraction in [0, 1), e.g. 0.2 for 20 %.
   *
   * @return the jitter fraction, or null to inherit
   */
  public Double getExpiryJitter() {
    return expiryJitter;
  }

  /**
   * Sets it: random spread of each open period, a fraction in [0, 1), e.g. 0.2 for 20 %.
   *
   * @param expiryJitter the jitter fraction, or null to inherit
   */
  public void setExpiryJitter(Double expiryJitter) {
    this.expiryJitter = expiryJitter;
  }

  /**
   * Trial calls admitted at once in HALF_OPEN, at least 1 (default 1).
   *
   * @return the number of trial calls, or null to inherit
   */
  public Integer getHalfOpenTrials() {
    return halfOpenTrials;
  }

  /**
   * Sets it: trial calls admitted at once in HALF_OPEN, at least 1 (default 1).
   *
   * @param halfOpenTrials the number of trial calls, or null to inherit
   */
  public void setHalfOpenTrials(Integer halfOpenTrials) {
    this.halfOpenTrials = halfOpenTrials;
  }
}
