package io.brama;

import io.brama.internal.FixedExpiry;
import io.brama.internal.JitteredExpiry;
import io.brama.internal.ProgressiveExpiry;
import io.brama.internal.Require;
import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * How long a circuit stays OPEN before it turns HALF_OPEN.
 *
 * <p>Called once per open, with the number of consecutive opens since the circuit was last closed
 * (1 for the first). A null or non-positive result is logged and the connection's last valid expiry is
 * used instead.
 */
@FunctionalInterface
public interface ExpiryStrategy {
  /**
   * The open period for the {@code consecutiveOpens}-th consecutive open.
   *
   * @param consecutiveOpens 1 for the first open since the circuit was last closed
   * @return how long the circuit stays OPEN
   */
  Duration expiryAfter(int consecutiveOpens);

  /**
   * This strategy's duration moved uniformly at random within plus or minus {@code fraction} of it
   * (never below 1 ms), so that a fleet's half-open probes do not arrive in lockstep.
   *
   * @param fraction in [0, 1), e.g. 0.2 for plus or minus 20 %
   * @return the jittered strategy
   */
  default ExpiryStrategy withJitter(double fraction) {
    return new JitteredExpiry(this, fraction, null);
  }

  /**
   * As {@link #withJitter(double)}, drawing from {@code random} (for reproducible tests).
   *
   * @param fraction in [0, 1), as for {@link #withJitter(double)}
   * @param random the source of the random offsets
   * @return the jittered strategy
   */
  default ExpiryStrategy withJitter(double fraction, RandomGenerator random) {
    Require.notNull(random, "random");
    return new JitteredExpiry(this, fraction, random);
  }

  /**
   * Always {@code expiry}.
   *
   * @param expiry the open period; positive
   * @return the fixed strategy
   */
  static ExpiryStrategy fixed(Duration expiry) {
    return new FixedExpiry(expiry);
  }

  /**
   * {@code min(maxExpiry, initialExpiry * backoffFactor^(n-1))} for the n-th consecutive open: with
   * (5 s, 5 min, 2.0) that is 5 s, 10 s, 20 s, 40 s ... capped at 5 min, back to 5 s after a close.
   *
   * @param initialExpiry the first open period
   * @param maxExpiry the longest open period
   * @param backoffFactor the factor from one open period to the next; at least 1
   * @return the progressive strategy
   * @throws IllegalArgumentException if a duration is not positive, {@code maxExpiry < initialExpiry}
   *     or {@code backoffFactor < 1}
   */
  static ExpiryStrategy progressive(Duration initialExpiry, Duration maxExpiry, double backoffFactor) {
    return new ProgressiveExpiry(initialExpiry, maxExpiry, backoffFactor);
  }
}
