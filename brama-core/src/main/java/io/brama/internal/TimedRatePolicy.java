package io.brama.internal;

import io.brama.FailurePolicy;
import java.time.Duration;

/** {@link FailurePolicy#timedRate(double, Duration, int)}: the calls completed in the last window. */
public record TimedRatePolicy(double failureRatePercent, Duration window, int minimumCalls)
    implements FailurePolicy, RatePolicy {
  /** The shortest window: its buckets are at least a millisecond wide. */
  public static final Duration MIN_WINDOW = Duration.ofMillis(10);

  /** Validates the ranges; messages name the field, its range and the value. */
  public TimedRatePolicy {
    Require.percent(failureRatePercent, "failureRatePercent");
    Require.atLeast(window, MIN_WINDOW, "window");
    Require.atLeast(minimumCalls, 1, "minimumCalls");
  }

  @Override
  public FailureWindow newWindow(double slowCallRatePercent) {
    return new TimedWindow(this, slowCallRatePercent);
  }

  @Override
  public String toString() {
    return "timedRate(" + failureRatePercent + "%, last " + window + ", minimum " + minimumCalls
        + ")";
  }
}
