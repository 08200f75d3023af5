package io.brama.internal;

import io.brama.ConsecutiveStatus;
import io.brama.PolicyStatus;

/**
 * The consecutive policy's count, kept in the CLOSED state itself (immutable, swapped with it), so
 * that "the n-th failure in a row opens" holds exactly under any interleaving.
 */
final class ConsecutiveTracker extends Tracker {
  private final int maxAttempts;
  private final int count;
  /** The empty tracker of this threshold (itself when empty): a reset allocates nothing. */
  private final ConsecutiveTracker zero;
  /** The tracker at the threshold (the one that opens), made once with the empty one. */
  private final ConsecutiveTracker reached;

  ConsecutiveTracker(int maxAttempts) {
    this.maxAttempts = maxAttempts;
    this.count = 0;
    this.zero = this;
    this.reached = new ConsecutiveTracker(this, maxAttempts);
  }

  private ConsecutiveTracker(ConsecutiveTracker zero, int count) {
    this.maxAttempts = zero.maxAttempts;
    this.count = count;
    this.zero = zero;
    this.reached = null;
  }

  @Override
  int record(boolean failure, boolean slow, TimeSource time) {
    return failure || count != 0 ? COUNTED : QUIET;
  }

  @Override
  Tracker after(Tracker recordedOn, boolean failure, int verdict) {
    if (!failure) {
      return zero;
    }
    return count + 1 == maxAttempts ? zero.reached : new ConsecutiveTracker(zero, count + 1);
  }

  @Override
  boolean opens(int verdict) {
    return reached();
  }

  @Override
  boolean reached() {
    return count >= maxAttempts;
  }

  @Override
  Object openReason(long now, Object failureReason) {
    return failureReason;
  }

  @Override
  Tracker fresh() {
    return zero;
  }

  @Override
  boolean successIsQuiet() {
    return count == 0;
  }

  @Override
  PolicyStatus status(long now) {
    return new ConsecutiveStatus(count, maxAttempts);
  }

  @Override
  int consecutiveFailures() {
    return count;
  }

  @Override
  Tracker reconfigured(Settings next) {
    Tracker fresh = next.newTracker();
    if (fresh instanceof ConsecutiveTracker c && count != 0) {
      return new ConsecutiveTracker(c, count); // the count survives a new threshold
    }
    return fresh;
  }
}
