package io.brama.internal;

import io.brama.ExpiryStrategy;
import java.time.Duration;

/** {@link ExpiryStrategy#fixed(Duration)}. */
public record FixedExpiry(Duration expiry) implements DeterministicExpiry {
  /** Validates {@code expiry > 0}. */
  public FixedExpiry {
    Require.positive(expiry, "expiry");
  }

  @Override
  public Duration expiryAfter(int consecutiveOpens) {
    Require.atLeast(consecutiveOpens, 1, "consecutiveOpens");
    return expiry;
  }

  @Override
  public String toString() {
    return "fixed(" + expiry + ")";
  }
}
