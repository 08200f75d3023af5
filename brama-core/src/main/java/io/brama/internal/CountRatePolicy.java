package io.brama.internal;

import io.brama.FailurePolicy;

/** {@link FailurePolicy#rate(double, int, int)}: the last {@code windowSize} completed calls. */
public record CountRatePolicy(double failureRatePercent, int windowSize, int minimumCalls)
    implements FailurePolicy, RatePolicy {
  /** The largest window: its counts are packed in one {@code long}. */
  public static final int MAX_WINDOW_SIZE = 1_000_000;

  /** Validates the ranges; messages name the field, its range and the value. */
  public CountRatePolicy {
    Require.percent(failureRatePercent, "failureRatePercent");
    Require.between(windowSize, 1, MAX_WINDOW_SIZE, "windowSize");
    Require.between(minimumCalls, 1, windowSize, "minimumCalls");
  }

  @Override
  public FailureWindow newWindow(double slowCallRatePercent) {
    return new CountWindow(this, slowCallRatePercent);
  }

  @Override
  public String toString() {
    return "rate(" + failureRatePercent + "%, last " + windowSize + " calls, minimum "
        + minimumCalls + ")";
  }
}
