package io.brama;

import io.brama.internal.CountRatePolicy;
import io.brama.internal.TimedRatePolicy;
import java.time.Duration;

/**
 * A failure policy that decides from a window of recent calls: {@link FailurePolicy#rate} or
 * {@link FailurePolicy#timedRate}. It may carry its own slow-call rule, which then travels with the
 * policy wherever it is configured.
 */
public sealed interface RatePolicy extends FailurePolicy permits CountRatePolicy, TimedRatePolicy {
  /**
   * This policy with a slow-call rule: calls slower than {@code threshold} are slow, and the circuit
   * also opens when the slow-call rate in the window reaches {@code ratePercent}. A
   * {@code slowCall(threshold, ratePercent)} set on the same {@code BramaConfig} or
   * {@code ConnectionConfig} takes precedence.
   *
   * @param threshold a call slower than this is slow; positive
   * @param ratePercent in (0, 100]
   * @return a new policy; this one is unchanged
   */
  RatePolicy slowCalls(Duration threshold, double ratePercent);
}
