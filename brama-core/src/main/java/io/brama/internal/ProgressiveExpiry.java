package io.brama.internal;

import io.brama.ExpiryStrategy;
import java.time.Duration;

/** {@link ExpiryStrategy#progressive(Duration, Duration, double)}. */
public record ProgressiveExpiry(Duration initialExpiry, Duration maxExpiry, double backoffFactor)
    implements DeterministicExpiry {

  /** Validates the arguments; messages name the field, its range and the value. */
  public ProgressiveExpiry {
    Require.positive(initialExpiry, "initialExpiry");
    Require.positive(maxExpiry, "maxExpiry");
    if (maxExpiry.compareTo(initialExpiry) < 0) {
      throw new IllegalArgumentException(
          "maxExpiry must be >= initialExpiry (" + initialExpiry + "), was " + maxExpiry);
    }
    Require.atLeast(backoffFactor, 1.0, "backoffFactor");
  }

  @Override
  public Duration expiryAfter(int consecutiveOpens) {
    Require.atLeast(consecutiveOpens, 1, "consecutiveOpens");
    if (backoffFactor == 1.0 || consecutiveOpens == 1) {
      return initialExpiry.compareTo(maxExpiry) <= 0 ? initialExpiry : maxExpiry;
    }
    // Double arithmetic saturates to infinity instead of overflowing; the cap then applies.
    double nanos = Nanos.of(initialExpiry) * Math.pow(backoffFactor, consecutiveOpens - 1.0);
    if (!(nanos < Nanos.of(maxExpiry))) {
      return maxExpiry;
    }
    return Duration.ofNanos(Math.round(nanos));
  }

  @Override
  public String toString() {
    return "progressive(" + initialExpiry + ", " + maxExpiry + ", " + backoffFactor + ")";
  }
}
