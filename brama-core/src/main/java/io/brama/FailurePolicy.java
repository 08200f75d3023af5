package io.brama;

import io.brama.internal.ConsecutivePolicy;
import io.brama.internal.CountRatePolicy;
import io.brama.internal.TimedRatePolicy;
import java.time.Duration;

/**
 * When a CLOSED circuit opens. Create one with the factories below; there are no other
 * implementations (the interface is sealed).
 *
 * <table>
 *   <caption>Policies and their Resilience4j equivalents</caption>
 *   <tr><th>Brama</th><th>Resilience4j</th></tr>
 *   <tr><td>{@code consecutive(n)} (default, n = 10)</td><td>none (a COUNT_BASED window of n
 *       with 100 % threshold comes closest)</td></tr>
 *   <tr><td>{@code rate(p, n, m)}</td><td>{@code slidingWindowType(COUNT_BASED)},
 *       {@code slidingWindowSize(n)}, {@code failureRateThreshold(p)},
 *       {@code minimumNumberOfCalls(m)}</td></tr>
 *   <tr><td>{@code timedRate(p, t, m)}</td><td>{@code slidingWindowType(TIME_BASED)},
 *       {@code slidingWindowSize(t in s)}, {@code failureRateThreshold(p)},
 *       {@code minimumNumberOfCalls(m)}</td></tr>
 * </table>
 */
public sealed interface FailurePolicy permits ConsecutivePolicy, RatePolicy {
  /**
   * Opens on the {@code maxAttempts}-th failure in a row; a success resets the count.
   *
   * @param maxAttempts the failures in a row that open the circuit; at least 1
   * @return the consecutive policy
   */
  static FailurePolicy consecutive(int maxAttempts) {
    return new ConsecutivePolicy(maxAttempts);
  }

  /**
   * Opens when, over the last {@code windowSize} completed calls, the failure rate (or the slow-call
   * rate, see {@code slowCall}) is at or above its threshold, and never before {@code minimumCalls}
   * calls are in the window.
   *
   * @param failureRatePercent in (0, 100]
   * @param windowSize 1 to 1,000,000 calls
   * @param minimumCalls 1 to {@code windowSize}
   * @return the count-window rate policy; {@link RatePolicy#slowCalls} adds a slow-call rule
   */
  static RatePolicy rate(double failureRatePercent, int windowSize, int minimumCalls) {
    return new CountRatePolicy(failureRatePercent, windowSize, minimumCalls);
  }

  /**
   * Like {@link #rate}, over the calls completed in the last {@code window}: the window is ten
   * buckets of {@code window / 10} plus the one filling now, advanced by the injected clock, so a call
   * ages out between {@code window} and {@code window + window / 10} after it completed.
   *
   * @param failureRatePercent in (0, 100]
   * @param window at least 10 ms
   * @param minimumCalls at least 1
   * @return the time-window rate policy; {@link RatePolicy#slowCalls} adds a slow-call rule
   */
  static RatePolicy timedRate(double failureRatePercent, Duration window, int minimumCalls) {
    return new TimedRatePolicy(failureRatePercent, window, minimumCalls);
  }
}
