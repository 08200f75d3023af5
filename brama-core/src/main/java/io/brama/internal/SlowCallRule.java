package io.brama.internal;

import java.time.Duration;

/** A slow-call rule: calls slower than {@code threshold} are slow; {@code ratePercent} of them open. */
public record SlowCallRule(Duration threshold, double ratePercent) {
  public SlowCallRule {
    Require.positive(threshold, "threshold");
    Require.percent(ratePercent, "slowRatePercent");
  }

  @Override
  public String toString() {
    return threshold + " at " + ratePercent + "%";
  }
}
