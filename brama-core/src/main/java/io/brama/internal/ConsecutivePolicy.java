package io.brama.internal;

import io.brama.FailurePolicy;

/** {@link FailurePolicy#consecutive(int)}: counted in the snapshot, no window. */
public record ConsecutivePolicy(int maxAttempts) implements FailurePolicy {
  /** Validates {@code maxAttempts >= 1}. */
  public ConsecutivePolicy {
    Require.atLeast(maxAttempts, 1, "maxAttempts");
  }

  @Override
  public String toString() {
    return "consecutive(" + maxAttempts + ")";
  }
}
