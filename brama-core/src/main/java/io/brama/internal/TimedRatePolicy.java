package io.brama.internal;

import io.brama.FailurePolicy;
import io.brama.RatePolicy;
import java.time.Duration;

/**
 * {@link FailurePolicy#timedRate(double, Duration, int)}: the calls completed in the last window.
 *
 * @param slowCalls the policy's own slow-call rule, or null
 */
public record TimedRatePolicy(double failureRatePercent, Duration window, int minimumCalls,
    SlowCallRule slowCalls) implements RatePolicy, WindowRules {
  /** The shortest window: its buckets are at least a millisecond wide. */
  public static final Duration MIN_WINDOW = Duration.ofMillis(10);

  /** Validates the ranges; messages name the field, its range and the value. */
  public TimedRatePolicy {
    Require.percent(failureRatePercent, "failureRatePercent");
    Require.atLeast(window, MIN_WINDOW, "window");
    Require.atLeast(minimumCalls, 1, "minimumCalls");
  }

  /** Without a slow-call rule of its own. */
  public TimedRatePolicy(double failureRatePercent, Duration window, int minimumCalls) {
    this(failureRatePercent, window, minimumCalls, null);
  }

  @Override
  public RatePolicy slowCalls(Duration threshold, double ratePercent) {
    return new TimedRatePolicy(failureRatePercent, window, minimumCalls,
        new SlowCallRule(threshold, ratePercent));
  }

  @Override
  public Tracker newTracker(SlowCallRule slow) {
    return new TimedWindow(this, slow);
  }

  @Override
  public String toString() {
    return "timedRate(" + failureRatePercent + "%, last " + window + ", minimum " + minimumCalls
        + (slowCalls == null ? "" : ", slow calls " + slowCalls) + ")";
  }
}
