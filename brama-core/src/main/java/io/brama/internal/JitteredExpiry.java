package io.brama.internal;

import io.brama.ExpiryStrategy;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;

/**
 * {@link ExpiryStrategy#withJitter(double)}: the base strategy's duration, moved uniformly at random
 * within plus or minus {@code fraction} of it, never below 1 ms.
 */
public record JitteredExpiry(ExpiryStrategy base, double fraction, RandomGenerator random)
    implements ExpiryStrategy {
  private static final long MIN_NANOS = 1_000_000;

  /** Validates; a null {@code random} means {@link ThreadLocalRandom}. */
  public JitteredExpiry {
    Require.notNull(base, "base");
    Require.fraction(fraction, "fraction");
  }

  @Override
  public Duration expiryAfter(int consecutiveOpens) {
    Duration d = base.expiryAfter(consecutiveOpens);
    if (d == null || d.isNegative() || d.isZero()) {
      return d; // invalid: reported by the engine, which then uses the last valid expiry
    }
    RandomGenerator r = random == null ? ThreadLocalRandom.current() : random;
    double factor = 1 + fraction * (2 * r.nextDouble() - 1);
    double nanos = Nanos.of(d) * factor;
    long jittered = nanos >= Long.MAX_VALUE ? Long.MAX_VALUE : Math.round(nanos);
    return Duration.ofNanos(Math.max(MIN_NANOS, jittered));
  }

  @Override
  public String toString() {
    return base + ".withJitter(" + fraction + ")";
  }
}
