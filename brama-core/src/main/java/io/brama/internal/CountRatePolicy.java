package io.brama.internal;

import io.brama.FailurePolicy;
import io.brama.RatePolicy;
import java.time.Duration;

/**
 * {@link FailurePolicy#rate(double, int, int)}: the last {@code windowSize} completed calls.
 *
 * @param slowCalls the policy's own slow-call rule, or null
 */
public record CountRatePolicy(double failureRatePercent, int windowSize, int minimumCalls,
    SlowCallRule slowCalls) implements RatePolicy, WindowRules {
  /** The largest window: its counts are packed in one {@code long}. */
  public static final int MAX_WINDOW_SIZE = 1_000_000;

  /** Validates the ranges; messages name the field, its range and the value. */
  public CountRatePolicy {
    Require.percent(failureRatePercent, "failureRatePercent");
    Require.between(windowSize, 1, MAX_WINDOW_SIZE, "windowSize");
    Require.between(minimumCalls, 1, windowSize, "minimumCalls");
  }

  /** Without a slow-call rule of its own. */
  public CountRatePolicy(double failureRatePercent, int windowSize, int minimumCalls) {
    this(failureRatePercent, windowSize, minimumCalls, null);
  }

  @Override
  public RatePolicy slowCalls(Duration threshold, double ratePercent) {
    return new CountRatePolicy(failureRatePercent, windowSize, minimumCalls,
        new SlowCallRule(threshold, ratePercent));
  }

  @Override
  public Tracker newTracker(SlowCallRule slow) {
    return new CountWindow(this, slow);
  }

  @Override
  public String toString() {
    return "rate(" + failureRatePercent + "%, last " + windowSize + " calls, minimum "
        + minimumCalls + (slowCalls == null ? "" : ", slow calls " + slowCalls) + ")";
  }
}
