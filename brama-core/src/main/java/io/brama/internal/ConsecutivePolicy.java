package io.brama.internal;

import io.brama.FailurePolicy;

/** {@link FailurePolicy#consecutive(int)}: counted in the CLOSED state, no window. */
public record ConsecutivePolicy(int maxAttempts) implements FailurePolicy, PolicyRules {
  /** Validates {@code maxAttempts >= 1}. */
  public ConsecutivePolicy {
    Require.atLeast(maxAttempts, 1, "maxAttempts");
  }

  @Override
  public Tracker newTracker(SlowCallRule slowCalls) {
    return new ConsecutiveTracker(maxAttempts);
  }

  @Override
  public SlowCallRule slowCalls() {
    return null;
  }

  @Override
  public io.brama.PolicyStatus emptyStatus() {
    return new io.brama.ConsecutiveStatus(0, maxAttempts);
  }

  @Override
  public boolean sharesEmptyTracker() {
    return true;
  }

  @Override
  public boolean countsSlowCalls() {
    return false;
  }

  @Override
  public int consecutiveThreshold() {
    return maxAttempts;
  }

  @Override
  public String toString() {
    return "consecutive(" + maxAttempts + ")";
  }
}
